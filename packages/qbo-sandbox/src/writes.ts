// Create, update, delete, void and send, with QBO's validation order: required fields (2020), then
// references (2500 / 610), then names (6240), then business rules (6000). Nothing is stored until
// every check has passed, so a fault never leaves a half-applied write behind (the one exception is
// QBO's own: a missing A/P, A/R or Undeposited Funds account is created on first use, as QBO does).

import {
  ACCOUNT_CLASSIFICATION,
  DEFAULT_ACCOUNT_SUBTYPE,
  ENTITY_SPECS,
  SUBTYPE_ACCOUNT_TYPE
} from './entities'
import { faults, QboFault } from './faults'
import {
  asObject,
  bump,
  defaultAccounts,
  effectsOf,
  linesOf,
  linkedTxns,
  prepareEffects,
  refId
} from './ledger'
import { centsOf, toCents, toMoney } from './money'
import type { RealmStore } from './store'
import { addDays, companyDate, formatQboTime, isIsoDate } from './time'
import type { EntityName, QboRecord } from './types'

export interface WriteContext {
  store: RealmStore
  nowMs: number
}

export interface DeletedStub {
  Id: string
  status: 'Deleted'
  domain: 'QBO'
}

export interface SentEmail {
  realmId: string
  invoiceId: string
  docNumber: string | undefined
  to: string
  subject: string
  body: string
  sentAt: string
}

type Body = Record<string, unknown>

const SYSTEM_FIELDS = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status']

/** Fields only QBO writes; a client's values for them are ignored, as QBO ignores them. */
const READ_ONLY: Partial<Record<EntityName, string[]>> = {
  Vendor: ['Balance'],
  Customer: ['Balance', 'BalanceWithJobs', 'FullyQualifiedName'],
  Account: [
    'CurrentBalance',
    'CurrentBalanceWithSubAccounts',
    'FullyQualifiedName',
    'Classification',
    'SubAccount'
  ],
  Bill: ['Balance', 'TotalAmt', 'LinkedTxn'],
  Invoice: ['Balance', 'TotalAmt', 'LinkedTxn', 'DeliveryInfo'],
  Payment: ['UnappliedAmt'],
  BillPayment: [],
  Purchase: ['TotalAmt'],
  Deposit: ['TotalAmt'],
  CreditMemo: ['Balance', 'TotalAmt', 'RemainingCredit'],
  VendorCredit: ['Balance', 'TotalAmt']
}

const CURRENCY_NAMES: Record<string, string> = {
  USD: 'United States Dollar',
  CAD: 'Canadian Dollar',
  GBP: 'British Pound Sterling',
  EUR: 'Euro',
  AUD: 'Australian Dollar'
}

function clientFields(entity: EntityName, body: Body): Body {
  const out: Body = {}
  const skip = new Set([...SYSTEM_FIELDS, ...(READ_ONLY[entity] ?? [])])
  for (const [k, v] of Object.entries(body)) if (!skip.has(k)) out[k] = structuredClone(v)
  return out
}

/** QBO's ids are whole numbers; anything else is 2030 before a lookup. */
export const isQboId = (id: string): boolean => /^\d+$/.test(id)

function requireId(body: Body): string {
  if (body.Id === undefined || body.Id === null || body.Id === '') throw faults.required('Id')
  const id = String(body.Id)
  if (!isQboId(id)) throw faults.invalidId(id)
  return id
}

function requireCurrent(ctx: WriteContext, entity: EntityName, body: Body, force: boolean): QboRecord {
  const id = requireId(body)
  const current = ctx.store.get(entity, id)
  if (!current) throw faults.notFound('Id')
  if (!force) {
    if (body.SyncToken === undefined || body.SyncToken === null || body.SyncToken === '')
      throw faults.required('SyncToken')
    if (String(body.SyncToken) !== current.SyncToken) throw faults.stale()
  }
  return current
}

// ---------------------------------------------------------------------------------------------
// References

/** Which entity a `...Ref` key points at, where the sandbox keeps that entity. */
function refTarget(key: string, owner: EntityName): EntityName | undefined {
  if (key === 'VendorRef') return 'Vendor'
  if (key === 'CustomerRef') return 'Customer'
  if (key === 'SalesTermRef' || key === 'TermRef') return 'Term'
  if (key === 'ParentRef') return owner === 'Account' || owner === 'Customer' ? owner : undefined
  if (key.endsWith('AccountRef')) return 'Account'
  return undefined
}

function refName(target: EntityName, rec: QboRecord): string | undefined {
  const fq = rec.FullyQualifiedName ?? rec.DisplayName ?? rec.Name
  return typeof fq === 'string' ? fq : undefined
}

/**
 * Checks every reference in a record (lines included) and fills in the `name` QBO returns beside
 * `value`. A missing target is 2500; an inactive one is 610, QBO's "made inactive" fault.
 */
