// The 13-week cash forecast, built once per company into day-by-day arrays so that any what-if
// (move a bill, drop a bill, add an amount) is answered from those arrays in O(weeks + changes)
// instead of rebuilding the forecast: the console asks it for every bill row on screen.
//
// Weeks start on `today`, not on Monday. Every bucket is then a full seven days and the horizon is
// always exactly 91 days, so "week 1" means "the next seven days" whatever day the bookkeeper opens
// the app; a Monday-aligned week 1 would be one to seven days long and make Thursday's numbers look
// calmer than Monday's for no reason. On the Monday ritual the two coincide.
import { sumCents, type Books, type Cents } from './books'
import { bankArrival, depositCalendar } from './deposits'
import {
  addDays,
  businessDayOnOrAfter,
  daysBetween,
  fromDayNumber,
  toDayNumber,
  type LocalDate
} from '../../../shared/dates'
import {
  DEFAULT_BURN_WINDOW_DAYS,
  burnRate,
  inWindow,
  trailingBurn,
  type BurnRate,
  type BurnWindow,
  type LatenessShift
} from './history'
import {
  bankShareByVendor,
  billHistory,
  expectedBillDate,
  payableBills,
  type BillDateBasis
} from './payables'
import { planReceivables, type DateBasis, type Receivable } from './receivables'
import { projectRunRate, runRates, type RunRate } from './run-rate'
import {
  detectRecurring,
  expenseSeriesKey,
  projectSeries,
  type Cadence,
  type RecurringSeries,
  type SeriesSource
} from './recurring'

export const DEFAULT_HORIZON_WEEKS = 13
export const DEFAULT_UNDEPOSITED_MAX_AGE_DAYS = 7

export interface ForecastOptions {
  horizonWeeks?: number
  burnWindowDays?: number
  /**
   * Spread the trailing window's spending that is neither a bill payment nor a recurring series
   * (card payments, ad-hoc purchases) evenly over the horizon. On by default: leaving it out makes
   * every card-heavy agency look richer than it is.
   */
  includeUnscheduledSpend?: boolean
  /**
   * Project new invoices and bills not yet in the books at each customer's and vendor's recent rate
   * (run-rate.ts). On by default; off leaves the booked documents alone.
   */
  includeRunRates?: boolean
  /** Undeposited funds older than this are treated as a bookkeeping error, not cash on the way. */
  undepositedMaxAgeDays?: number
}

export type ForecastSource =
  | {
      kind: 'invoice'
      id: string
      customerId: string
      customerName: string
      shift: LatenessShift
      basis: DateBasis
      /** The chance it is collected at all; the invoice's events carry collectible × chance. */
      chance: number
      /** The share of that on this event's day: 1 on a single date, less where the money is spread
       *  over the customer's history (receivables.paymentSpread). */
      share: number
      /** Held for the company's deposit day after the customer pays (runway/deposits.ts). */
      deposited: boolean
    }
  | {
      kind: 'bill'
      id: string
      vendorId: string
      vendorName: string
      basis: BillBasis
      /** The share of the bill counted from the bank (payables.bankShareByVendor): below 1 for a
       *  vendor the company also pays by card. */
      bankShare: number
    }
  | {
      kind: 'recurring'
      key: string
      payeeName: string
      cadence: Cadence
      source: SeriesSource
      payroll: boolean
      scheduled: LocalDate
    }
  | { kind: 'undeposited'; id: string }
  /** A week's worth of a customer's or vendor's run rate (run-rate.ts): money on documents that do
   *  not exist yet, shown apart from the booked ones. */
  | ({ kind: 'run-rate' } & Pick<
      RunRate,
      'side' | 'partyId' | 'name' | 'lagBasis' | 'windowCents' | 'windowDays'
    >)

export type BillBasis = 'planned' | BillDateBasis

export interface ForecastEvent {
  date: LocalDate
  /** Days from today (0 = today). */
  day: number
  inflowCents: Cents
  outflowCents: Cents
  source: ForecastSource
}

export interface ForecastWeek {
  weekStart: LocalDate
  weekEnd: LocalDate
  inflowCents: Cents
  outflowCents: Cents
  /** Earmarked cash whose reserve ends this week and becomes available again. */
  reservesReleasedCents: Cents
  endingCashCents: Cents
  lowestCashCents: Cents
}

