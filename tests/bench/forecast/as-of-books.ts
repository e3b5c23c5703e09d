// The books as they stood on a past day, rebuilt from a realm's records: what a sync on the morning
// after `lastDay` would have read into the cache, shaped into `Books` the way db/books-reader.ts
// shapes the cache. The forecast backtest hands these to the engine, so everything here must be
// knowable on that morning:
// - a record exists only if both its TxnDate and its creation date are on or before `lastDay`
//   (a backdated entry keyed in later was not in the books yet);
// - open balances, unapplied credits and account balances are recomputed from the records that
//   exist, never read from the realm's Balance / CurrentBalance / LinkedTxn fields, which hold
//   today's values and would leak later payments;
// - fields a later edit changed in place (a name, a due date) cannot be rolled back and are taken as
//   they are now; the demo generator never edits them.
//
// The realm is indexed once (`indexRealm`) and then read for any number of days, because the
// backtest asks for 26 days of a company with 117,000 records.

import type { QboRecord, RealmData } from '@runway/qbo-sandbox'
import { HISTORY_DAYS, PAID_INVOICE_HISTORY_DAYS } from '../../../src/main/core/db/books-reader'
import type {
  AccountLeftOut,
  BankAccount,
  Books,
  CashIn,
  CashOut,
  CreditCard,
  Customer,
  OpenBill,
  OpenInvoice,
  PaidBill,
  PaidInvoice,
  UnappliedPayment,
  UndepositedFund,
  Vendor,
  VendorCredit
} from '../../../src/main/core/runway'
import { addDays, fromDayNumber, toDayNumber, type LocalDate } from '../../../src/shared/dates'
import { parseMoney, toHome, type Cents } from '../../../src/shared/money'

type Json = Record<string, unknown>

const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined
const refValue = (v: unknown): string | null => {
  const value = obj(v)?.value
  return typeof value === 'string' ? value : null
}
const refName = (v: unknown): string | null => {
  const name = obj(v)?.name
  return typeof name === 'string' ? name : null
}
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const money = (v: unknown): number => (typeof v === 'number' || typeof v === 'string' ? parseMoney(v) : 0)
const lines = (r: Json): Json[] => (Array.isArray(r.Line) ? r.Line.filter((l): l is Json => !!obj(l)) : [])
const linksOf = (line: Json): Array<{ id: string; type: string }> =>
  (Array.isArray(line.LinkedTxn) ? line.LinkedTxn : [])
    .map(obj)
    .filter((l): l is Json => !!l && typeof l.TxnId === 'string' && typeof l.TxnType === 'string')
    .map((l) => ({ id: l.TxnId as string, type: l.TxnType as string }))

/** A record's home-currency amount, converted with its own rate as the cache mapping does. */
const home = (r: Json, cents: number): number =>
  toHome(cents as Cents, typeof r.ExchangeRate === 'number' ? r.ExchangeRate : undefined)

/** Day numbers: a record counts from `seen`, the later of its TxnDate and its creation date. */
interface Dated {
  id: string
  rec: QboRecord
  txnDate: LocalDate
  seen: number
}

/** Money applied to a bill, invoice or credit memo by a payment, from the payment's own line. */
interface Application {
  seen: number
  txnDate: LocalDate
  cents: number
}

interface Posting {
  seen: number
  day: number
  cents: number
}

interface AccountInfo {
  id: string
  name: string
  type: string
  currency: string | null
  active: boolean
  seen: number
  /** Debits minus credits, one per transaction line that touches the account. */
  postings: Posting[]
}

export interface RealmIndex {
  homeCurrency: string
  accounts: Map<string, AccountInfo>
  bills: Dated[]
  invoices: Dated[]
  creditMemos: Dated[]
  vendorCredits: Dated[]
  payments: Dated[]
  billPayments: Dated[]
  purchases: Dated[]
  deposits: Dated[]
  vendors: Dated[]
  customers: Dated[]
  terms: Map<string, QboRecord>
  /** Bill / Invoice / CreditMemo / VendorCredit Id → what payments applied to it, and when. */
  applied: Map<string, Application[]>
  /** Payment Id → the days of the deposits that took it out of Undeposited Funds. */
  depositedOn: Map<string, number[]>
  /** Payment Id → the account it was received into (QBO's default: Undeposited Funds). */
  receivedInto: Map<string, string | null>
}

function createdDay(rec: QboRecord): number {
  return toDayNumber(rec.MetaData.CreateTime.slice(0, 10))
}