function resolveRefs(store: RealmStore, owner: EntityName, node: unknown, path: string): void {
  if (Array.isArray(node)) {
    for (const item of node) resolveRefs(store, owner, item, path)
    return
  }
  const obj = asObject(node)
  if (!obj) return
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'LinkedTxn') continue
    const element = path ? `${path}.${key}` : key
    const ref = asObject(value)
    if (key === 'CurrencyRef' && ref) {
      const code = refId(ref)
      if (code) ref.name = CURRENCY_NAMES[code] ?? code
      continue
    }
    if (key === 'EntityRef' && ref) {
      const type = typeof ref.type === 'string' ? ref.type : undefined
      const target = type === 'Vendor' || type === 'Customer' ? type : undefined
      const id = refId(ref)
      if (target && id) {
        const rec = store.get(target, id)
        if (!rec) throw faults.invalidReference(element, id)
        const name = refName(target, rec)
        if (name) ref.name = name
      }
      continue
    }
    const target = key.endsWith('Ref') ? refTarget(key, owner) : undefined
    if (target && ref) {
      const id = refId(ref)
      if (!id) continue
      const rec = store.get(target, id)
      if (!rec) throw faults.invalidReference(element, id)
      if (rec.Active === false) throw faults.notFound(element)
      if (target !== 'Term') {
        const name = refName(target, rec)
        if (name) ref.name = name
      }
      continue
    }
    if (value !== null && typeof value === 'object') resolveRefs(store, owner, value, element)
  }
}

// ---------------------------------------------------------------------------------------------
// Lines and totals

const NON_AMOUNT_LINES = new Set(['SubTotalLineDetail', 'DescriptionOnly', 'GroupLineDetail'])

function normalizeDetailLines(rec: Body, opts: { lineNum: boolean; subtotal: boolean }): number {
  if (!Array.isArray(rec.Line) || rec.Line.length === 0) throw faults.required('Line')
  const lines: Body[] = []
  const usedIds = new Set<string>()
  for (const raw of rec.Line) {
    const line = asObject(raw)
    if (!line) throw faults.invalid('Line', 'Each line must be an object.')
    if (line.DetailType === 'SubTotalLineDetail') continue
    if (typeof line.DetailType !== 'string' || line.DetailType === '')
      throw faults.required('Line.DetailType')
    if (line.DetailType !== 'DescriptionOnly') {
      if (line.Amount === undefined || line.Amount === null) throw faults.required('Line.Amount')
      const cents = toCents(line.Amount)
      if (cents === null) throw faults.invalid('Line.Amount', 'Amount must be a number.')
      line.Amount = toMoney(cents)
    }
    const detail = asObject(line[line.DetailType])
    if (line.DetailType === 'AccountBasedExpenseLineDetail' && !refId(detail?.AccountRef)) {
      throw faults.required('Line.AccountBasedExpenseLineDetail.AccountRef')
    }
    // QBO fills a line's tax code (and an expense line's billable status) when the client leaves
    // them out; a company without sales tax gets NON, as every seeded line has.
    if (
      detail &&
      (line.DetailType === 'SalesItemLineDetail' || line.DetailType === 'AccountBasedExpenseLineDetail')
    ) {
      if (detail.TaxCodeRef === undefined) detail.TaxCodeRef = { value: 'NON' }
      if (line.DetailType === 'AccountBasedExpenseLineDetail' && detail.BillableStatus === undefined)
        detail.BillableStatus = 'NotBillable'
    }
    if (line.Id !== undefined && line.Id !== null && !usedIds.has(String(line.Id))) {
      line.Id = String(line.Id)
      usedIds.add(line.Id as string)
    } else {
      delete line.Id
    }
    lines.push(line)
  }
  let next = 1
  for (const line of lines) {
    if (line.Id === undefined) {
      while (usedIds.has(String(next))) next++
      line.Id = String(next)
      usedIds.add(line.Id as string)
    }
  }
  let total = 0
  let subtotal = 0
  lines.forEach((line, i) => {
    if (opts.lineNum) line.LineNum = i + 1
    if (NON_AMOUNT_LINES.has(line.DetailType as string)) return
    const cents = centsOf(line.Amount)
    if (line.DetailType === 'DiscountLineDetail') total -= cents
    else {
      total += cents
      subtotal += cents
    }
  })
  if (opts.subtotal)
    lines.push({ Amount: toMoney(subtotal), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} })
  rec.Line = lines
  const tax = asObject(rec.TxnTaxDetail)
  if (tax && tax.TotalTax !== undefined) {
    const taxCents = toCents(tax.TotalTax) ?? 0
    tax.TotalTax = toMoney(taxCents)
    total += taxCents
  }
  return total
}

