// Recurring outflows (payroll, rent, subscriptions) found in the cash-out history, so the forecast
// carries next month's rent even though nobody has entered next month's bill yet.
import { billDueDate, normalizeName, type CashOut, type Cents, type OpenBill } from './books'
import { addDays, addMonths, daysBetween, toDayNumber, type LocalDate } from '../../../shared/dates'

export type Cadence = 'weekly' | 'biweekly' | 'monthly'

interface CadenceRule {
  cadence: Cadence
  /** Accepted gaps between two payments, inclusive. Calendar months are 28–31 days, so monthly
   *  needs a wider band than the payment-date wobble alone. The bands do not overlap. */
  minGap: number
  maxGap: number
  /** Nominal interval (monthly uses calendar months when projecting). */
  interval: number
  /** An open bill this close to a projected payment stands for it. */
  coverWindow: number
}

const CADENCES: readonly CadenceRule[] = [
  { cadence: 'weekly', minGap: 6, maxGap: 8, interval: 7, coverWindow: 3 },
  { cadence: 'biweekly', minGap: 12, maxGap: 16, interval: 14, coverWindow: 7 },
  { cadence: 'monthly', minGap: 26, maxGap: 35, interval: 30, coverWindow: 15 }
]

export const MIN_OCCURRENCES = 3
/** Only the latest payments decide: an amount from half a year ago says little about next month. */
export const MAX_RUN = 6
/** Amounts within this share of the run's median count as "the same payment". */
export const AMOUNT_TOLERANCE = 0.15

export interface Occurrence {
  date: LocalDate
  amountCents: Cents
  /** The cash-out rows merged into this occurrence (same payee, same day: e.g. split payroll). */
  rows: CashOut[]
}

export interface RecurringSeries {
  key: string
  payeeId: string | null
  payeeName: string
  cadence: Cadence
  /** Median of the run: a single raise or a short month does not move it. */
  amountCents: Cents
  run: Occurrence[]
  lastDate: LocalDate
  /** Day of month monthly payments fall on (median of the run). */
  dayOfMonth: number
  /** Whether the series still runs as of today (see detectRecurring). */
  active: boolean
}