/** Where one open document sits in the forecast; `day` may lie beyond the horizon. */
export interface Flow {
  day: number
  amountCents: Cents
}

/** An open bill: `amountCents` is what the forecast takes from the bank on `day`, `payableCents` what
 *  paying it from the bank takes (a what-if that pays it). */
export interface BillFlow extends Flow {
  payableCents: Cents
}

/** An invoice in the base forecast: `amountCents` is what it counts (collectible × chance), `day`
 *  its expected date, `parts` where that money is counted. */
export interface InvoiceFlow extends Flow {
  collectibleCents: Cents
  parts: Flow[]
}

export interface ForecastModel {
  today: LocalDate
  horizonDays: number
  /** Bank balances. */
  bankCents: Cents
  /** Reserves in force today. */
  reservedCents: Cents
  /** Cash the forecast starts from: bank − reserves held back. */
  startingCashCents: Cents
  minCashCents: Cents
  /** Per day (index = days from today): money in, money out, reserves released. */
  inflow: number[]
  outflow: number[]
  released: number[]
  /** Available cash at the end of each day. */
  cash: number[]
  /** Lowest end-of-day cash in each week: lets a threshold search skip a whole week in one step. */
  weekMin: number[]
  /** Per-week sums of the daily arrays, so weekly buckets under a what-if need no day loop. */
  weekInflow: number[]
  weekOutflow: number[]
  weekReleased: number[]
  events: ForecastEvent[]
  bills: Map<string, BillFlow>
  invoices: Map<string, InvoiceFlow>
  /** New sales and bills not yet in the books, projected from each party's recent rate. */
  runRates: RunRate[]
  /** Invoices out of the base forecast (past realistic collection, or the user's "won't collect"):
   *  id → collectible amount, for a scenario that collects one anyway. */
  outOfBase: Map<string, Cents>
  /** Every collectible open invoice with its date, chance and standing. */
  receivables: Receivable[]
  recurring: RecurringSeries[]
  unscheduledSpendCents: Cents
  burnWindow: BurnWindow
  burn: BurnRate
}

/** Counts the steps a what-if takes, so tests can prove its cost without timing it. */
export interface WorkMeter {
  steps: number
}