/** Payment and BillPayment lines: an amount applied to linked documents, no detail type. */
function normalizeAppliedLines(rec: Body, linkType: 'Invoice' | 'Bill', required: boolean): number {
  if (rec.Line === undefined || rec.Line === null) {
    if (required) throw faults.required('Line')
    rec.Line = []
  }
  if (!Array.isArray(rec.Line)) throw faults.invalid('Line', 'Line must be a list.')
  if (required && rec.Line.length === 0) throw faults.required('Line')
  let applied = 0
  for (const raw of rec.Line) {
    const line = asObject(raw)
    if (!line) throw faults.invalid('Line', 'Each line must be an object.')
    if (line.Amount === undefined || line.Amount === null) throw faults.required('Line.Amount')
    const cents = toCents(line.Amount)
    if (cents === null || cents < 0)
      throw faults.invalid('Line.Amount', 'Amount must be a non-negative number.')
    line.Amount = toMoney(cents)
    const links = linkedTxns(line)
    if (links.length === 0) throw faults.required('Line.LinkedTxn')
    for (const l of links) {
      if (l.TxnType !== linkType)
        throw faults.invalid('Line.LinkedTxn.TxnType', `Only ${linkType} can be linked here.`)
    }
    line.LinkedTxn = links
    applied += cents
  }
  return applied
}

function defaultTxnDate(ctx: WriteContext, rec: Body): string {
  if (rec.TxnDate === undefined || rec.TxnDate === null || rec.TxnDate === '')
    rec.TxnDate = companyDate(ctx.nowMs)
  if (!isIsoDate(rec.TxnDate)) throw faults.invalid('TxnDate', 'Dates are written YYYY-MM-DD.')
  return rec.TxnDate
}

