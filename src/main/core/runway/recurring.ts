// Recurring outflows (payroll, rent, subscriptions) found in the books, so the forecast carries next
// month's rent even though nobody has entered next month's bill yet. They are found where each is
// paid from: a vendor billed at a regular interval (rent, a payroll service that invoices), checks and
// expenses from the bank (a payroll debit, bank fees), and card charges (software subscriptions).
import { billDueDate, payeeKey, type Books, type CashOut, type Cents } from './books'
import {
  addDays,
  addMonths,
  businessDayOnOrAfter,
  daysBetween,
  fromDayNumber,
  maxDate,
  toDayNumber,
  type LocalDate
} from '../../../shared/dates'

/** `quarterly`: the US federal estimated-tax due dates (estimatedTaxDates), not every three months. */
export type Cadence = 'weekly' | 'biweekly' | 'monthly' | 'quarterly'

/**
 * Where the money goes out: `bill` — a vendor's bills (a series of bill dates; the cash leaves on
 * each bill's due date); `expense` — checks and expenses paid straight from the bank; `card` —
 * charges on a credit card, which reach the bank only with the card's payment.
 */
export type SeriesSource = 'bill' | 'expense' | 'card'

export type SeriesDecision = 'confirmed' | 'dismissed'

interface CadenceRule {
  cadence: Cadence
  /** Accepted gaps between two occurrences, inclusive. Calendar months are 28–31 days, so monthly
   *  needs a wider band than the date wobble alone. The bands do not overlap. */
  minGap: number
  maxGap: number
  /** Nominal interval (monthly uses calendar months when projecting). */
  interval: number
}

const CADENCES: readonly CadenceRule[] = [
  { cadence: 'weekly', minGap: 6, maxGap: 8, interval: 7 },
  { cadence: 'biweekly', minGap: 12, maxGap: 16, interval: 14 },
  { cadence: 'monthly', minGap: 26, maxGap: 35, interval: 30 }
]

export const MIN_OCCURRENCES = 3
/** Only the latest occurrences decide: an amount from half a year ago says little about next month. */
export const MAX_RUN = 6
/** Amounts within this share of the run's median count as "the same payment". */
export const AMOUNT_TOLERANCE = 0.15

/** Payroll services and payroll words, whole words only. */
export const PAYROLL_RE =
  /\b(payroll|gusto|adp|paychex|rippling|justworks|trinet|insperity|wages?|salary|salaries)\b/i

export interface Occurrence {
  date: LocalDate
  /** Everything the payee was paid (or billed) that day: a split payroll is one occurrence. */
  amountCents: Cents
}

export interface RecurringSeries {
  /** `<source>:<payee>`: stable across syncs, so the user's verdict sticks to it. */
  key: string
  source: SeriesSource
  payroll: boolean
  payeeId: string | null
  payeeName: string
  cadence: Cadence
  /** What the next one will be: a fixed amount (the latest two the same: rent after its yearly
   *  raise) is itself; anything else is the median of the run, which one short or odd month does
   *  not move. */
  amountCents: Cents
  run: Occurrence[]
  lastDate: LocalDate
  /** Day of month monthly occurrences fall on (median of the run). */
  dayOfMonth: number
  /** Days from an occurrence to the cash leaving the bank: a bill's usual terms; 0 otherwise. */
  cashAfterDays: number
  /** Still running as of today: the detector's view, or the user's "confirmed". */
  active: boolean
  decision: SeriesDecision | null
  /** Carried by the forecast itself: active, not dismissed, and not a card charge (the card's
   *  payment from the bank carries those, as a series of its own or as unscheduled spend). */
  projected: boolean
  /** When the next occurrence's cash goes out (a card charge: when it is charged); null once the
   *  series has stopped. */
  nextDate: LocalDate | null
}

/** The key of the expense series a bank cash-out row would belong to. */
export function expenseSeriesKey(row: Pick<CashOut, 'payeeId' | 'payeeName'>): string {
  return `expense:${payeeKey(row.payeeId, row.payeeName)}`
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  if (sorted.length % 2 === 1) return sorted[mid]!
  return Math.round((sorted[mid - 1]! + sorted[mid]!) / 2)
}