function dated(rec: QboRecord): Dated {
  const created = createdDay(rec)
  const txnDate = text(rec.TxnDate) ?? fromDayNumber(created)
  return { id: rec.Id, rec, txnDate, seen: Math.max(toDayNumber(txnDate), created) }
}

export function indexRealm(realm: RealmData): RealmIndex {
  const e = realm.entities
  const prefs = [...e.Preferences.values()][0]
  // As the sync reads it: the preferences' home currency, US dollars when QBO does not say.
  const homeCurrency = refValue(obj(prefs?.CurrencyPrefs)?.HomeCurrency) ?? 'USD'

  const accounts = new Map<string, AccountInfo>()
  for (const a of e.Account.values()) {
    accounts.set(a.Id, {
      id: a.Id,
      name: text(a.Name) ?? '',
      type: text(a.AccountType) ?? '',
      currency: refValue(a.CurrencyRef),
      active: a.Active !== false,
      seen: createdDay(a),
      postings: []
    })
  }
  const all = (name: keyof RealmData['entities']): Dated[] => [...e[name].values()].map(dated)
  const index: RealmIndex = {
    homeCurrency,
    accounts,
    bills: all('Bill'),
    invoices: all('Invoice'),
    creditMemos: all('CreditMemo'),
    vendorCredits: all('VendorCredit'),
    payments: all('Payment'),
    billPayments: all('BillPayment'),
    purchases: all('Purchase'),
    deposits: all('Deposit'),
    vendors: all('Vendor'),
    customers: all('Customer'),
    terms: new Map([...e.Term.values()].map((t) => [t.Id, t])),
    applied: new Map(),
    depositedOn: new Map(),
    receivedInto: new Map()
  }

  const apply = (docId: string, by: Dated, cents: number): void => {
    const list = index.applied.get(docId) ?? []
    list.push({ seen: by.seen, txnDate: by.txnDate, cents })
    index.applied.set(docId, list)
  }
  for (const bp of index.billPayments)
    for (const l of lines(bp.rec))
      for (const link of linksOf(l))
        if (link.type === 'Bill' || link.type === 'VendorCredit') apply(link.id, bp, money(l.Amount))
  for (const p of index.payments)
    for (const l of lines(p.rec))
      for (const link of linksOf(l))
        if (link.type === 'Invoice' || link.type === 'CreditMemo') apply(link.id, p, money(l.Amount))
  for (const d of index.deposits)
    for (const l of lines(d.rec))
      for (const link of linksOf(l))
        if (link.type === 'Payment') {
          const days = index.depositedOn.get(link.id) ?? []
          days.push(d.seen)
          index.depositedOn.set(link.id, days)
        }

  // Double entry for the accounts the books read a balance of (bank, card, Undeposited Funds),
  // the way QBO (and the sandbox's ledger) posts each transaction type.
  const post = (accountId: string | null, by: Dated, cents: number): void => {
    const account = accountId ? accounts.get(accountId) : undefined
    if (!account || cents === 0) return
    account.postings.push({ seen: by.seen, day: toDayNumber(by.txnDate), cents })
  }
  const expenseLines = (t: Dated, sign: number): void => {
    for (const l of lines(t.rec)) {
      const detail = obj(l.AccountBasedExpenseLineDetail) ?? obj(l.ItemBasedExpenseLineDetail)
      post(refValue(detail?.AccountRef), t, sign * money(l.Amount))
    }
  }
  const undeposited = [...accounts.values()].find((a) => a.name === 'Undeposited Funds')?.id ?? null
  for (const p of index.purchases) {
    const sign = p.rec.Credit === true ? -1 : 1
    post(refValue(p.rec.AccountRef), p, -sign * money(p.rec.TotalAmt))
    expenseLines(p, sign)
  }
  for (const b of index.bills) expenseLines(b, 1)
  for (const bp of index.billPayments) {
    const from =
      bp.rec.PayType === 'CreditCard'
        ? refValue(obj(bp.rec.CreditCardPayment)?.CCAccountRef)
        : refValue(obj(bp.rec.CheckPayment)?.BankAccountRef)
    post(from, bp, -money(bp.rec.TotalAmt))
  }
  for (const p of index.payments) {
    const into = refValue(p.rec.DepositToAccountRef) ?? undeposited
    index.receivedInto.set(p.id, into)
    post(into, p, money(p.rec.TotalAmt))
  }
  for (const d of index.deposits) {
    post(refValue(d.rec.DepositToAccountRef), d, money(d.rec.TotalAmt))
    for (const l of lines(d.rec)) {
      const link = linksOf(l)[0]
      if (link?.type === 'Payment') post(index.receivedInto.get(link.id) ?? undeposited, d, -money(l.Amount))
      else if (!link) post(refValue(obj(l.DepositLineDetail)?.AccountRef), d, -money(l.Amount))
    }
  }
  return index
}