export function dueDateFromTerm(txnDate: string, term: QboRecord | undefined): string {
  if (!term) return txnDate
  const dayOfMonth = Number(term.DayOfMonthDue)
  if (
    term.Type === 'DATE_DRIVEN' ||
    (Number.isInteger(dayOfMonth) && dayOfMonth > 0 && term.DueDays === undefined)
  ) {
    const [y, m, d] = txnDate.split('-').map(Number) as [number, number, number]
    const cutoff = Number(term.DueNextMonthDays) || 0
    let month = m
    let year = y
    // Within DueNextMonthDays of the due day (or past it), the bill is due next month.
    if (d > dayOfMonth - cutoff) {
      month += 1
      if (month > 12) {
        month = 1
        year += 1
      }
    }
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate()
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(dayOfMonth, lastDay)).padStart(2, '0')}`
  }
  return addDays(txnDate, Number(term.DueDays) || 0)
}

function defaultDueDate(
  ctx: WriteContext,
  rec: Body,
  txnDate: string,
  fallbackTermId: string | undefined
): void {
  if (rec.DueDate !== undefined && rec.DueDate !== null && rec.DueDate !== '') {
    if (!isIsoDate(rec.DueDate)) throw faults.invalid('DueDate', 'Dates are written YYYY-MM-DD.')
    return
  }
  const termId = refId(rec.SalesTermRef) ?? fallbackTermId
  rec.DueDate = dueDateFromTerm(txnDate, termId ? ctx.store.get('Term', termId) : undefined)
}

/** QBO creates its system accounts on first use; so does the sandbox. */
function ensureSystemAccount(ctx: WriteContext, kind: 'payable' | 'receivable' | 'undeposited'): QboRecord {
  const found = defaultAccounts[kind](ctx.store)
  if (found) return found
  const [Name, AccountType, AccountSubType] =
    kind === 'payable'
      ? ['Accounts Payable (A/P)', 'Accounts Payable', 'AccountsPayable']
      : kind === 'receivable'
        ? ['Accounts Receivable (A/R)', 'Accounts Receivable', 'AccountsReceivable']
        : ['Undeposited Funds', 'Other Current Asset', 'UndepositedFunds']
  const account = stamped(ctx, {
    Name,
    FullyQualifiedName: Name,
    AccountType,
    AccountSubType,
    Classification: ACCOUNT_CLASSIFICATION[AccountType],
    SubAccount: false,
    Active: true,
    CurrentBalance: 0,
    CurrentBalanceWithSubAccounts: 0,
    CurrencyRef: { value: 'USD', name: CURRENCY_NAMES.USD }
  })
  ctx.store.put('Account', account)
  return account
}

function stamped(ctx: WriteContext, fields: Body, id = ctx.store.newId()): QboRecord {
  const now = formatQboTime(ctx.nowMs)
  return {
    ...fields,
    domain: 'QBO',
    sparse: false,
    Id: id,
    SyncToken: '0',
    MetaData: { CreateTime: now, LastUpdatedTime: now }
  }
}

function ensureRef(ctx: WriteContext, rec: Body, key: string, entity: EntityName): QboRecord {
  const id = refId(rec[key])
  if (!id) throw faults.required(key)
  const target = ctx.store.get(entity, id)
  if (!target) throw faults.invalidReference(key, id)
  return target
}

function requireAccountType(account: QboRecord, types: string[], element: string): void {
  if (!types.includes(String(account.AccountType))) {
    throw faults.business(
      `Account ${account.Id} (${String(account.Name)}) is a ${String(account.AccountType)} account; ${element} needs ${types.join(' or ')}.`,
      element
    )
  }
}

// ---------------------------------------------------------------------------------------------
// Per-entity normalisation of the record about to be stored

function normalizeName(ctx: WriteContext, entity: 'Vendor' | 'Customer', rec: Body, id: string): void {
  if (typeof rec.DisplayName !== 'string' || rec.DisplayName.trim() === '') {
    const parts = [rec.Title, rec.GivenName, rec.MiddleName, rec.FamilyName, rec.Suffix].filter(
      (p) => typeof p === 'string' && p.trim() !== ''
    )
    const derived =
      parts.length > 0
        ? parts.join(' ')
        : typeof rec.CompanyName === 'string' && rec.CompanyName.trim() !== ''
          ? rec.CompanyName
          : undefined
    if (!derived) throw faults.required('DisplayName')
    rec.DisplayName = derived
  }
  const name = (rec.DisplayName as string).trim()
  if (name.includes(':')) throw faults.invalid('DisplayName', 'Names cannot contain a colon.')
  rec.DisplayName = name
  const lower = name.toLowerCase()
  // Customers, vendors and employees share one namespace in QBO, inactive ones included.
  for (const other of ['Vendor', 'Customer'] as const) {
    for (const r of ctx.store.rows(other)) {
      if (
        !(other === entity && r.Id === id) &&
        typeof r.DisplayName === 'string' &&
        r.DisplayName.trim().toLowerCase() === lower
      ) {
        throw faults.duplicateName('name', r.Id)
      }
    }
  }
  if (rec.Active === undefined) rec.Active = true
  if (rec.Balance === undefined) rec.Balance = 0
  if (rec.PrintOnCheckName === undefined) rec.PrintOnCheckName = name
  if (rec.CurrencyRef === undefined) rec.CurrencyRef = { value: 'USD' }
  if (entity === 'Vendor' && rec.Vendor1099 === undefined) rec.Vendor1099 = false
  if (entity === 'Customer') {
    if (rec.BalanceWithJobs === undefined) rec.BalanceWithJobs = rec.Balance
    const parentId = refId(rec.ParentRef)
    const parent = parentId ? ctx.store.get('Customer', parentId) : undefined
    rec.Job = Boolean(parent)
    rec.FullyQualifiedName = parent
      ? `${String(parent.FullyQualifiedName ?? parent.DisplayName)}:${name}`
      : name
    if (rec.BillWithParent === undefined) rec.BillWithParent = false
  }
  for (const key of ['BillAddr', 'ShipAddr']) {
    const addr = asObject(rec[key])
    if (addr && addr.Id === undefined) addr.Id = ctx.store.newId()
  }
}

function normalizeAccount(ctx: WriteContext, rec: Body, id: string): void {
  if (typeof rec.Name !== 'string' || rec.Name.trim() === '') throw faults.required('Name')
  const name = rec.Name.trim()
  if (name.includes(':')) throw faults.invalid('Name', 'Account names cannot contain a colon.')
  rec.Name = name
  if (rec.AccountType === undefined && typeof rec.AccountSubType === 'string')
    rec.AccountType = SUBTYPE_ACCOUNT_TYPE[rec.AccountSubType]
  if (typeof rec.AccountType !== 'string' || rec.AccountType === '') throw faults.required('AccountType')
  const classification = ACCOUNT_CLASSIFICATION[rec.AccountType]
  if (!classification) throw faults.invalid('AccountType', `Unknown account type ${rec.AccountType}.`)
  if (rec.AccountSubType === undefined) rec.AccountSubType = DEFAULT_ACCOUNT_SUBTYPE[rec.AccountType]
  rec.Classification = classification
  const parentId = refId(rec.ParentRef)
  const parent = parentId ? ctx.store.get('Account', parentId) : undefined
  rec.SubAccount = Boolean(parent)
  rec.FullyQualifiedName = parent ? `${String(parent.FullyQualifiedName ?? parent.Name)}:${name}` : name
  const lower = name.toLowerCase()
  for (const r of ctx.store.rows('Account')) {
    if (
      r.Id !== id &&
      typeof r.Name === 'string' &&
      r.Name.toLowerCase() === lower &&
      refId(r.ParentRef) === parentId
    ) {
      throw faults.duplicateName('account', r.Id)
    }
  }
  if (rec.Active === undefined) rec.Active = true
  if (rec.CurrentBalance === undefined) rec.CurrentBalance = 0
  if (rec.CurrentBalanceWithSubAccounts === undefined) rec.CurrentBalanceWithSubAccounts = rec.CurrentBalance
  if (rec.CurrencyRef === undefined) rec.CurrencyRef = { value: 'USD' }
}

function normalizeTerm(rec: Body): void {
  if (typeof rec.Name !== 'string' || rec.Name.trim() === '') throw faults.required('Name')
  if (rec.Type === undefined) rec.Type = rec.DayOfMonthDue !== undefined ? 'DATE_DRIVEN' : 'STANDARD'
  if (rec.Type === 'STANDARD' && rec.DueDays === undefined) rec.DueDays = 0
  if (rec.Active === undefined) rec.Active = true
  if (rec.DiscountPercent === undefined) rec.DiscountPercent = 0
  if (rec.DiscountDays === undefined) rec.DiscountDays = 0
}

/** Carries what payments did to a document across an edit of its lines. */
function carryOpenBalance(
  rec: Body,
  total: number,
  prev: QboRecord | undefined,
  entity: 'Bill' | 'Invoice'
): void {
  const paid = prev ? centsOf(prev.TotalAmt) - centsOf(prev.Balance) : 0
  if (total < paid) {
    throw faults.business(
      `The ${entity.toLowerCase()} total (${toMoney(total).toFixed(2)}) cannot be less than the amount already paid (${toMoney(paid).toFixed(2)}).`,
      'Line'
    )
  }
  rec.TotalAmt = toMoney(total)
  rec.Balance = toMoney(total - paid)
  rec.LinkedTxn = prev && Array.isArray(prev.LinkedTxn) ? structuredClone(prev.LinkedTxn) : []
}

const INVOICE_DEFAULTS = [
  'AllowIPNPayment',
  'AllowOnlinePayment',
  'AllowOnlineCreditCardPayment',
  'AllowOnlineACHPayment',
  'ApplyTaxAfterDiscount'
] as const

function normalizeTxn(ctx: WriteContext, entity: EntityName, rec: Body, prev: QboRecord | undefined): void {
  const store = ctx.store
  if (rec.CurrencyRef === undefined) rec.CurrencyRef = { value: 'USD' }
  switch (entity) {
    case 'Bill': {
      const vendor = ensureRef(ctx, rec, 'VendorRef', 'Vendor')
      const total = normalizeDetailLines(rec, { lineNum: false, subtotal: false })
      if (prev && refId(prev.VendorRef) !== vendor.Id && centsOf(prev.TotalAmt) !== centsOf(prev.Balance)) {
        throw faults.business('A bill with payments cannot move to another vendor.', 'VendorRef')
      }
      if (rec.APAccountRef === undefined) rec.APAccountRef = { value: ensureSystemAccount(ctx, 'payable').Id }
      const txnDate = defaultTxnDate(ctx, rec)
      defaultDueDate(ctx, rec, txnDate, refId(vendor.TermRef))
      carryOpenBalance(rec, total, prev, 'Bill')
      break
    }
    case 'Invoice': {
      const customer = ensureRef(ctx, rec, 'CustomerRef', 'Customer')
      const total = normalizeDetailLines(rec, { lineNum: true, subtotal: true })
      const txnDate = defaultTxnDate(ctx, rec)
      const prefs = store.rows('Preferences')[0]
      const companyTerm = refId(asObject(prefs?.SalesFormsPrefs)?.DefaultTerms)
      const termId = refId(customer.SalesTermRef) ?? companyTerm
      defaultDueDate(ctx, rec, txnDate, termId)
      // QBO records the terms it dated the invoice by.
      if (rec.SalesTermRef === undefined && termId) rec.SalesTermRef = { value: termId }
      if (
        prev &&
        refId(prev.CustomerRef) !== customer.Id &&
        centsOf(prev.TotalAmt) !== centsOf(prev.Balance)
      ) {
        throw faults.business('An invoice with payments cannot move to another customer.', 'CustomerRef')
      }
      carryOpenBalance(rec, total, prev, 'Invoice')
      if (rec.DocNumber === undefined || rec.DocNumber === null || rec.DocNumber === '') {
        rec.DocNumber = prev?.DocNumber ?? nextDocNumber(store, 'Invoice')
      }
      if (rec.EmailStatus === undefined) rec.EmailStatus = prev?.EmailStatus ?? 'NotSet'
      if (prev?.DeliveryInfo !== undefined) rec.DeliveryInfo = structuredClone(prev.DeliveryInfo)
      if (rec.PrintStatus === undefined) rec.PrintStatus = 'NotSet'
      if (rec.TxnTaxDetail === undefined) rec.TxnTaxDetail = { TotalTax: 0 }
      // What QBO writes on every invoice a client creates without them (online payment switches
      // off, tax after discount off, no custom fields, no deposit): seeded invoices carry them too.
      for (const key of INVOICE_DEFAULTS) if (rec[key] === undefined) rec[key] = false
      if (rec.CustomField === undefined) rec.CustomField = []
      if (rec.Deposit === undefined) rec.Deposit = 0
      ensureSystemAccount(ctx, 'receivable')
      break
    }
    case 'CreditMemo':
    case 'VendorCredit': {
      if (entity === 'CreditMemo') ensureRef(ctx, rec, 'CustomerRef', 'Customer')
      else ensureRef(ctx, rec, 'VendorRef', 'Vendor')
      const total = normalizeDetailLines(rec, {
        lineNum: entity === 'CreditMemo',
        subtotal: entity === 'CreditMemo'
      })
      defaultTxnDate(ctx, rec)
      rec.TotalAmt = toMoney(total)
      rec.Balance = toMoney(total)
      if (entity === 'CreditMemo') {
        rec.RemainingCredit = toMoney(total)
        if (rec.ApplyTaxAfterDiscount === undefined) rec.ApplyTaxAfterDiscount = false
        if (rec.CustomField === undefined) rec.CustomField = []
        ensureSystemAccount(ctx, 'receivable')
      } else if (rec.APAccountRef === undefined) {
        rec.APAccountRef = { value: ensureSystemAccount(ctx, 'payable').Id }
      }
      break
    }
    case 'Purchase': {
      if (typeof rec.PaymentType !== 'string' || rec.PaymentType === '') throw faults.required('PaymentType')
      if (!['Cash', 'Check', 'CreditCard'].includes(rec.PaymentType))
        throw faults.invalid('PaymentType', 'PaymentType is Cash, Check or CreditCard.')
      const account = ensureRef(ctx, rec, 'AccountRef', 'Account')
      requireAccountType(
        account,
        rec.PaymentType === 'CreditCard' ? ['Credit Card'] : ['Bank', 'Other Current Asset'],
        'AccountRef'
      )
      const total = normalizeDetailLines(rec, { lineNum: false, subtotal: false })
      defaultTxnDate(ctx, rec)
      rec.TotalAmt = toMoney(total)
      break
    }
    case 'Deposit': {
      const account = ensureRef(ctx, rec, 'DepositToAccountRef', 'Account')
      requireAccountType(account, ['Bank', 'Other Current Asset'], 'DepositToAccountRef')
      const total = normalizeDetailLines(rec, { lineNum: false, subtotal: false })
      defaultTxnDate(ctx, rec)
      rec.TotalAmt = toMoney(total)
      break
    }
    case 'Payment': {
      const customer = ensureRef(ctx, rec, 'CustomerRef', 'Customer')
      if (rec.TotalAmt === undefined || rec.TotalAmt === null) throw faults.required('TotalAmt')
      const total = toCents(rec.TotalAmt)
      if (total === null || total < 0)
        throw faults.invalid('TotalAmt', 'TotalAmt must be a non-negative number.')
      const applied = normalizeAppliedLines(rec, 'Invoice', false)
      if (applied > total)
        throw faults.business(
          `The amounts applied (${toMoney(applied).toFixed(2)}) exceed the payment total (${toMoney(total).toFixed(2)}).`,
          'TotalAmt'
        )
      for (const line of linesOf(rec)) {
        for (const l of linkedTxns(line)) {
          const invoice = store.get('Invoice', l.TxnId)
          if (!invoice) throw faults.notFound('Line.LinkedTxn')
          if (refId(invoice.CustomerRef) !== customer.Id)
            throw faults.business(`Invoice ${l.TxnId} belongs to another customer.`, 'Line.LinkedTxn')
        }
      }
      rec.TotalAmt = toMoney(total)
      rec.UnappliedAmt = toMoney(total - applied)
      if (rec.DepositToAccountRef === undefined)
        rec.DepositToAccountRef = { value: ensureSystemAccount(ctx, 'undeposited').Id }
      const deposit = ensureRef(ctx, rec, 'DepositToAccountRef', 'Account')
      requireAccountType(deposit, ['Bank', 'Other Current Asset'], 'DepositToAccountRef')
      if (rec.ProcessPayment === undefined) rec.ProcessPayment = false
      defaultTxnDate(ctx, rec)
      ensureSystemAccount(ctx, 'receivable')
      break
    }
    case 'BillPayment': {
      const vendor = ensureRef(ctx, rec, 'VendorRef', 'Vendor')
      if (rec.TotalAmt === undefined || rec.TotalAmt === null) throw faults.required('TotalAmt')
      const total = toCents(rec.TotalAmt)
      if (total === null || total < 0)
        throw faults.invalid('TotalAmt', 'TotalAmt must be a non-negative number.')
      if (rec.PayType === undefined || rec.PayType === null || rec.PayType === '')
        throw faults.required('PayType')
      if (rec.PayType === 'Check') {
        const check = asObject(rec.CheckPayment)
        if (!refId(check?.BankAccountRef)) throw faults.required('CheckPayment.BankAccountRef')
        const bank = store.get('Account', refId(check!.BankAccountRef)!)
        if (!bank) throw faults.invalidReference('CheckPayment.BankAccountRef', refId(check!.BankAccountRef)!)
        requireAccountType(bank, ['Bank'], 'CheckPayment.BankAccountRef')
        if (check!.PrintStatus === undefined) check!.PrintStatus = 'NotSet'
        delete rec.CreditCardPayment
      } else if (rec.PayType === 'CreditCard') {
        const cc = asObject(rec.CreditCardPayment)
        if (!refId(cc?.CCAccountRef)) throw faults.required('CreditCardPayment.CCAccountRef')
        const card = store.get('Account', refId(cc!.CCAccountRef)!)
        if (!card) throw faults.invalidReference('CreditCardPayment.CCAccountRef', refId(cc!.CCAccountRef)!)
        requireAccountType(card, ['Credit Card'], 'CreditCardPayment.CCAccountRef')
        delete rec.CheckPayment
      } else {
        throw faults.invalid('PayType', 'PayType is Check or CreditCard.')
      }
      const applied = normalizeAppliedLines(rec, 'Bill', true)
      if (applied > total)
        throw faults.business(
          `The amounts applied (${toMoney(applied).toFixed(2)}) exceed the payment total (${toMoney(total).toFixed(2)}).`,
          'TotalAmt'
        )
      for (const line of linesOf(rec)) {
        for (const l of linkedTxns(line)) {
          const bill = store.get('Bill', l.TxnId)
          if (!bill) throw faults.notFound('Line.LinkedTxn')
          if (refId(bill.VendorRef) !== vendor.Id)
            throw faults.business(`Bill ${l.TxnId} belongs to another vendor.`, 'Line.LinkedTxn')
        }
      }
      rec.TotalAmt = toMoney(total)
      if (rec.APAccountRef === undefined) rec.APAccountRef = { value: ensureSystemAccount(ctx, 'payable').Id }
      defaultTxnDate(ctx, rec)
      break
    }
    default:
      break
  }
}

function nextDocNumber(store: RealmStore, entity: EntityName): string {
  let max = 1000
  for (const r of store.rows(entity)) {
    const n = Number(r.DocNumber)
    if (Number.isSafeInteger(n) && n > max) max = n
  }
  return String(max + 1)
}

function normalize(
  ctx: WriteContext,
  entity: EntityName,
  rec: Body,
  id: string,
  prev: QboRecord | undefined
): void {
  switch (entity) {
    case 'Vendor':
    case 'Customer':
      normalizeName(ctx, entity, rec, id)
      break
    case 'Account':
      normalizeAccount(ctx, rec, id)
      break
    case 'Term':
      normalizeTerm(rec)
      break
    case 'CompanyInfo':
    case 'Preferences':
      break
    default:
      normalizeTxn(ctx, entity, rec, prev)
  }
  resolveRefs(ctx.store, entity, rec, '')
}

// ---------------------------------------------------------------------------------------------
// Operations

/** Stores `next` in place of `prev` (either may be absent) with its balance effects, or throws. */
function commit(
  ctx: WriteContext,
  entity: EntityName,
  prev: QboRecord | undefined,
  next: QboRecord | undefined
): void {
  const store = ctx.store
  const apply = prepareEffects(
    store,
    prev ? effectsOf(entity, prev, store) : [],
    next ? effectsOf(entity, next, store) : []
  )
  if (next) store.put(entity, next)
  else if (prev) store.remove(entity, prev.Id, formatQboTime(ctx.nowMs))
  apply(ctx.nowMs)
}

export function createEntity(ctx: WriteContext, entity: EntityName, body: Body): QboRecord {
  const spec = ENTITY_SPECS[entity]
  if (!spec.canCreate) throw faults.unsupported('Create', entity)
  const fields = clientFields(entity, body)
  normalize(ctx, entity, fields, '', undefined)
  // Ids are taken after normalisation, which may itself create system accounts and address ids.
  const rec = stamped(ctx, fields)
  commit(ctx, entity, undefined, rec)
  return rec
}

export function updateEntity(
  ctx: WriteContext,
  entity: EntityName,
  body: Body,
  opts: { sparse: boolean; force?: boolean }
): QboRecord {
  const prev = requireCurrent(ctx, entity, body, opts.force ?? false)
  const fields = clientFields(entity, body)
  let next: Body
  if (opts.sparse) {
    next = { ...structuredClone(prev), ...fields }
  } else {
    next = fields
    // What a full update may omit but QBO keeps: the record's identity and what only QBO writes.
    for (const key of [...SYSTEM_FIELDS, ...(READ_ONLY[entity] ?? [])])
      if (key in prev) next[key] = structuredClone(prev[key])
  }
  normalize(ctx, entity, next, prev.Id, prev)
  const rec = next as QboRecord
  rec.Id = prev.Id
  rec.domain = 'QBO'
  rec.sparse = false
  rec.SyncToken = prev.SyncToken
  rec.MetaData = { ...prev.MetaData }
  bump(rec, formatQboTime(ctx.nowMs))
  commit(ctx, entity, prev, rec)
  return rec
}

function hasPayments(doc: QboRecord): boolean {
  return (
    Array.isArray(doc.LinkedTxn) &&
    doc.LinkedTxn.some((l) => {
      const t = asObject(l)?.TxnType
      return t === 'Payment' || t === 'BillPaymentCheck' || t === 'BillPaymentCreditCard'
    })
  )
}

export function deleteEntity(
  ctx: WriteContext,
  entity: EntityName,
  body: Body,
  opts: { force?: boolean } = {}
): DeletedStub {
  if (!ENTITY_SPECS[entity].canDelete) throw faults.unsupported('Delete', entity)
  const prev = requireCurrent(ctx, entity, body, opts.force ?? false)
  if ((entity === 'Bill' || entity === 'Invoice') && hasPayments(prev)) {
    throw faults.business(
      `This ${entity.toLowerCase()} has payments applied. Delete or void the payments first.`
    )
  }
  commit(ctx, entity, prev, undefined)
  return { Id: prev.Id, status: 'Deleted', domain: 'QBO' }
}

export function voidEntity(
  ctx: WriteContext,
  entity: EntityName,
  body: Body,
  opts: { force?: boolean } = {}
): QboRecord {
  if (ENTITY_SPECS[entity].voidStyles.length === 0) throw faults.unsupported('Void', entity)
  const prev = requireCurrent(ctx, entity, body, opts.force ?? false)
  const rec = structuredClone(prev)
  if (entity === 'Invoice') {
    if (hasPayments(prev))
      throw faults.business('This invoice has payments applied. Void or delete the payments first.')
    for (const line of linesOf(rec)) if (line.Amount !== undefined) line.Amount = 0
    const tax = asObject(rec.TxnTaxDetail)
    if (tax) tax.TotalTax = 0
    rec.TotalAmt = 0
    rec.Balance = 0
  } else {
    // A voided payment keeps its header but applies nothing: its lines go, its amount becomes zero.
    rec.Line = []
    rec.TotalAmt = 0
    if (entity === 'Payment') rec.UnappliedAmt = 0
  }
  rec.PrivateNote = 'Voided'
  bump(rec, formatQboTime(ctx.nowMs))
  commit(ctx, entity, prev, rec)
  return rec
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/

export function sendInvoice(
  ctx: WriteContext,
  id: string,
  sendTo: string | undefined
): { invoice: QboRecord; email: SentEmail } {
  if (!isQboId(id)) throw faults.invalidId(id)
  const prev = ctx.store.get('Invoice', id)
  if (!prev) throw faults.notFound('Id')
  const customer = ctx.store.get('Customer', refId(prev.CustomerRef) ?? '')
  const address =
    sendTo ??
    (asObject(prev.BillEmail)?.Address as string | undefined) ??
    (asObject(customer?.PrimaryEmailAddr)?.Address as string | undefined)
  if (!address || address.trim() === '') throw faults.required('BillEmail.Address')
  if (!EMAIL.test(address.trim()))
    throw faults.invalid('BillEmail.Address', `"${address}" is not an email address.`)
  const rec = structuredClone(prev)
  const sentAt = formatQboTime(ctx.nowMs)
  rec.EmailStatus = 'EmailSent'
  rec.DeliveryInfo = { DeliveryType: 'Email', DeliveryTime: sentAt }
  if (sendTo) rec.BillEmail = { Address: sendTo.trim() }
  bump(rec, sentAt)
  ctx.store.put('Invoice', rec)
  const docNumber = typeof rec.DocNumber === 'string' ? rec.DocNumber : undefined
  const memoValue = asObject(rec.CustomerMemo)?.value
  const memo = typeof memoValue === 'string' && memoValue.trim() !== '' ? memoValue.trim() : undefined
  const email: SentEmail = {
    realmId: ctx.store.realmId,
    invoiceId: rec.Id,
    docNumber,
    to: address.trim(),
    subject: `Invoice ${docNumber ?? rec.Id} from ${ctx.store.companyName}`,
    body:
      `Dear ${String(asObject(rec.CustomerRef)?.name ?? 'customer')},\n\n` +
      `Your invoice ${docNumber ?? rec.Id} for ${centsToText(centsOf(rec.TotalAmt))} is attached. ` +
      `The balance due is ${centsToText(centsOf(rec.Balance))}${typeof rec.DueDate === 'string' ? `, due ${rec.DueDate}` : ''}.\n\n` +
      // The invoice's message to the customer, as the invoice QBO attaches shows it.
      (memo ? `${memo}\n\n` : '') +
      `Thank you for your business,\n${ctx.store.companyName}`,
    sentAt
  }
  return { invoice: rec, email }
}

const centsToText = (c: number): string => `$${toMoney(c).toFixed(2)}`

export { QboFault }