export function buildForecastModel(
  books: Books,
  today: LocalDate,
  opts: ForecastOptions = {}
): ForecastModel {
  const weeks = opts.horizonWeeks ?? DEFAULT_HORIZON_WEEKS
  const windowDays = opts.burnWindowDays ?? DEFAULT_BURN_WINDOW_DAYS
  if (!Number.isInteger(weeks) || weeks < 1)
    throw new RangeError(`horizonWeeks must be a whole number ≥ 1: ${weeks}`)
  if (!Number.isInteger(windowDays) || windowDays < 1)
    throw new RangeError(`burnWindowDays must be a whole number ≥ 1: ${windowDays}`)
  const horizonDays = weeks * 7
  const lastDay = addDays(today, horizonDays - 1)
  const todayN = toDayNumber(today)
  const dayOf = (date: LocalDate): number => toDayNumber(date) - todayN
  const bankDay = (date: LocalDate): number => bankDayFrom(todayN, date)

  const inflow = new Array<number>(horizonDays).fill(0)
  const outflow = new Array<number>(horizonDays).fill(0)
  const released = new Array<number>(horizonDays).fill(0)
  const events: ForecastEvent[] = []
  const add = (day: number, inCents: Cents, outCents: Cents, source: ForecastSource): void => {
    if (day >= horizonDays) return
    const d = Math.max(0, day)
    inflow[d]! += inCents
    outflow[d]! += outCents
    events.push({
      date: fromDayNumber(todayN + d),
      day: d,
      inflowCents: inCents,
      outflowCents: outCents,
      source
    })
  }

  // Reserves: held from today, handed back on their `until` date (a tax reserve "until Apr 15" is
  // there to pay the tax on Apr 15; the tax itself is a bill in the forecast).
  let reservedCents = 0
  for (const r of books.reserves) {
    if (r.amountCents <= 0 || (r.until !== null && r.until <= today)) continue
    reservedCents += r.amountCents
    if (r.until !== null) {
      const day = dayOf(r.until)
      if (day < horizonDays) released[day]! += r.amountCents
    }
  }
  const bankCents = sumCents(books.bankAccounts, (a) => a.balanceCents)
  const startingCashCents = bankCents - reservedCents

  const receivables = planReceivables(books, today)
  const deposits = depositCalendar(books, today)
  const invoices = new Map<string, InvoiceFlow>()
  const outOfBase = new Map<string, Cents>()
  for (const r of receivables) {
    if (r.status !== 'base' || r.date === null || r.dateBasis === null) {
      outOfBase.set(r.invoice.id, r.collectibleCents)
      continue
    }
    // The bookkeeper's own date is when the money comes; the history's, when the customer pays.
    const arrival = (date: LocalDate): number =>
      r.dateBasis === 'expected-on'
        ? bankDay(date)
        : bankArrival(deposits, todayN, r.invoice.customerId, bankDay(date))
    const parts = r.parts.map((p) => ({ day: arrival(p.date), amountCents: p.cents }))
    invoices.set(r.invoice.id, {
      day: arrival(r.date),
      amountCents: r.expectedCents,
      collectibleCents: r.collectibleCents,
      parts
    })
    for (const [i, part] of parts.entries()) {
      if (part.amountCents === 0) continue
      add(part.day, part.amountCents, 0, {
        kind: 'invoice',
        id: r.invoice.id,
        customerId: r.invoice.customerId,
        customerName: r.invoice.customerName,
        shift: r.shift,
        basis: r.dateBasis,
        chance: r.chance,
        share: r.expectedCents === 0 ? 1 : part.amountCents / r.expectedCents,
        deposited: part.day > bankDay(r.parts[i]!.date)
      })
    }
  }

  // Recent undeposited funds are money already received and on its way to the bank. Unlike the
  // payments still to come they are not held for the deposit day: the checks are in the office,
  // and a company short of cash takes them to the bank that day (the payment plan pays essential
  // bills today on that assumption rather than showing them overdrawn until Wednesday).
  const maxAge = opts.undepositedMaxAgeDays ?? DEFAULT_UNDEPOSITED_MAX_AGE_DAYS
  for (const u of books.undepositedFunds) {
    if (u.amountCents > 0 && daysBetween(u.date, today) <= maxAge)
      add(bankDay(today), u.amountCents, 0, { kind: 'undeposited', id: u.id })
  }

  // Bills, net of the vendor's open credits: paying the bill uses them up first.
  const bills = new Map<string, BillFlow>()
  const paidBillHistory = billHistory(books)
  const bankShares = bankShareByVendor(books)
  for (const { bill, payableCents } of payableBills(books)) {
    const planned = books.plannedDates[bill.id]
    const { date, basis }: { date: LocalDate; basis: BillBasis } =
      planned !== undefined
        ? { date: planned, basis: planned < today ? 'overdue-now' : 'planned' }
        : expectedBillDate(bill, paidBillHistory, today)
    const day = bankDay(date)
    // A bill the user scheduled is paid from the bank whatever the vendor's habit.
    const bankShare = planned !== undefined ? 1 : (bankShares.get(bill.vendorId) ?? 1)
    const fromBank = Math.round(payableCents * bankShare)
    bills.set(bill.id, { day, amountCents: fromBank, payableCents })
    if (fromBank === 0) continue
    add(day, 0, fromBank, {
      kind: 'bill',
      id: bill.id,
      vendorId: bill.vendorId,
      vendorName: bill.vendorName,
      basis,
      bankShare
    })
  }

  const recurring = detectRecurring(books, today)
  for (const series of recurring) {
    for (const p of projectSeries(series, today, lastDay)) {
      add(bankDay(p.date), 0, p.amountCents, {
        kind: 'recurring',
        key: series.key,
        payeeName: series.payeeName,
        cadence: series.cadence,
        source: series.source,
        payroll: series.payroll,
        scheduled: p.scheduled
      })
    }
  }

  // New business, daily in the arrays (the cash-zero day needs it), one event per party and week
  // (the table's drill-down needs it, without 91 rows per customer).
  const runRateList = opts.includeRunRates === false ? [] : runRates(books, today, recurring)
  for (const rate of runRateList) {
    const daily = projectRunRate(rate, horizonDays)
    const into = rate.side === 'sales' ? inflow : outflow
    for (let w = 0; w * 7 < horizonDays; w += 1) {
      let week = 0
      for (let d = w * 7; d < w * 7 + 7; d += 1) {
        into[d]! += daily[d]!
        week += daily[d]!
      }
      if (week === 0) continue
      events.push({
        date: fromDayNumber(todayN + w * 7),
        day: w * 7,
        inflowCents: rate.side === 'sales' ? week : 0,
        outflowCents: rate.side === 'bills' ? week : 0,
        source: {
          kind: 'run-rate',
          side: rate.side,
          partyId: rate.partyId,
          name: rate.name,
          lagBasis: rate.lagBasis,
          windowCents: rate.windowCents,
          windowDays: rate.windowDays
        }
      })
    }
  }

  const burnWindow = trailingBurn(books, today, windowDays)
  const unscheduledSpendCents =
    opts.includeUnscheduledSpend === false ? 0 : unscheduledSpend(books, burnWindow, recurring)
  // Spread as integer cents that add up exactly: day d gets the growth of floor((d+1)·R/W).
  for (let d = 0; d < horizonDays; d += 1) {
    outflow[d]! +=
      Math.floor(((d + 1) * unscheduledSpendCents) / burnWindow.days) -
      Math.floor((d * unscheduledSpendCents) / burnWindow.days)
  }

  const cash = new Array<number>(horizonDays)
  let running = startingCashCents
  for (let d = 0; d < horizonDays; d += 1) {
    running += inflow[d]! - outflow[d]! + released[d]!
    cash[d] = running
  }
  const weekMin: number[] = []
  const weekInflow: number[] = []
  const weekOutflow: number[] = []
  const weekReleased: number[] = []
  for (let w = 0; w * 7 < horizonDays; w += 1) {
    let min = Infinity
    let inSum = 0
    let outSum = 0
    let releasedSum = 0
    for (let d = w * 7; d < w * 7 + 7; d += 1) {
      min = Math.min(min, cash[d]!)
      inSum += inflow[d]!
      outSum += outflow[d]!
      releasedSum += released[d]!
    }
    weekMin.push(min)
    weekInflow.push(inSum)
    weekOutflow.push(outSum)
    weekReleased.push(releasedSum)
  }
  events.sort((a, b) => a.day - b.day)

  return {
    today,
    horizonDays,
    bankCents,
    reservedCents,
    startingCashCents,
    minCashCents: books.minCashCents,
    inflow,
    outflow,
    released,
    cash,
    weekMin,
    weekInflow,
    weekOutflow,
    weekReleased,
    events,
    bills,
    invoices,
    runRates: runRateList,
    outOfBase,
    receivables,
    recurring,
    unscheduledSpendCents,
    burnWindow,
    burn: burnRate(burnWindow)
  }
}

