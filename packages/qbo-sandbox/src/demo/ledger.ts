// The books' derived numbers, recomputed from the transactions alone: account balances by double
// entry, open balances of bills/invoices/credits from the payments that link to them, and the
// LinkedTxn back-references QuickBooks keeps on bills and invoices. The generator uses it to fill
// balances; the server can call applyLedger after every write so the realm stays consistent the
// way QuickBooks' own books are.

import type { EntityName, QboRecord, RealmData } from '../types'
import { centsOf, toMoney } from '../money'

export interface LinkRef {
  TxnId: string
  TxnType: string
}

export interface Ledger {
  /** Account Id → debits minus credits, in cents. */
  debitCents: Map<string, number>
  /** Account Id → balance in cents with QuickBooks' sign (positive = normal balance). */
  accountCents: Map<string, number>
  /** Bill/Invoice/VendorCredit/CreditMemo Id → open balance in cents. */
  openCents: Map<string, number>
  /** Payment Id → amount not applied to invoices, in cents. */
  unappliedCents: Map<string, number>
  vendorCents: Map<string, number>
  customerCents: Map<string, number>
  /** Bill or Invoice Id → payments linked to it, in payment Id order. */
  paymentLinks: Map<string, LinkRef[]>
  /** Transactions whose postings could not be placed (missing account); empty in a healthy realm. */
  problems: string[]
}

type Rec = Record<string, unknown>

function obj(v: unknown): Rec | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : undefined
}

function refValue(v: unknown): string | undefined {
  const o = obj(v)
  const value = o?.value
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}

function lines(rec: Rec): Rec[] {
  return Array.isArray(rec.Line) ? rec.Line.filter((l): l is Rec => obj(l) !== undefined) : []
}

function links(line: Rec): LinkRef[] {
  const l = line.LinkedTxn
  if (!Array.isArray(l)) return []
  const out: LinkRef[] = []
  for (const x of l) {
    const o = obj(x)
    if (o && typeof o.TxnId === 'string' && typeof o.TxnType === 'string') {
      out.push({ TxnId: o.TxnId, TxnType: o.TxnType })
    }
  }
  return out
}

const byNumericId = (a: string, b: string): number =>
  a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0

const DEBIT_NORMAL = new Set(['Asset', 'Expense'])
const BALANCE_SHEET = new Set(['Asset', 'Liability', 'Equity'])

function add(map: Map<string, number>, key: string, cents: number): void {
  map.set(key, (map.get(key) ?? 0) + cents)
}