function ruleFor(gap: number): CadenceRule | undefined {
  return CADENCES.find((c) => gap >= c.minGap && gap <= c.maxGap)
}

/** Estimated tax is not found by its gaps (61 to 122 days between due dates) but by its dates. It
 *  has stopped when the widest gap and a week have passed without a payment; an installment a week
 *  past its due date with no payment in the books is late (the slack, maxGap − interval), not
 *  skipped. */
const ESTIMATED_TAX_RULE: CadenceRule = { cadence: 'quarterly', minGap: 61, maxGap: 129, interval: 122 }

export function cadenceRule(cadence: Cadence): CadenceRule {
  return cadence === 'quarterly' ? ESTIMATED_TAX_RULE : CADENCES.find((c) => c.cadence === cadence)!
}

// -- US federal estimated tax ----------------------------------------------------------------------

/** The IRS as a payee: its own name, the Treasury, or the payment system (EFTPS) it is paid through. */
export const IRS_RE = /\b(internal revenue service|irs|u\.?s\.? treasury|united states treasury|eftps)\b/i

/** Month and day the federal estimated tax falls due (IRS Form 1040-ES / 1120-W): 15 April, 15 June,
 *  15 September and 15 January. */
export const ESTIMATED_TAX_DUE: readonly (readonly [month: number, day: number])[] = [
  [1, 15],
  [4, 15],
  [6, 15],
  [9, 15]
]

/** Days after a due date (moved off a weekend) a payment still counts as that installment. */
export const ESTIMATED_TAX_GRACE_DAYS = 3