/**
 * Spending in the burn window that nothing else in the forecast stands for. Bill payments are left
 * out because the bills that will be paid next are in the books as open bills (AP): projecting the
 * past rate of bill payments on top of them would pay each bill twice. Every payment to a payee
 * with a recurring series is left out too — not only the run that was detected, since earlier
 * payments of the same series are exactly what the projection repeats — and so is a stopped or
 * dismissed series, whose spending is not coming back.
 */
export function unscheduledSpend(
  books: Pick<Books, 'cashOut'>,
  window: BurnWindow,
  recurring: readonly RecurringSeries[]
): Cents {
  const seriesPayees = new Set(recurring.map((s) => s.key))
  let total = 0
  for (const row of books.cashOut) {
    if (row.kind === 'bill-payment' || !inWindow(row.date, window)) continue
    if (seriesPayees.has(expenseSeriesKey(row))) continue
    total += row.amountCents
  }
  return total
}

// -- reading the model ---------------------------------------------------------------------------------

/** A change to the forecast: money in or out added (positive) or removed (negative) on a day. */
export interface Delta {
  day: number
  inflowCents?: Cents
  outflowCents?: Cents
}

/**
 * The weekly buckets under `deltas`, from the per-week sums: O(weeks + 7 · deltas), since only a
 * week a delta falls in has to be read day by day to find its lowest point.
 */
