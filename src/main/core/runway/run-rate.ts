// Money the books do not hold yet. Over thirteen weeks most of what a company collects is on
// invoices it has not written yet, and much of what it pays is on bills not yet entered: a forecast
// of the open documents alone shows cash falling for want of sales that will happen. This projects
// both from the company's own recent past, each customer and vendor at its own rate and on its own
// timing, and keeps them apart from the booked documents (their own lines in the weekly table), so
// the bookkeeper always sees what is booked and what is projected.
//
// For a customer invoicing `r` a day and paying an invoice `k` days after its date with share p(k),
// the money collected on day d of the forecast from invoices issued from today on is
// r · Σ_{t ≤ d} p(d − t) = r · P(lag ≤ d): nothing at first, the full rate once new invoices have had
// the time they usually take. The same for a vendor's bills and the company's payments of them.
import { moneyDate, payeeKey, type Books, type Cents } from './books'
import { addDays, daysBetween, maxDate, type LocalDate } from '../../../shared/dates'
import { COLLECTION_CURVE, PRIOR_WEIGHT } from './receivables'
import type { RecurringSeries } from './recurring'

/** The past the rates are read from: half a year, the most the books reader holds. A quarter
 *  carried a seasonal company's season just past into the next one (a busy autumn projected
 *  through a quiet winter); two quarters weigh it against the one before. */
export const RUN_RATE_WINDOW_DAYS = 180

export type RunRateSide = 'sales' | 'bills'

export interface RunRate {
  side: RunRateSide
  /** Customer or vendor id. */
  partyId: string
  name: string
  /** Invoiced (sales) or paid from the bank on bills (bills) over the window. */
  windowCents: Cents
  windowDays: number
  /** Days from a document's date to its payment, sorted: the party's own, or the company's when
   *  the party has fewer than PRIOR_WEIGHT paid documents. */
  lags: number[]
  lagBasis: 'own' | 'company'
  /** Share of the money expected at all: for sales, the share of invoices collected by their due
   *  date or later on the collection curve; 1 for bills. */
  chance: number
}

/**
 * One rate per party with money in the window, timed by the party's own lags once it has
 * PRIOR_WEIGHT paid documents, else by the company's.
 */
function addRates<T extends { txnDate: LocalDate; paidDate: LocalDate }>(
  out: RunRate[],
  side: RunRate['side'],
  totals: ReadonlyMap<string, { name: string; cents: number }>,
  paid: readonly T[],
  partyOf: (row: T) => string,
  windowDays: number,
  chance: number
): void {
  const partyLags = new Map([...groupBy(paid, partyOf)].map(([id, rows]) => [id, sortedLags(rows)]))
  const companyLags = sortedLags(paid)
  for (const [id, { name, cents }] of totals) {
    if (cents <= 0) continue
    const own = partyLags.get(id) ?? []
    const useOwn = own.length >= PRIOR_WEIGHT || companyLags.length === 0
    const lags = useOwn ? own : companyLags
    if (lags.length === 0) continue
    out.push({
      side,
      partyId: id,
      name,
      windowCents: cents,
      windowDays,
      lags,
      lagBasis: useOwn ? 'own' : 'company',
      chance
    })
  }
}

function sortedLags(rows: readonly { txnDate: LocalDate; paidDate: LocalDate }[]): number[] {
  return rows.map((r) => Math.max(0, daysBetween(r.txnDate, r.paidDate))).sort((a, b) => a - b)
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = out.get(k)
    if (list) list.push(row)
    else out.set(k, [row])
  }
  return out
}

/**
 * Each customer's invoicing and each vendor's bills over the window before today, with their timing.
 * Bills come from what left the bank for a vendor's bills (so bills settled by card, whose cash is
 * the card's payment, are not counted twice) and leave out every vendor whose bills the recurring
 * detector carries as a series (rent, payroll through bills): those are projected one by one.
 */
export function runRates(
  books: Pick<
    Books,
    'openInvoices' | 'paidInvoices' | 'paidBills' | 'cashOut' | 'cashIn' | 'customers' | 'vendors'
  >,
  today: LocalDate,
  recurring: readonly RecurringSeries[],
  maxWindowDays = RUN_RATE_WINDOW_DAYS
): RunRate[] {
  // A company whose books start inside the window has a rate over the days it has books for, not
  // its invoices spread thin over days before it kept them.
  let first: LocalDate = today
  for (const c of [...books.cashIn, ...books.cashOut]) if (c.date < first) first = c.date
  for (const d of [...books.openInvoices, ...books.paidInvoices]) if (d.txnDate < first) first = d.txnDate
  const from = maxDate(addDays(today, -maxWindowDays), first)
  const windowDays = Math.max(1, daysBetween(from, today))
  const inWindow = (date: LocalDate): boolean => date >= from && date < today
  const out: RunRate[] = []

  const invoiced = new Map<string, { name: string; cents: number }>()
  const customerNames = new Map(books.customers.map((c) => [c.id, c.name]))
  const addInvoiced = (id: string, name: string, cents: number): void => {
    const row = invoiced.get(id) ?? { name, cents: 0 }
    row.cents += cents
    invoiced.set(id, row)
  }
  for (const i of books.openInvoices)
    if (inWindow(i.txnDate)) addInvoiced(i.customerId, i.customerName, i.totalCents)
  for (const p of books.paidInvoices)
    if (inWindow(p.txnDate))
      addInvoiced(p.customerId, customerNames.get(p.customerId) ?? p.customerId, p.amountCents)
  const paidInvoices = books.paidInvoices.map((p) => ({ ...p, paidDate: moneyDate(p) }))
  // The share of invoices that reach their due date unpaid and are never collected (the survey's).
  const salesChance = COLLECTION_CURVE[0]!.chance
  addRates(out, 'sales', invoiced, paidInvoices, (p) => p.customerId, windowDays, salesChance)

  const seriesKeys = new Set(recurring.filter((s) => s.source === 'bill').map((s) => s.key))
  const vendorNames = new Map(books.vendors.map((v) => [v.id, v.name]))
  const paidToVendor = new Map<string, { name: string; cents: number }>()
  for (const c of books.cashOut) {
    if (c.kind !== 'bill-payment' || c.payeeId === null || !inWindow(c.date)) continue
    if (seriesKeys.has(`bill:${payeeKey(c.payeeId, c.payeeName)}`)) continue
    const row = paidToVendor.get(c.payeeId) ?? { name: vendorNames.get(c.payeeId) ?? c.payeeName, cents: 0 }
    row.cents += c.amountCents
    paidToVendor.set(c.payeeId, row)
  }
  addRates(out, 'bills', paidToVendor, books.paidBills, (b) => b.vendorId, windowDays, 1)
  return out
}

/**
 * The run rate's money on each day of the horizon, in whole cents that add up exactly: the
 * cumulative expected amount through day d is rounded, and each day gets its growth.
 */
export function projectRunRate(rate: RunRate, horizonDays: number): number[] {
  const perDay = (rate.windowCents * rate.chance) / rate.windowDays
  const out = new Array<number>(horizonDays).fill(0)
  let cumulative = 0
  let before = 0
  let i = 0
  for (let d = 0; d < horizonDays; d += 1) {
    while (i < rate.lags.length && rate.lags[i]! <= d) i += 1
    cumulative += (perDay * i) / rate.lags.length
    const rounded = Math.round(cumulative)
    out[d] = rounded - before
    before = rounded
  }
  return out
}