// -- reading the index as of a day ---------------------------------------------------------------

const isBank = (a: AccountInfo | undefined): boolean => a?.type === 'Bank'

/** Debits minus credits of an account over the transactions that exist on `last`. */
function debitsAsOf(account: AccountInfo, last: number): number {
  let total = 0
  for (const p of account.postings) if (p.seen <= last) total += p.cents
  return total
}

function appliedAsOf(index: RealmIndex, docId: string, last: number): Application[] {
  return (index.applied.get(docId) ?? []).filter((a) => a.seen <= last)
}

function openAsOf(index: RealmIndex, doc: Dated, last: number): number {
  let open = money(doc.rec.TotalAmt)
  for (const a of appliedAsOf(index, doc.id, last)) open -= a.cents
  return open
}

/** Bank accounts in the home currency: the ones whose actual balance the backtest follows. */
export function cashAccounts(index: RealmIndex): AccountInfo[] {
  const foreign = [...index.accounts.values()].filter(
    (a) => a.type === 'Bank' && a.active && a.currency !== null && a.currency !== index.homeCurrency
  )
  // Their actual balance would need each day's rate; the sandbox's companies keep none.
  if (foreign.length > 0)
    throw new Error(
      `foreign-currency bank accounts are not backtested: ${foreign.map((a) => a.name).join(', ')}`
    )
  return [...index.accounts.values()].filter((a) => a.type === 'Bank' && a.active)
}

/**
 * The latest exchange rate a transaction in `currency` carried on `last`, as the reader takes the
 * latest one in the cache for today's; null when none.
 */
function latestRate(
  index: RealmIndex,
  currency: string,
  last: number
): { rate: number; date: LocalDate } | null {
  let best: { rate: number; date: LocalDate; created: string } | null = null
  for (const list of [
    index.deposits,
    index.purchases,
    index.payments,
    index.billPayments,
    index.invoices,
    index.bills
  ])
    for (const t of list) {
      const rate = t.rec.ExchangeRate
      if (t.seen > last || refValue(t.rec.CurrencyRef) !== currency || typeof rate !== 'number' || rate <= 0)
        continue
      const created = t.rec.MetaData.CreateTime
      if (!best || t.txnDate > best.date || (t.txnDate === best.date && created > best.created))
        best = { rate, date: t.txnDate, created }
    }
  return best && { rate: best.rate, date: best.date }
}

export interface AsOfOptions {
  historyDays?: number
  minCashCents?: number
}

/**
 * `Books` for the morning after `lastDay`: the engine is then run with today = lastDay + 1, which is
 * how the app sees its books after a morning sync (the burn window ends yesterday).
 */