export function weeksOf(
  model: ForecastModel,
  deltas: readonly Delta[] = [],
  meter?: WorkMeter
): ForecastWeek[] {
  const norm = normalize(model, deltas)
  const weeks: ForecastWeek[] = []
  const startN = toDayNumber(model.today)
  let shift = 0
  let i = 0
  for (let w = 0; w < model.weekMin.length; w += 1) {
    if (meter) meter.steps += 1
    const first = w * 7
    const last = first + 6
    let inflowCents = model.weekInflow[w]!
    let outflowCents = model.weekOutflow[w]!
    let lowest = model.weekMin[w]! + shift
    if (i < norm.length && norm[i]!.day <= last) {
      lowest = Infinity
      for (let d = first; d <= last; d += 1) {
        if (meter) meter.steps += 1
        while (i < norm.length && norm[i]!.day === d) {
          shift += norm[i]!.net
          inflowCents += norm[i]!.inflow
          outflowCents += norm[i]!.outflow
          i += 1
        }
        lowest = Math.min(lowest, model.cash[d]! + shift)
      }
    }
    weeks.push({
      weekStart: fromDayNumber(startN + first),
      weekEnd: fromDayNumber(startN + last),
      inflowCents,
      outflowCents,
      reservesReleasedCents: model.weekReleased[w]!,
      endingCashCents: model.cash[last]! + shift,
      lowestCashCents: lowest
    })
  }
  return weeks
}

export interface WhatIf {
  /** First day (from today) on which end-of-day cash is below zero, within the horizon: the
   *  runway. Null: cash lasts the whole horizon. */
  cashZeroDay: number | null
  cashZeroDate: LocalDate | null
  belowMinCashDay: number | null
  belowMinCashDate: LocalDate | null
  endingCashCents: Cents
  /** What the status is banded on: see statusDays. */
  statusDays: number | null
}

/**
 * The forecast's answer under `deltas`, without rebuilding it: the deltas split the horizon into a
 * few stretches that each see a constant shift of cash; each stretch is searched a week at a time
 * with the weekly minimum, and only a week that dips below the line is read day by day.
 * Cost: O(weeks + 7 · deltas), whatever the number of documents in the books.
 */
export function whatIf(model: ForecastModel, deltas: readonly Delta[] = [], meter?: WorkMeter): WhatIf {
  const norm = normalize(model, deltas)
  const cashZeroDay = firstDayBelow(model, 0, norm, meter)
  const belowMinCashDay = firstDayBelow(model, model.minCashCents, norm, meter)
  let endingCashCents = model.cash[model.horizonDays - 1]!
  for (const d of norm) endingCashCents += d.net
  const startN = toDayNumber(model.today)
  return {
    cashZeroDay,
    cashZeroDate: cashZeroDay === null ? null : fromDayNumber(startN + cashZeroDay),
    belowMinCashDay,
    belowMinCashDate: belowMinCashDay === null ? null : fromDayNumber(startN + belowMinCashDay),
    endingCashCents,
    statusDays: statusDays(model, cashZeroDay, belowMinCashDay, endingCashCents)
  }
}

/**
 * The days a company's status is banded on: to the first day cash falls below the minimum or below
 * zero, whichever comes first. A forecast that holds for the whole horizon says nothing about the
 * days after it, yet the bands reach past it (healthy runs to four months, the forecast to 13
 * weeks): there, the horizon plus how long the cash left above the minimum at its end would last at
 * the trailing burn, i.e. if no new money came in. Null when nothing burns.
 */
export function statusDays(
  model: ForecastModel,
  cashZeroDay: number | null,
  belowMinCashDay: number | null,
  endingCashCents: Cents
): number | null {
  const within = [cashZeroDay, belowMinCashDay].filter((d): d is number => d !== null)
  if (within.length > 0) return Math.min(...within)
  if (model.burn.cents <= 0) return null
  const cushion = Math.max(0, endingCashCents - Math.max(0, model.minCashCents))
  return model.horizonDays + Math.floor((cushion * model.burn.days) / model.burn.cents)
}

interface NormDelta {
  day: number
  inflow: number
  outflow: number
  net: number
}

function normalize(model: ForecastModel, deltas: readonly Delta[]): NormDelta[] {
  const out: NormDelta[] = []
  for (const d of deltas) {
    if (d.day >= model.horizonDays) continue
    const inflow = d.inflowCents ?? 0
    const outflow = d.outflowCents ?? 0
    if (inflow === 0 && outflow === 0) continue
    out.push({ day: Math.max(0, d.day), inflow, outflow, net: inflow - outflow })
  }
  // a handful of deltas: insertion order is kept for equal days, which does not matter to sums
  return out.sort((a, b) => a.day - b.day)
}