export function computeLedger(realm: RealmData): Ledger {
  const e = realm.entities
  const debitCents = new Map<string, number>()
  const problems: string[] = []

  let arId: string | undefined
  let apId: string | undefined
  let ufId: string | undefined
  for (const a of e.Account.values()) {
    if (a.Active === false) continue
    if (!arId && a.AccountType === 'Accounts Receivable') arId = a.Id
    if (!apId && a.AccountType === 'Accounts Payable') apId = a.Id
    if (!ufId && a.AccountSubType === 'UndepositedFunds') ufId = a.Id
  }

  const post = (acct: string | undefined, cents: number, what: string): void => {
    if (cents === 0) return
    if (!acct || !e.Account.has(acct)) {
      problems.push(`${what}: no account ${acct ?? '(none)'}`)
      return
    }
    add(debitCents, acct, cents)
  }

  const expenseLines = (rec: Rec, sign: number, what: string): void => {
    for (const l of lines(rec)) {
      const d =
        obj(l.AccountBasedExpenseLineDetail)?.AccountRef ?? obj(l.ItemBasedExpenseLineDetail)?.AccountRef
      post(refValue(d), sign * centsOf(l.Amount), what)
    }
  }
  const salesLines = (rec: Rec, sign: number, what: string): void => {
    for (const l of lines(rec)) {
      if (l.DetailType !== 'SalesItemLineDetail') continue
      post(refValue(obj(l.SalesItemLineDetail)?.ItemAccountRef), sign * centsOf(l.Amount), what)
    }
  }

  for (const p of e.Purchase.values()) {
    const sign = p.Credit === true ? -1 : 1
    const what = `Purchase ${p.Id}`
    post(refValue(p.AccountRef), -sign * centsOf(p.TotalAmt), what)
    expenseLines(p, sign, what)
  }
  for (const b of e.Bill.values()) {
    post(refValue(b.APAccountRef) ?? apId, -centsOf(b.TotalAmt), `Bill ${b.Id}`)
    expenseLines(b, 1, `Bill ${b.Id}`)
  }
  for (const v of e.VendorCredit.values()) {
    post(refValue(v.APAccountRef) ?? apId, centsOf(v.TotalAmt), `VendorCredit ${v.Id}`)
    expenseLines(v, -1, `VendorCredit ${v.Id}`)
  }
  for (const bp of e.BillPayment.values()) {
    const what = `BillPayment ${bp.Id}`
    const total = centsOf(bp.TotalAmt)
    post(refValue(bp.APAccountRef) ?? apId, total, what)
    const from =
      bp.PayType === 'CreditCard'
        ? refValue(obj(bp.CreditCardPayment)?.CCAccountRef)
        : refValue(obj(bp.CheckPayment)?.BankAccountRef)
    post(from, -total, what)
  }
  for (const inv of e.Invoice.values()) {
    post(refValue(inv.ARAccountRef) ?? arId, centsOf(inv.TotalAmt), `Invoice ${inv.Id}`)
    salesLines(inv, -1, `Invoice ${inv.Id}`)
  }
  for (const cm of e.CreditMemo.values()) {
    post(refValue(cm.ARAccountRef) ?? arId, -centsOf(cm.TotalAmt), `CreditMemo ${cm.Id}`)
    salesLines(cm, 1, `CreditMemo ${cm.Id}`)
  }
  for (const pm of e.Payment.values()) {
    const total = centsOf(pm.TotalAmt)
    post(refValue(pm.ARAccountRef) ?? arId, -total, `Payment ${pm.Id}`)
    post(refValue(pm.DepositToAccountRef) ?? ufId, total, `Payment ${pm.Id}`)
  }
  for (const d of e.Deposit.values()) {
    const what = `Deposit ${d.Id}`
    post(refValue(d.DepositToAccountRef), centsOf(d.TotalAmt), what)
    for (const l of lines(d)) {
      const amount = centsOf(l.Amount)
      const linked = links(l)[0]
      if (linked) {
        // A deposited payment leaves the account it was received into (Undeposited Funds).
        const src = linked.TxnType === 'Payment' ? e.Payment.get(linked.TxnId) : undefined
        post(refValue(src?.DepositToAccountRef) ?? ufId, -amount, what)
      } else {
        post(refValue(obj(l.DepositLineDetail)?.AccountRef), -amount, what)
      }
    }
  }

  const accountCents = new Map<string, number>()
  for (const a of e.Account.values()) {
    const debit = debitCents.get(a.Id) ?? 0
    const cls = String(a.Classification ?? '')
    accountCents.set(a.Id, DEBIT_NORMAL.has(cls) ? debit : debit === 0 ? 0 : -debit)
  }

  // Open balances from links.
  const openCents = new Map<string, number>()
  const paymentLinks = new Map<string, LinkRef[]>()
  for (const b of e.Bill.values()) openCents.set(b.Id, centsOf(b.TotalAmt))
  for (const v of e.VendorCredit.values()) openCents.set(v.Id, centsOf(v.TotalAmt))
  for (const inv of e.Invoice.values()) openCents.set(inv.Id, centsOf(inv.TotalAmt))
  for (const cm of e.CreditMemo.values()) openCents.set(cm.Id, centsOf(cm.TotalAmt))

  const bpIds = [...e.BillPayment.keys()].sort(byNumericId)
  for (const id of bpIds) {
    const bp = e.BillPayment.get(id)!
    const type = bp.PayType === 'CreditCard' ? 'BillPaymentCreditCard' : 'BillPaymentCheck'
    for (const l of lines(bp)) {
      for (const ln of links(l)) {
        if (ln.TxnType === 'Bill' && e.Bill.has(ln.TxnId)) {
          add(openCents, ln.TxnId, -centsOf(l.Amount))
          pushLink(paymentLinks, ln.TxnId, { TxnId: bp.Id, TxnType: type })
        } else if (ln.TxnType === 'VendorCredit' && e.VendorCredit.has(ln.TxnId)) {
          add(openCents, ln.TxnId, -centsOf(l.Amount))
        }
      }
    }
  }

  const unappliedCents = new Map<string, number>()
  const pmIds = [...e.Payment.keys()].sort(byNumericId)
  for (const id of pmIds) {
    const pm = e.Payment.get(id)!
    let applied = 0
    for (const l of lines(pm)) {
      for (const ln of links(l)) {
        const amount = centsOf(l.Amount)
        if (ln.TxnType === 'Invoice' && e.Invoice.has(ln.TxnId)) {
          add(openCents, ln.TxnId, -amount)
          pushLink(paymentLinks, ln.TxnId, { TxnId: pm.Id, TxnType: 'Payment' })
          applied += amount
        } else if (ln.TxnType === 'CreditMemo' && e.CreditMemo.has(ln.TxnId)) {
          add(openCents, ln.TxnId, -amount)
          applied -= amount
        }
      }
    }
    unappliedCents.set(pm.Id, centsOf(pm.TotalAmt) - applied)
  }

  const vendorCents = new Map<string, number>()
  const customerCents = new Map<string, number>()
  for (const v of e.Vendor.values()) vendorCents.set(v.Id, 0)
  for (const c of e.Customer.values()) customerCents.set(c.Id, 0)
  const owe = (map: Map<string, number>, ref: unknown, cents: number): void => {
    const id = refValue(ref)
    if (id !== undefined && map.has(id)) add(map, id, cents)
  }
  for (const b of e.Bill.values()) owe(vendorCents, b.VendorRef, openCents.get(b.Id) ?? 0)
  for (const v of e.VendorCredit.values()) owe(vendorCents, v.VendorRef, -(openCents.get(v.Id) ?? 0))
  for (const inv of e.Invoice.values()) owe(customerCents, inv.CustomerRef, openCents.get(inv.Id) ?? 0)
  for (const cm of e.CreditMemo.values()) owe(customerCents, cm.CustomerRef, -(openCents.get(cm.Id) ?? 0))
  for (const pm of e.Payment.values()) owe(customerCents, pm.CustomerRef, -(unappliedCents.get(pm.Id) ?? 0))

  return {
    debitCents,
    accountCents,
    openCents,
    unappliedCents,
    vendorCents,
    customerCents,
    paymentLinks,
    problems
  }
}