export function booksAsOf(index: RealmIndex, lastDay: LocalDate, opts: AsOfOptions = {}): Books {
  const last = toDayNumber(lastDay)
  const today = addDays(lastDay, 1)
  const from = addDays(today, -(opts.historyDays ?? HISTORY_DAYS))
  // As the reader: invoices settled in the last year, whenever issued.
  const paidFrom = addDays(today, -PAID_INVOICE_HISTORY_DAYS)
  const exists = (d: Dated): boolean => d.seen <= last
  const inHistory = (d: Dated): boolean => d.txnDate >= from && exists(d)

  const vendorsById = new Map(index.vendors.map((v) => [v.id, v.rec]))
  const customersById = new Map(index.customers.map((c) => [c.id, c.rec]))
  const account = (id: string | null): AccountInfo | undefined => (id ? index.accounts.get(id) : undefined)

  // As the reader: bank and card accounts by name, foreign ones converted at the latest rate of the
  // day or, with none, left out and listed.
  const bankAccounts: BankAccount[] = []
  const creditCards: CreditCard[] = []
  const accountsLeftOut: AccountLeftOut[] = []
  const cash = [...index.accounts.values()]
    .filter((a) => (a.type === 'Bank' || a.type === 'Credit Card') && a.active && a.seen <= last)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const a of cash) {
    const type = a.type as 'Bank' | 'Credit Card'
    // Cards are liabilities: what is owed is the credits less the debits.
    const balanceCents = (type === 'Bank' ? 1 : -1) * debitsAsOf(a, last)
    const list: Array<BankAccount | CreditCard> = type === 'Bank' ? bankAccounts : creditCards
    if (a.currency === null || a.currency === index.homeCurrency) {
      list.push({ id: a.id, name: a.name, balanceCents })
      continue
    }
    const rate = latestRate(index, a.currency, last)
    if (!rate) {
      accountsLeftOut.push({ id: a.id, name: a.name, type, currency: a.currency, balanceCents })
      continue
    }
    list.push({
      id: a.id,
      name: a.name,
      balanceCents: toHome(balanceCents as Cents, rate.rate),
      foreign: { currency: a.currency, balanceCents, rate: rate.rate, rateDate: rate.date }
    })
  }

  const openBills: OpenBill[] = []
  const paidBills: PaidBill[] = []
  for (const b of index.bills) {
    if (!exists(b)) continue
    const r = b.rec
    const open = openAsOf(index, b, last)
    const vendorId = refValue(r.VendorRef) ?? ''
    if (open > 0) {
      const vendor = vendorsById.get(vendorId)
      const bill: OpenBill = {
        id: b.id,
        vendorId,
        vendorName: text(vendor?.DisplayName) ?? refName(r.VendorRef) ?? '',
        txnDate: b.txnDate,
        dueDate: text(r.DueDate),
        totalCents: home(r, money(r.TotalAmt)),
        balanceCents: home(r, open),
        critical: false
      }
      const docNumber = text(r.DocNumber)
      if (docNumber) bill.docNumber = docNumber
      // As the reader does: what the bill pays for, from its expense lines.
      const accounts = (
        (r.Line ?? []) as Array<{ AccountBasedExpenseLineDetail?: { AccountRef?: { name?: unknown } } }>
      )
        .map((l) => text(l.AccountBasedExpenseLineDetail?.AccountRef?.name))
        .filter((n): n is string => n !== null)
      if (accounts.length > 0) bill.accountNames = [...new Set(accounts)]
      const term = index.terms.get(refValue(r.SalesTermRef) ?? '')
      if (
        term &&
        typeof term.DiscountPercent === 'number' &&
        typeof term.DiscountDays === 'number' &&
        term.DiscountPercent > 0
      ) {
        bill.discount = { percent: term.DiscountPercent, byDate: addDays(b.txnDate, term.DiscountDays) }
      }
      openBills.push(bill)
    } else if (open === 0 && b.txnDate >= from) {
      const paid = paidDate(appliedAsOf(index, b.id, last))
      if (paid)
        paidBills.push({
          id: b.id,
          vendorId,
          dueDate: text(r.DueDate),
          txnDate: b.txnDate,
          paidDate: paid,
          amountCents: home(r, money(r.TotalAmt))
        })
    }
  }

  const openInvoices: OpenInvoice[] = []
  const paidInvoices: PaidInvoice[] = []
  for (const i of index.invoices) {
    if (!exists(i)) continue
    const r = i.rec
    const open = openAsOf(index, i, last)
    const customerId = refValue(r.CustomerRef) ?? ''
    const customer = customersById.get(customerId)
    if (open > 0) {
      const invoice: OpenInvoice = {
        id: i.id,
        customerId,
        customerName: text(customer?.DisplayName) ?? refName(r.CustomerRef) ?? '',
        txnDate: i.txnDate,
        dueDate: text(r.DueDate),
        totalCents: home(r, money(r.TotalAmt)),
        balanceCents: home(r, open),
        email: text(obj(r.BillEmail)?.Address) ?? text(obj(customer?.PrimaryEmailAddr)?.Address),
        lastReminderAt: null,
        lastReminderBy: null,
        reminderCount: 0
      }
      const docNumber = text(r.DocNumber)
      if (docNumber) invoice.docNumber = docNumber
      const status = emailStatusAsOf(r, lastDay)
      if (status) invoice.emailStatus = status
      openInvoices.push(invoice)
    } else if (open === 0) {
      const paid = paidDate(appliedAsOf(index, i.id, last))
      if (paid && paid >= paidFrom)
        paidInvoices.push({
          id: i.id,
          customerId,
          dueDate: text(r.DueDate),
          txnDate: i.txnDate,
          paidDate: paid,
          amountCents: home(r, money(r.TotalAmt)),
          payments: paymentsByDay(appliedAsOf(index, i.id, last))
        })
    }
  }

  const cashOut: CashOut[] = []
  for (const bp of index.billPayments) {
    if (!inHistory(bp)) continue
    const r = bp.rec
    const accountId =
      refValue(obj(r.CheckPayment)?.BankAccountRef) ?? refValue(obj(r.CreditCardPayment)?.CCAccountRef)
    if (!isBank(account(accountId))) continue
    const vendorId = refValue(r.VendorRef) ?? ''
    cashOut.push({
      date: bp.txnDate,
      payeeId: vendorId,
      payeeName: text(vendorsById.get(vendorId)?.DisplayName) ?? refName(r.VendorRef) ?? '',
      amountCents: home(r, money(r.TotalAmt)),
      kind: 'bill-payment',
      accountId: accountId!
    })
  }
  for (const p of index.purchases) {
    if (!inHistory(p)) continue
    const r = p.rec
    const accountId = refValue(r.AccountRef)
    if (!isBank(account(accountId)) || r.Credit === true) continue
    cashOut.push({
      date: p.txnDate,
      payeeId: refValue(r.EntityRef),
      payeeName: refName(r.EntityRef) ?? '',
      amountCents: home(r, money(r.TotalAmt)),
      kind: 'purchase',
      accountId: accountId!
    })
  }

  const cardCharges: CashOut[] = []
  for (const p of index.purchases) {
    if (!inHistory(p)) continue
    const r = p.rec
    const accountId = refValue(r.AccountRef)
    if (account(accountId)?.type !== 'Credit Card' || r.Credit === true) continue
    cardCharges.push({
      date: p.txnDate,
      payeeId: refValue(r.EntityRef),
      payeeName: refName(r.EntityRef) ?? '',
      amountCents: home(r, money(r.TotalAmt)),
      kind: 'purchase',
      accountId: accountId!
    })
  }

  const cashIn: CashIn[] = []
  for (const p of index.payments) {
    if (!inHistory(p) || !isBank(account(refValue(p.rec.DepositToAccountRef)))) continue
    cashIn.push({
      date: p.txnDate,
      payerId: refValue(p.rec.CustomerRef) ?? '',
      payerName: refName(p.rec.CustomerRef) ?? '',
      amountCents: home(p.rec, money(p.rec.TotalAmt)),
      kind: 'payment'
    })
  }
  for (const d of index.deposits) {
    if (!inHistory(d) || !isBank(account(refValue(d.rec.DepositToAccountRef)))) continue
    cashIn.push({
      date: d.txnDate,
      payerId: null,
      payerName: 'Deposit',
      amountCents: home(d.rec, money(d.rec.TotalAmt)),
      kind: 'deposit'
    })
  }

  const unappliedPayments: UnappliedPayment[] = []
  for (const p of index.payments) {
    if (!exists(p)) continue
    let unapplied = money(p.rec.TotalAmt)
    for (const l of lines(p.rec))
      for (const link of linksOf(l)) {
        if (link.type === 'Invoice') unapplied -= money(l.Amount)
        else if (link.type === 'CreditMemo') unapplied += money(l.Amount)
      }
    if (unapplied > 0)
      unappliedPayments.push({
        id: p.id,
        customerId: refValue(p.rec.CustomerRef) ?? '',
        customerName: refName(p.rec.CustomerRef) ?? '',
        amountCents: home(p.rec, unapplied),
        date: p.txnDate
      })
  }
  for (const m of index.creditMemos) {
    if (!exists(m)) continue
    const open = openAsOf(index, m, last)
    if (open <= 0) continue
    const customerId = refValue(m.rec.CustomerRef) ?? ''
    unappliedPayments.push({
      id: m.id,
      customerId,
      customerName: text(customersById.get(customerId)?.DisplayName) ?? '',
      amountCents: home(m.rec, open),
      date: m.txnDate
    })
  }

  const vendorCredits: VendorCredit[] = []
  for (const c of index.vendorCredits) {
    if (!exists(c)) continue
    const open = openAsOf(index, c, last)
    if (open <= 0) continue
    const vendorId = refValue(c.rec.VendorRef) ?? ''
    vendorCredits.push({
      id: c.id,
      vendorId,
      vendorName: text(vendorsById.get(vendorId)?.DisplayName) ?? '',
      amountCents: home(c.rec, open),
      date: c.txnDate
    })
  }

  // Like the reader: recent payments still in Undeposited Funds one by one, and whatever else the
  // account held on that day as one older item.
  const undepositedFunds: UndepositedFund[] = []
  for (const uf of index.accounts.values()) {
    if (uf.type === 'Bank' || uf.name !== 'Undeposited Funds') continue
    let recentCents = 0
    for (const p of index.payments) {
      if (!exists(p) || p.txnDate < from || index.receivedInto.get(p.id) !== uf.id) continue
      if ((index.depositedOn.get(p.id) ?? []).some((day) => day <= last)) continue
      const amountCents = home(p.rec, money(p.rec.TotalAmt))
      recentCents += amountCents
      undepositedFunds.push({ id: p.id, amountCents, date: p.txnDate })
    }
    const older = debitsAsOf(uf, last) - recentCents
    if (older > 0)
      undepositedFunds.push({ id: `older-than-${from}`, amountCents: older, date: addDays(from, -1) })
  }

  const vendors: Vendor[] = index.vendors
    .filter((v) => exists(v) && v.rec.Active !== false)
    .map((v) => ({
      id: v.id,
      name: text(v.rec.DisplayName) ?? '',
      hasTerms: refValue(v.rec.TermRef) !== null,
      critical: false
    }))
  const customers: Customer[] = index.customers
    .filter((c) => exists(c) && c.rec.Active !== false)
    .map((c) => ({
      id: c.id,
      name: text(c.rec.DisplayName) ?? '',
      email: text(obj(c.rec.PrimaryEmailAddr)?.Address)
    }))

  return {
    homeCurrency: index.homeCurrency,
    bankAccounts,
    creditCards,
    accountsLeftOut,
    openBills,
    openInvoices,
    paidInvoices,
    paidBills,
    cashOut,
    cashIn,
    cardCharges,
    vendors,
    customers,
    unappliedPayments,
    vendorCredits,
    undepositedFunds,
    plannedDates: {},
    // The bookkeeper's own word is kept in the app, not in QBO: a backtest has none to give.
    expectations: { invoices: {}, customers: {} },
    recurringDecisions: {},
    reserves: [],
    minCashCents: opts.minCashCents ?? 0
  }
}

