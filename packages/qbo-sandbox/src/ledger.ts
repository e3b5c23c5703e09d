// The books behind the documents. Every transaction's effect on balances (accounts, vendors,
// customers, open bills and invoices) is a pure function of the transaction's current state. A write
// applies effects(new) − effects(old), so create, update, void and delete share one code path and a
// void or delete reverses exactly what the transaction did, to the cent.

import { ACCOUNT_CLASSIFICATION } from './entities'
import { faults } from './faults'
import { centsOf, toMoney } from './money'
import type { RealmStore } from './store'
import { formatQboTime } from './time'
import type { EntityName, QboRecord } from './types'

type Party = 'Vendor' | 'Customer'
type OpenDoc = 'Bill' | 'Invoice'

export type Effect =
  | { kind: 'account'; id: string; cents: number }
  | { kind: 'party'; entity: Party; id: string; cents: number }
  | { kind: 'open'; entity: OpenDoc; id: string; cents: number }
  | { kind: 'link'; entity: OpenDoc; id: string; TxnId: string; TxnType: string }

export const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined

export const refId = (v: unknown): string | undefined => {
  const value = asObject(v)?.value
  return typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined
}

export const linesOf = (rec: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(rec.Line) ? (rec.Line.map(asObject).filter(Boolean) as Record<string, unknown>[]) : []

export function linkedTxns(line: Record<string, unknown>): { TxnId: string; TxnType: string }[] {
  if (!Array.isArray(line.LinkedTxn)) return []
  const out: { TxnId: string; TxnType: string }[] = []
  for (const l of line.LinkedTxn) {
    const o = asObject(l)
    if (o && o.TxnId !== undefined && typeof o.TxnType === 'string')
      out.push({ TxnId: String(o.TxnId), TxnType: o.TxnType })
  }
  return out
}

export function classificationOf(account: QboRecord): string | undefined {
  const c = account.Classification
  if (typeof c === 'string') return c
  return typeof account.AccountType === 'string' ? ACCOUNT_CLASSIFICATION[account.AccountType] : undefined
}

function firstAccount(store: RealmStore, pred: (a: QboRecord) => boolean): QboRecord | undefined {
  for (const a of store.rows('Account')) if (a.Active !== false && pred(a)) return a
  for (const a of store.rows('Account')) if (pred(a)) return a
  return undefined
}

export const defaultAccounts = {
  payable: (store: RealmStore) => firstAccount(store, (a) => a.AccountType === 'Accounts Payable'),
  receivable: (store: RealmStore) => firstAccount(store, (a) => a.AccountType === 'Accounts Receivable'),
  undeposited: (store: RealmStore) =>
    firstAccount(store, (a) => a.AccountSubType === 'UndepositedFunds' || a.Name === 'Undeposited Funds')
}

export function billPaymentLinkType(bp: Record<string, unknown>): string {
  return bp.PayType === 'CreditCard' ? 'BillPaymentCreditCard' : 'BillPaymentCheck'
}

/** The balance effects of one transaction in its current state (a debit of `cents` to an account). */
export function effectsOf(entity: EntityName, rec: Record<string, unknown>, store: RealmStore): Effect[] {
  const out: Effect[] = []
  const total = centsOf(rec.TotalAmt)
  const debit = (id: string | undefined, cents: number): void => {
    if (id && cents !== 0) out.push({ kind: 'account', id, cents })
  }
  const party = (entity: Party, ref: unknown, cents: number): void => {
    const id = refId(ref)
    if (id && cents !== 0) out.push({ kind: 'party', entity, id, cents })
  }
  // Expense lines may post to balance-sheet accounts too: paying the credit card is a check whose
  // line is the card account, buying equipment lands on a fixed asset.
  const expenseLines = (sign: 1 | -1): void => {
    for (const line of linesOf(rec)) {
      const detail = asObject(line.AccountBasedExpenseLineDetail)
      if (line.DetailType === 'AccountBasedExpenseLineDetail' && detail)
        debit(refId(detail.AccountRef), sign * centsOf(line.Amount))
    }
  }
  const ap = (): string | undefined => refId(rec.APAccountRef) ?? defaultAccounts.payable(store)?.Id
  const ar = (): string | undefined => refId(rec.ARAccountRef) ?? defaultAccounts.receivable(store)?.Id

  switch (entity) {
    case 'Bill':
      debit(ap(), -total)
      expenseLines(1)
      party('Vendor', rec.VendorRef, total)
      break
    case 'VendorCredit':
      debit(ap(), total)
      expenseLines(-1)
      party('Vendor', rec.VendorRef, -total)
      break
    case 'Invoice':
      debit(ar(), total)
      party('Customer', rec.CustomerRef, total)
      break
    case 'CreditMemo':
      debit(ar(), -total)
      party('Customer', rec.CustomerRef, -total)
      break
    case 'Payment': {
      debit(ar(), -total)
      party('Customer', rec.CustomerRef, -total)
      debit(refId(rec.DepositToAccountRef) ?? defaultAccounts.undeposited(store)?.Id, total)
      for (const line of linesOf(rec)) {
        const link = linkedTxns(line).find((l) => l.TxnType === 'Invoice')
        if (!link) continue
        out.push({ kind: 'open', entity: 'Invoice', id: link.TxnId, cents: -centsOf(line.Amount) })
        out.push({
          kind: 'link',
          entity: 'Invoice',
          id: link.TxnId,
          TxnId: String(rec.Id),
          TxnType: 'Payment'
        })
      }
      break
    }
    case 'BillPayment': {
      debit(ap(), total)
      party('Vendor', rec.VendorRef, -total)
      const source =
        rec.PayType === 'CreditCard'
          ? refId(asObject(rec.CreditCardPayment)?.CCAccountRef)
          : refId(asObject(rec.CheckPayment)?.BankAccountRef)
      debit(source, -total)
      for (const line of linesOf(rec)) {
        const link = linkedTxns(line).find((l) => l.TxnType === 'Bill')
        if (!link) continue
        out.push({ kind: 'open', entity: 'Bill', id: link.TxnId, cents: -centsOf(line.Amount) })
        out.push({
          kind: 'link',
          entity: 'Bill',
          id: link.TxnId,
          TxnId: String(rec.Id),
          TxnType: billPaymentLinkType(rec)
        })
      }
      break
    }
    case 'Purchase': {
      // A refund (Credit: true) runs the other way.
      const sign = rec.Credit === true ? -1 : 1
      debit(refId(rec.AccountRef), -sign * total)
      expenseLines(sign)
      break
    }
    case 'Deposit': {
      debit(refId(rec.DepositToAccountRef), total)
      for (const line of linesOf(rec)) {
        const amount = centsOf(line.Amount)
        const source =
          linkedTxns(line).length > 0
            ? defaultAccounts.undeposited(store)?.Id
            : refId(asObject(line.DepositLineDetail)?.AccountRef)
        debit(source, -amount)
      }
      break
    }
    default:
      break
  }
  return out
}

const linkKey = (e: Extract<Effect, { kind: 'link' }>): string =>
  `${e.entity}|${e.id}|${e.TxnId}|${e.TxnType}`

interface Touch {
  entity: EntityName
  id: string
  balance: number
  links: { add: { TxnId: string; TxnType: string }[]; remove: { TxnId: string; TxnType: string }[] }
}

/**
 * Validates and returns a commit function for effects(next) − effects(prev). Nothing changes until
 * the returned function runs, so a rejected write leaves every balance as it was.
 */
export function prepareEffects(store: RealmStore, prev: Effect[], next: Effect[]): (nowMs: number) => void {
  const touches = new Map<string, Touch>()
  const touch = (entity: EntityName, id: string): Touch => {
    const key = `${entity}|${id}`
    let t = touches.get(key)
    if (!t) {
      t = { entity, id, balance: 0, links: { add: [], remove: [] } }
      touches.set(key, t)
    }
    return t
  }
  const accumulate = (e: Effect, sign: 1 | -1): void => {
    if (e.kind === 'account') {
      const account = store.get('Account', e.id)
      if (!account) return
      const cls = classificationOf(account)
      // Income and expense accounts carry no running balance in QBO; only balance-sheet accounts do.
      if (cls === 'Asset') touch('Account', e.id).balance += sign * e.cents
      else if (cls === 'Liability' || cls === 'Equity') touch('Account', e.id).balance -= sign * e.cents
    } else if (e.kind === 'party' || e.kind === 'open') {
      touch(e.entity, e.id).balance += sign * e.cents
    }
  }
  for (const e of prev) accumulate(e, -1)
  for (const e of next) accumulate(e, 1)

  const prevLinks = new Map(prev.filter((e) => e.kind === 'link').map((e) => [linkKey(e as never), e]))
  const nextLinks = new Map(next.filter((e) => e.kind === 'link').map((e) => [linkKey(e as never), e]))
  for (const [k, e] of prevLinks) {
    if (!nextLinks.has(k) && e.kind === 'link')
      touch(e.entity, e.id).links.remove.push({ TxnId: e.TxnId, TxnType: e.TxnType })
  }
  for (const [k, e] of nextLinks) {
    if (!prevLinks.has(k) && e.kind === 'link')
      touch(e.entity, e.id).links.add.push({ TxnId: e.TxnId, TxnType: e.TxnType })
  }

  for (const t of touches.values()) {
    if (t.entity !== 'Bill' && t.entity !== 'Invoice') continue
    const doc = store.get(t.entity, t.id)
    if (!doc) {
      if (t.balance < 0 || t.links.add.length > 0) throw faults.notFound('Line.LinkedTxn')
      continue
    }
    const open = centsOf(doc.Balance) + t.balance
    if (open < 0) {
      throw faults.business(
        `The amount applied to ${t.entity} ${t.id} (${toMoney(centsOf(doc.Balance) - open).toFixed(2)}) is more than its open balance (${toMoney(centsOf(doc.Balance)).toFixed(2)}).`,
        'Line.Amount'
      )
    }
  }

  return (nowMs: number) => {
    const stamp = formatQboTime(nowMs)
    for (const t of touches.values()) {
      if (t.balance === 0 && t.links.add.length === 0 && t.links.remove.length === 0) continue
      const current = store.get(t.entity, t.id)
      if (!current) continue
      const rec = structuredClone(current)
      if (t.entity === 'Account') {
        rec.CurrentBalance = toMoney(centsOf(rec.CurrentBalance) + t.balance)
        rec.CurrentBalanceWithSubAccounts = toMoney(centsOf(rec.CurrentBalanceWithSubAccounts) + t.balance)
        rollUpToParents(store, rec, t.balance, nowMs)
      } else if (t.entity === 'Vendor') {
        rec.Balance = toMoney(centsOf(rec.Balance) + t.balance)
      } else if (t.entity === 'Customer') {
        rec.Balance = toMoney(centsOf(rec.Balance) + t.balance)
        if ('BalanceWithJobs' in rec) rec.BalanceWithJobs = toMoney(centsOf(rec.BalanceWithJobs) + t.balance)
      } else {
        rec.Balance = toMoney(centsOf(rec.Balance) + t.balance)
        let links = Array.isArray(rec.LinkedTxn)
          ? (rec.LinkedTxn as { TxnId: string; TxnType: string }[])
          : []
        for (const r of t.links.remove)
          links = links.filter((l) => !(String(l.TxnId) === r.TxnId && l.TxnType === r.TxnType))
        for (const a of t.links.add) links.push({ TxnId: a.TxnId, TxnType: a.TxnType })
        rec.LinkedTxn = links
      }
      bump(rec, stamp)
      store.put(t.entity, rec)
    }
  }
}

function rollUpToParents(store: RealmStore, account: QboRecord, cents: number, nowMs: number): void {
  const seen = new Set<string>([account.Id])
  let parentId = refId(account.ParentRef)
  while (parentId && !seen.has(parentId)) {
    seen.add(parentId)
    const parent = store.get('Account', parentId)
    if (!parent) return
    const rec = structuredClone(parent)
    rec.CurrentBalanceWithSubAccounts = toMoney(centsOf(rec.CurrentBalanceWithSubAccounts) + cents)
    bump(rec, formatQboTime(nowMs))
    store.put('Account', rec)
    parentId = refId(rec.ParentRef)
  }
}

/** A change made by QBO itself still moves SyncToken and LastUpdatedTime, so CDC and 5010 see it. */
export function bump(rec: QboRecord, stamp: string): void {
  rec.SyncToken = String((Number(rec.SyncToken) || 0) + 1)
  rec.MetaData = { ...rec.MetaData, LastUpdatedTime: stamp }
}