function pushLink(map: Map<string, LinkRef[]>, key: string, link: LinkRef): void {
  const list = map.get(key)
  if (!list) map.set(key, [link])
  else if (!list.some((l) => l.TxnId === link.TxnId && l.TxnType === link.TxnType)) list.push(link)
}

export interface Change {
  entity: EntityName
  id: string
}

export interface ApplyOptions {
  /**
   * When given, transactions whose balance or links change get SyncToken + 1 and this
   * LastUpdatedTime, as QuickBooks does when a payment is applied to a bill or an invoice.
   */
  touchedAt?: string
}

const PAYMENT_LINK_TYPES = new Set(['Payment', 'BillPaymentCheck', 'BillPaymentCreditCard'])

function sameLinks(a: unknown, b: LinkRef[] | undefined): boolean {
  const x = Array.isArray(a) ? (a as LinkRef[]) : []
  const y = b ?? []
  return x.length === y.length && x.every((l, i) => l.TxnId === y[i]!.TxnId && l.TxnType === y[i]!.TxnType)
}

/**
 * Writes the ledger's numbers into the records and reports which records changed. Names and
 * accounts change without a SyncToken bump (their balances are read-only, computed fields).
 */
export function applyLedger(realm: RealmData, options: ApplyOptions = {}): Change[] {
  const l = computeLedger(realm)
  const e = realm.entities
  const changes: Change[] = []

  const touch = (entity: EntityName, rec: QboRecord): void => {
    changes.push({ entity, id: rec.Id })
    if (options.touchedAt) {
      rec.SyncToken = String((Number(rec.SyncToken) || 0) + 1)
      rec.MetaData = { ...rec.MetaData, LastUpdatedTime: options.touchedAt }
    }
  }
  const setMoney = (rec: QboRecord, key: string, cents: number): boolean => {
    const v = toMoney(cents)
    if (rec[key] === v) return false
    rec[key] = v
    return true
  }
  const relink = (rec: QboRecord): boolean => {
    const derived = l.paymentLinks.get(rec.Id) ?? []
    const current = Array.isArray(rec.LinkedTxn) ? (rec.LinkedTxn as LinkRef[]) : []
    // Links of other kinds (estimates, purchase orders, deposits) are not the ledger's to manage.
    const kept = current.filter((x) => !PAYMENT_LINK_TYPES.has(x.TxnType))
    const currentPayments = current.filter((x) => PAYMENT_LINK_TYPES.has(x.TxnType))
    if (sameLinks(currentPayments, derived)) return false
    const next = [...kept, ...derived]
    if (next.length === 0 && rec.LinkedTxn === undefined) return false
    rec.LinkedTxn = next
    return true
  }

  for (const b of e.Bill.values()) {
    const moved = setMoney(b, 'Balance', l.openCents.get(b.Id) ?? 0)
    if (relink(b) || moved) touch('Bill', b)
  }
  for (const inv of e.Invoice.values()) {
    const moved = setMoney(inv, 'Balance', l.openCents.get(inv.Id) ?? 0)
    if (relink(inv) || moved) touch('Invoice', inv)
  }
  for (const v of e.VendorCredit.values()) {
    if (setMoney(v, 'Balance', l.openCents.get(v.Id) ?? 0)) touch('VendorCredit', v)
  }
  for (const cm of e.CreditMemo.values()) {
    const cents = l.openCents.get(cm.Id) ?? 0
    const a = setMoney(cm, 'Balance', cents)
    const b = setMoney(cm, 'RemainingCredit', cents)
    if (a || b) touch('CreditMemo', cm)
  }
  for (const pm of e.Payment.values()) {
    if (setMoney(pm, 'UnappliedAmt', l.unappliedCents.get(pm.Id) ?? 0)) touch('Payment', pm)
  }

  // Accounts: QuickBooks reports a running balance only for balance-sheet accounts.
  const own = new Map<string, number>()
  for (const a of e.Account.values()) {
    own.set(a.Id, BALANCE_SHEET.has(String(a.Classification)) ? (l.accountCents.get(a.Id) ?? 0) : 0)
  }
  const withSubs = new Map(own)
  for (const a of e.Account.values()) {
    // Walk up the parent chain; the guard stops a malformed cycle.
    let parent = refValue(a.ParentRef)
    for (let hops = 0; parent && hops < 10; hops++) {
      add(withSubs, parent, own.get(a.Id) ?? 0)
      parent = refValue(e.Account.get(parent)?.ParentRef)
    }
  }
  for (const a of e.Account.values()) {
    const x = setMoney(a, 'CurrentBalance', own.get(a.Id) ?? 0)
    const y = setMoney(a, 'CurrentBalanceWithSubAccounts', withSubs.get(a.Id) ?? 0)
    if (x || y) changes.push({ entity: 'Account', id: a.Id })
  }
  for (const v of e.Vendor.values()) {
    if (setMoney(v, 'Balance', l.vendorCents.get(v.Id) ?? 0)) changes.push({ entity: 'Vendor', id: v.Id })
  }
  for (const c of e.Customer.values()) {
    const cents = l.customerCents.get(c.Id) ?? 0
    const x = setMoney(c, 'Balance', cents)
    const y = setMoney(c, 'BalanceWithJobs', cents)
    if (x || y) changes.push({ entity: 'Customer', id: c.Id })
  }
  return changes
}