/** The date the last of the payments that closed a document was made; null when none closed it. */
function paidDate(applications: Application[]): LocalDate | null {
  let latest: LocalDate | null = null
  for (const a of applications) if (latest === null || a.txnDate > latest) latest = a.txnDate
  return latest
}

/** What was applied on each day, oldest first. */
function paymentsByDay(applications: Application[]): { date: LocalDate; cents: number }[] {
  const byDay = new Map<LocalDate, number>()
  for (const a of applications) byDay.set(a.txnDate, (byDay.get(a.txnDate) ?? 0) + a.cents)
  return [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, cents]) => ({ date, cents }))
}

/** An invoice emailed after the day was still waiting to be sent on that day. */
function emailStatusAsOf(r: Json, lastDay: LocalDate): string | null {
  const status = text(r.EmailStatus)
  const delivered = text(obj(r.DeliveryInfo)?.DeliveryTime)
  if (status === 'EmailSent' && delivered && delivered.slice(0, 10) > lastDay) return 'NeedToSend'
  return status
}

// -- what the bank actually did ------------------------------------------------------------------

/**
 * End-of-day total of the cash accounts for each day from `first` to `lastDay`, by TxnDate over
 * the complete books: the truth a forecast made on an earlier day is compared with.
 */
export function bankBalances(index: RealmIndex, first: LocalDate, lastDay: LocalDate): number[] {
  const firstN = toDayNumber(first)
  const days = toDayNumber(lastDay) - firstN + 1
  const change = new Array<number>(days).fill(0)
  let opening = 0
  for (const a of cashAccounts(index))
    for (const p of a.postings) {
      if (p.day < firstN) opening += p.cents
      else if (p.day - firstN < days) change[p.day - firstN]! += p.cents
    }
  const out = new Array<number>(days)
  let running = opening
  for (let d = 0; d < days; d += 1) out[d] = running += change[d]!
  return out
}

/** Money that left the cash accounts each day (credits only), by TxnDate. */
export function bankOutflows(index: RealmIndex, first: LocalDate, lastDay: LocalDate): number[] {
  const firstN = toDayNumber(first)
  const days = toDayNumber(lastDay) - firstN + 1
  const out = new Array<number>(days).fill(0)
  for (const a of cashAccounts(index))
    for (const p of a.postings)
      if (p.cents < 0 && p.day >= firstN && p.day - firstN < days) out[p.day - firstN]! -= p.cents
  return out
}