/** The estimated-tax due dates of `year`, each on the business day it is paid on. */
export function estimatedTaxDates(year: number): LocalDate[] {
  return ESTIMATED_TAX_DUE.map(([m, d]) =>
    fromDayNumber(
      businessDayOnOrAfter(toDayNumber(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`))
    )
  )
}

/** The installment a payment on `date` pays: the due date it falls on or just after; null if none. */
function estimatedTaxDueFor(date: LocalDate): LocalDate | null {
  const year = Number(date.slice(0, 4))
  for (const due of [...estimatedTaxDates(year - 1), ...estimatedTaxDates(year)]) {
    const late = daysBetween(due, date)
    if (late >= 0 && late <= ESTIMATED_TAX_GRACE_DAYS) return due
  }
  return null
}

/** The `k`-th estimated-tax due date after `date`. */
function nthEstimatedTaxDate(date: LocalDate, k: number): LocalDate {
  let year = Number(date.slice(0, 4))
  let seen = 0
  for (;;) {
    for (const due of estimatedTaxDates(year)) if (due > date && ++seen === k) return due
    year += 1
  }
}

interface Item {
  date: LocalDate
  amountCents: Cents
  payeeId: string | null
  payeeName: string
  /** Bills only: days from the bill date to its due date. */
  cashAfterDays: number
}

/** What each source has to say, grouped by series key. */
function itemsBySeries(
  books: Pick<Books, 'openBills' | 'paidBills' | 'vendors' | 'cashOut' | 'cardCharges'>,
  today: LocalDate
): Map<string, { source: SeriesSource; items: Item[] }> {
  const groups = new Map<string, { source: SeriesSource; items: Item[] }>()
  const put = (source: SeriesSource, item: Item): void => {
    if (item.date > today || item.amountCents <= 0) return
    const key = `${source}:${payeeKey(item.payeeId, item.payeeName)}`
    const group = groups.get(key)
    if (group) group.items.push(item)
    else groups.set(key, { source, items: [item] })
  }
  // A vendor paid through bills recurs when its bills do: the payments follow the company's own
  // habits (late, in parts, several bills at once), which hide the rhythm the bills keep.
  const vendorNames = new Map(books.vendors.map((v) => [v.id, v.name]))
  for (const b of books.openBills) {
    put('bill', {
      date: b.txnDate,
      amountCents: b.totalCents,
      payeeId: b.vendorId,
      payeeName: b.vendorName,
      cashAfterDays: daysBetween(b.txnDate, billDueDate(b))
    })
  }
  // A paid bill says when its cash really left: a landlord paid three weeks after each bill is
  // paid three weeks after the next one too, whatever the terms say.
  for (const b of books.paidBills) {
    put('bill', {
      date: b.txnDate,
      amountCents: b.amountCents,
      payeeId: b.vendorId,
      payeeName: vendorNames.get(b.vendorId) ?? b.vendorId,
      cashAfterDays: daysBetween(b.txnDate, b.paidDate)
    })
  }
  // Bill payments are left to the bills they pay.
  for (const row of books.cashOut) {
    if (row.kind === 'bill-payment') continue
    put('expense', {
      date: row.date,
      amountCents: row.amountCents,
      payeeId: row.payeeId,
      payeeName: row.payeeName,
      cashAfterDays: 0
    })
  }
  for (const row of books.cardCharges ?? []) {
    put('card', {
      date: row.date,
      amountCents: row.amountCents,
      payeeId: row.payeeId,
      payeeName: row.payeeName,
      cashAfterDays: 0
    })
  }
  return groups
}

/**
 * Finds payees paid (or billed) at a regular interval (weekly 6–8 days, biweekly 12–16, monthly
 * 26–35) with amounts within 15% of the median, at least 3 times in a row up to the latest. Only the
 * latest run counts, so a payee that changed cadence is judged on how it is paid now. Payments to
 * the IRS that all fall on federal estimated-tax due dates are a quarterly series of their own
 * (estimatedTaxRun): they recur on those dates, not at an interval.
 *
 * Active: the next occurrence is not overdue by more than the cadence's slack, or the user confirmed
 * the series. A dismissed series is still listed (its past payments are not spread as unscheduled
 * spending either: the user said they do not go on) but is not projected.
 */
export function detectRecurring(
  books: Pick<
    Books,
    'openBills' | 'paidBills' | 'vendors' | 'cashOut' | 'cardCharges' | 'recurringDecisions'
  >,
  today: LocalDate
): RecurringSeries[] {
  const found: RecurringSeries[] = []
  for (const [key, { source, items }] of itemsBySeries(books, today)) {
    const occurrences = mergeSameDay(items)
    const latestItem = items.filter((i) => i.date === occurrences.at(-1)?.date).at(-1)
    const match =
      regularRun(occurrences) ??
      (source === 'expense' && latestItem && IRS_RE.test(latestItem.payeeName)
        ? estimatedTaxRun(occurrences)
        : null)
    if (!match || !latestItem) continue
    const { rule, run, amount } = match
    const last = run.at(-1)!
    const runItems = items.filter((i) => i.date >= run[0]!.date)
    const decision = books.recurringDecisions?.[key] ?? null
    const detected = daysBetween(last.date, today) <= rule.maxGap
    const active = detected || decision === 'confirmed'
    const series: RecurringSeries = {
      key,
      source,
      payroll: PAYROLL_RE.test(latestItem.payeeName),
      payeeId: latestItem.payeeId,
      payeeName: latestItem.payeeName,
      cadence: rule.cadence,
      amountCents: amount,
      run: run.map((o) => ({ date: o.date, amountCents: o.amountCents })),
      lastDate: last.date,
      dayOfMonth: median(run.map((o) => Number(o.date.slice(8, 10)))),
      cashAfterDays: Math.max(0, median(runItems.map((i) => i.cashAfterDays))),
      active,
      decision,
      projected: active && decision !== 'dismissed' && source !== 'card',
      nextDate: null
    }
    series.nextDate = active ? (occurrencesFrom(series, today, addDays(today, 400))[0]?.date ?? null) : null
    found.push(series)
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

interface Run {
  rule: CadenceRule
  run: Occurrence[]
  amount: Cents
}

/** The latest run at one of the regular intervals, with similar amounts; null when there is none. */
function regularRun(occurrences: readonly Occurrence[]): Run | null {
  if (occurrences.length < MIN_OCCURRENCES) return null
  const last = occurrences[occurrences.length - 1]!
  const prev = occurrences[occurrences.length - 2]!
  const rule = ruleFor(daysBetween(prev.date, last.date))
  if (!rule) return null

  let start = occurrences.length - 1
  while (start > 0 && occurrences.length - start < MAX_RUN) {
    const gap = daysBetween(occurrences[start - 1]!.date, occurrences[start]!.date)
    if (gap < rule.minGap || gap > rule.maxGap) break
    start -= 1
  }
  const run = occurrences.slice(start)
  if (run.length < MIN_OCCURRENCES) return null

  const middle = median(run.map((o) => o.amountCents))
  const similar = run.every((o) => Math.abs(o.amountCents - middle) <= middle * AMOUNT_TOLERANCE)
  if (!similar) return null
  return { rule, run, amount: last.amountCents === prev.amountCents ? last.amountCents : middle }
}

/** A year of installments decides the next one's amount. */
export const ESTIMATED_TAX_RUN = 4

/**
 * Federal estimated tax: every payment to the payee falls on an installment's due date (or within
 * ESTIMATED_TAX_GRACE_DAYS after it), one payment per installment. The next installments are the
 * average of the last year's: a business pays its year's estimate in equal parts, and one quarter's
 * true-up says less than the four together. A single installment is enough (half a year of books
 * holds one or two), since the dates come from the tax calendar, not from the gaps.
 */
function estimatedTaxRun(occurrences: readonly Occurrence[]): Run | null {
  if (occurrences.length === 0) return null
  const installments = new Set<LocalDate>()
  for (const o of occurrences) {
    const due = estimatedTaxDueFor(o.date)
    if (due === null || installments.has(due)) return null
    installments.add(due)
  }
  const run = occurrences.slice(-ESTIMATED_TAX_RUN)
  const amount = Math.round(run.reduce((sum, o) => sum + o.amountCents, 0) / run.length)
  return { rule: ESTIMATED_TAX_RULE, run, amount }
}

function mergeSameDay(items: Item[]): Occurrence[] {
  const byDate = new Map<LocalDate, Occurrence>()
  for (const item of items) {
    const o = byDate.get(item.date)
    if (o) o.amountCents += item.amountCents
    else byDate.set(item.date, { date: item.date, amountCents: item.amountCents })
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** The k-th occurrence after the series' last one. */
export function nthNext(
  series: Pick<RecurringSeries, 'cadence' | 'lastDate' | 'dayOfMonth'>,
  k: number
): LocalDate {
  if (series.cadence === 'quarterly') return nthEstimatedTaxDate(series.lastDate, k)
  if (series.cadence === 'monthly') return addMonths(series.lastDate, k, series.dayOfMonth)
  return addDays(series.lastDate, k * cadenceRule(series.cadence).interval)
}

export interface ProjectedPayment {
  /** When the forecast puts it: the occurrence's cash date, or today for one a little late. */
  date: LocalDate
  /** When the cadence says the occurrence falls (a bill: its date, not its due date). */
  scheduled: LocalDate
  amountCents: Cents
}

/**
 * The occurrences after the last one in the books whose cash falls in [today, lastDay]. One whose
 * date passed by no more than the cadence's slack is late (a bill not entered yet, a debit not
 * synced) and its cash is placed no earlier than today; one overdue by more did not happen and is
 * not invented.
 */
function occurrencesFrom(series: RecurringSeries, today: LocalDate, lastDay: LocalDate): ProjectedPayment[] {
  const out: ProjectedPayment[] = []
  const rule = cadenceRule(series.cadence)
  const slack = rule.maxGap - rule.interval
  for (let k = 1; ; k += 1) {
    const scheduled = nthNext(series, k)
    const cash = addDays(scheduled, series.cashAfterDays)
    if (cash > lastDay) break
    if (scheduled < today && daysBetween(scheduled, today) > slack) continue
    out.push({ date: maxDate(cash, today), scheduled, amountCents: series.amountCents })
  }
  return out
}

/** What the forecast carries for a series over [today, lastDay]: nothing unless it is projected. */
export function projectSeries(
  series: RecurringSeries,
  today: LocalDate,
  lastDay: LocalDate
): ProjectedPayment[] {
  return series.projected ? occurrencesFrom(series, today, lastDay) : []
}