/** The payee a cash-out row belongs to, as series keys are spelled. */
export function cashOutPayeeKey(row: CashOut): string {
  return row.payeeId ? `id:${row.payeeId}` : `name:${normalizeName(row.payeeName)}`
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

export function cadenceRule(cadence: Cadence): CadenceRule {
  return CADENCES.find((c) => c.cadence === cadence)!
}

/** Bills of the series' payee: by vendor id when the payment carried one, else by name. */
export function billsOfPayee(
  series: Pick<RecurringSeries, 'payeeId' | 'payeeName'>,
  bills: readonly OpenBill[]
): OpenBill[] {
  const name = normalizeName(series.payeeName)
  return bills.filter(
    (b) =>
      b.balanceCents > 0 &&
      (series.payeeId ? b.vendorId === series.payeeId : normalizeName(b.vendorName) === name)
  )
}

/**
 * Finds payees paid at a regular interval (weekly 6–8 days, biweekly 12–16, monthly 26–35) with
 * amounts within 15% of the median, at least 3 times in a row up to the latest payment. Only the
 * latest run counts, so a payee that changed cadence is judged on how it is paid now.
 *
 * Active: the next payment is not overdue by more than the cadence's slack — or the payee has an
 * open bill, because a rent bill that is simply unpaid this month means the lease has not ended.
 */
export function detectRecurring(
  cashOut: readonly CashOut[],
  today: LocalDate,
  openBills: readonly OpenBill[] = []
): RecurringSeries[] {
  const groups = new Map<string, CashOut[]>()
  for (const row of cashOut) {
    if (row.date > today || row.amountCents <= 0) continue
    const key = cashOutPayeeKey(row)
    const list = groups.get(key)
    if (list) list.push(row)
    else groups.set(key, [row])
  }

  const found: RecurringSeries[] = []
  for (const [key, rows] of groups) {
    const occurrences = mergeSameDay(rows)
    if (occurrences.length < MIN_OCCURRENCES) continue
    const last = occurrences[occurrences.length - 1]!
    const prev = occurrences[occurrences.length - 2]!
    const rule = ruleFor(daysBetween(prev.date, last.date))
    if (!rule) continue

    let start = occurrences.length - 1
    while (start > 0 && occurrences.length - start < MAX_RUN) {
      const gap = daysBetween(occurrences[start - 1]!.date, occurrences[start]!.date)
      if (gap < rule.minGap || gap > rule.maxGap) break
      start -= 1
    }
    const run = occurrences.slice(start)
    if (run.length < MIN_OCCURRENCES) continue

    const amount = median(run.map((o) => o.amountCents))
    const similar = run.every((o) => Math.abs(o.amountCents - amount) <= amount * AMOUNT_TOLERANCE)
    if (!similar) continue

    const first = rows[0]!
    const series: RecurringSeries = {
      key,
      payeeId: first.payeeId,
      payeeName: last.rows[last.rows.length - 1]!.payeeName,
      cadence: rule.cadence,
      amountCents: amount,
      run,
      lastDate: last.date,
      dayOfMonth: median(run.map((o) => Number(o.date.slice(8, 10)))),
      active: false
    }
    const overdueBy = daysBetween(last.date, today) - rule.maxGap
    series.active = overdueBy <= 0 || billsOfPayee(series, openBills).length > 0
    found.push(series)
  }
  return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}

function mergeSameDay(rows: CashOut[]): Occurrence[] {
  const byDate = new Map<LocalDate, Occurrence>()
  for (const row of rows) {
    const o = byDate.get(row.date)
    if (o) {
      o.amountCents += row.amountCents
      o.rows.push(row)
    } else byDate.set(row.date, { date: row.date, amountCents: row.amountCents, rows: [row] })
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** The k-th payment after the series' last one. */
export function nthNext(series: RecurringSeries, k: number): LocalDate {
  if (series.cadence === 'monthly') return addMonths(series.lastDate, k, series.dayOfMonth)
  return addDays(series.lastDate, k * cadenceRule(series.cadence).interval)
}

export interface ProjectedPayment {
  /** When the forecast puts it (a payment a little overdue is placed today). */
  date: LocalDate
  /** When the cadence says it falls. */
  scheduled: LocalDate
  amountCents: Cents
}

export interface Projection {
  payments: ProjectedPayment[]
  /** Scheduled dates left out because an open bill of the payee already stands for them. */
  coveredByBill: { scheduled: LocalDate; billId: string }[]
}

/**
 * Projects an active series over [today, lastDay]. A payment whose open bill is already in the books
 * is left to the bill (matched by the bill's due date, not its planned date, so rescheduling the
 * bill never makes the recurring copy reappear). A payment that is overdue by no more than the
 * cadence's slack is placed today; one overdue by more did not happen and is not invented.
 */
export function projectSeries(
  series: RecurringSeries,
  today: LocalDate,
  lastDay: LocalDate,
  openBills: readonly OpenBill[]
): Projection {
  const out: Projection = { payments: [], coveredByBill: [] }
  if (!series.active) return out
  const rule = cadenceRule(series.cadence)
  const slack = rule.maxGap - rule.interval
  const candidates = billsOfPayee(series, openBills).map((b) => ({
    id: b.id,
    day: toDayNumber(billDueDate(b))
  }))
  const used = new Set<string>()
  for (let k = 1; ; k += 1) {
    const scheduled = nthNext(series, k)
    if (scheduled > lastDay) break
    const day = toDayNumber(scheduled)
    let best: { id: string; distance: number } | null = null
    for (const c of candidates) {
      if (used.has(c.id)) continue
      const distance = Math.abs(c.day - day)
      if (distance <= rule.coverWindow && (!best || distance < best.distance)) best = { id: c.id, distance }
    }
    if (best) {
      used.add(best.id)
      out.coveredByBill.push({ scheduled, billId: best.id })
      continue
    }
    if (scheduled < today) {
      if (daysBetween(scheduled, today) > slack) continue
      out.payments.push({ date: today, scheduled, amountCents: series.amountCents })
    } else out.payments.push({ date: scheduled, scheduled, amountCents: series.amountCents })
  }
  return out
}