function firstDayBelow(
  model: ForecastModel,
  limit: Cents,
  deltas: readonly NormDelta[],
  meter?: WorkMeter
): number | null {
  let shift = 0
  let i = 0
  let start = 0
  while (start < model.horizonDays) {
    while (i < deltas.length && deltas[i]!.day <= start) shift += deltas[i++]!.net
    const end = i < deltas.length ? deltas[i]!.day : model.horizonDays
    const hit = scan(model, start, end, limit - shift, meter)
    if (hit !== null) return hit
    start = end
  }
  return null
}

/** First day in [from, to) with cash below `threshold`. */
function scan(
  model: ForecastModel,
  from: number,
  to: number,
  threshold: number,
  meter?: WorkMeter
): number | null {
  let d = from
  while (d < to) {
    if (meter) meter.steps += 1
    if (d % 7 === 0 && d + 7 <= to && model.weekMin[d / 7]! >= threshold) {
      d += 7
      continue
    }
    if (model.cash[d]! < threshold) return d
    d += 1
  }
  return null
}

// -- building deltas for the usual what-ifs -------------------------------------------------------

export function dayIndex(model: ForecastModel, date: LocalDate): number {
  return daysBetween(model.today, date)
}

/**
 * The day (from today) money set for `date` moves: not before today, and on a business day. A
 * payment expected on a Saturday or Sunday (a habit's average lands on any day of the week, a
 * monthly debit on the 30th whatever day that is) clears on the Monday, which may be the next week.
 */
function bankDayFrom(todayN: number, date: LocalDate): number {
  return businessDayOnOrAfter(Math.max(todayN, toDayNumber(date))) - todayN
}

/** Where a what-if puts money set for `date`: where the forecast itself would (bankDayFrom). */
export function bankDayIndex(model: ForecastModel, date: LocalDate): number {
  return bankDayFrom(toDayNumber(model.today), date)
}

/** Pay `billId` from the bank on `date` instead of where the forecast has it (date before today =
 *  today): all of it, also the share the forecast expected to go on the card. */
export function moveBill(model: ForecastModel, billId: string, date: LocalDate): Delta[] {
  const flow = model.bills.get(billId)
  if (!flow) return []
  return [
    { day: flow.day, outflowCents: -flow.amountCents },
    { day: bankDayIndex(model, date), outflowCents: flow.payableCents }
  ]
}

/** Leave `billId` out of the forecast (paid from elsewhere, disputed, written off). */
export function removeBill(model: ForecastModel, billId: string): Delta[] {
  const flow = model.bills.get(billId)
  return flow ? [{ day: flow.day, outflowCents: -flow.amountCents }] : []
}

/**
 * All of `invoiceId`'s money on `date` ("Acme pays by Friday"): what the base forecast counted for it
 * (its amount weighed by the chance, or nothing for an invoice out of the base) gives way to the
 * whole collectible amount.
 */
export function moveInvoice(model: ForecastModel, invoiceId: string, date: LocalDate): Delta[] {
  const day = bankDayIndex(model, date)
  const flow = model.invoices.get(invoiceId)
  if (flow) {
    return [
      ...flow.parts.map((p) => ({ day: p.day, inflowCents: -p.amountCents })),
      { day, inflowCents: flow.collectibleCents }
    ]
  }
  const outside = model.outOfBase.get(invoiceId)
  return outside === undefined ? [] : [{ day, inflowCents: outside }]
}

/** A one-off amount: positive = money in, negative = money out. */
export function addAmount(model: ForecastModel, date: LocalDate, amountCents: Cents): Delta[] {
  const day = bankDayIndex(model, date)
  return amountCents >= 0 ? [{ day, inflowCents: amountCents }] : [{ day, outflowCents: -amountCents }]
}

/** End-of-day available cash on `date` in the base forecast (the last day's beyond the horizon). */
export function cashOn(model: ForecastModel, date: LocalDate): Cents {
  const day = dayIndex(model, date)
  if (day < 0) return model.startingCashCents
  return model.cash[Math.min(day, model.horizonDays - 1)]!
}
