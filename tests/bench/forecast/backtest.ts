// The backtest itself: forecasts made on past days from the books as they stood then, by the engine
// and by two simple baselines, each set against what the bank balance actually did next.
//
// Days are aligned the way the app works: a forecast "on D" is made in the morning of D from the
// books up to the evening before (booksAsOf(D − 1)), its day 0 is D, and its week h ends at the end
// of day D + 7h − 1, which is when the actual balance is read.

import { computeRunway, type Books } from '../../../src/main/core/runway'
import { addDays, daysBetween, toDayNumber, type LocalDate } from '../../../src/shared/dates'
import { parseMoney } from '../../../src/shared/money'
import { bankBalances, bankOutflows, booksAsOf, cashAccounts, type RealmIndex } from './as-of-books'

export const HORIZON_DAYS = 91
export const REPORTED_WEEKS = [1, 4, 8, 13] as const
/** The predecessor's burn: monthly expenses / 30, over the same 90 days the engine's burn uses. */
export const BURN_WINDOW_DAYS = 90
export const NET_FLOW_WINDOW_DAYS = 56

export type MethodName = 'engine' | 'straight-line' | 'net-flow-8w'
export const METHODS: readonly MethodName[] = ['engine', 'straight-line', 'net-flow-8w']

/** One method's forecast made on one day. */
export interface Prediction {
  /** Predicted end-of-day cash for each reported week's last day, in REPORTED_WEEKS order. */
  weekEndCents: number[]
  /** First day (0 = the forecast's day) cash is predicted below zero within the horizon. */
  cashZeroDay: number | null
  /** Engine only: money in and out it expects over each reported week span, for the diagnosis. */
  inflowCents?: number[]
  outflowCents?: number[]
}

export interface OriginResult {
  /** The morning the forecast was made. */
  date: LocalDate
  startCents: number
  actualWeekEndCents: number[]
  actualCashZeroDay: number | null
  actualInflowCents: number[]
  actualOutflowCents: number[]
  /** Open bills already past due on the day, for the diagnosis. */
  overdueBills: { ids: Set<string>; cents: number }
  predictions: Record<MethodName, Prediction>
}

export interface MethodScore {
  /** Mean absolute error at each reported week, as a share of the average weekly outflow. */
  error: number[]
  /** Mean signed error (forecast − actual), same scale: which way the method leans. */
  bias: number[]
  /** Mean absolute difference in days between predicted and actual cash-zero days (see below). */
  cashZeroDays: number
}

export interface CompanyResult {
  company: string
  origins: OriginResult[]
  weeklyOutflowCents: number
  /** Forecasts after which the bank really went below zero within 13 weeks. */
  actualCashZeroCount: number
  scores: Record<MethodName, MethodScore>
  diagnosis: Diagnosis
}

/**
 * Where the engine's error comes from: per forecast, over each reported week span, what it expected
 * to come in and go out beside what did, split by whether the document behind the money already
 * existed on the day. All means over the forecasts, as a share of weekly outflow.
 */
export interface Diagnosis {
  engineIn: number[]
  /** Customer payments (by their date) on invoices open on the day, and on invoices issued later. */
  collectedOpen: number[]
  collectedLater: number[]
  /** Everything else the bank received (other deposits; checks waiting in Undeposited Funds). */
  otherIn: number[]
  engineOut: number[]
  /** Bill payments from the bank for bills open on the day, and for bills entered later. */
  paidOpenBills: number[]
  paidLaterBills: number[]
  /** Everything else that left the bank: payroll, card payoffs, purchases, taxes. */
  otherOut: number[]
  /** Bills already past due on the day (the engine pays them on day 0), and how much of them was paid in week 1. */
  overdueBills: number
  overduePaidWeek1: number
}

/** The days forecasts are made on: the last one 13 weeks before `today` so every one is complete. */
export function originDays(today: LocalDate, count: number): LocalDate[] {
  const out: LocalDate[] = []
  for (let k = count - 1; k >= 0; k -= 1) out.push(addDays(today, -HORIZON_DAYS - 7 * k))
  return out
}

function engine(books: Books, today: LocalDate): Prediction {
  const runway = computeRunway(books, today)
  const weeks = runway.forecast
  const cumulative = (pick: (w: (typeof weeks)[number]) => number, h: number): number =>
    weeks.slice(0, h).reduce((s, w) => s + pick(w), 0)
  return {
    weekEndCents: REPORTED_WEEKS.map((h) => weeks[h - 1]!.endingCashCents),
    cashZeroDay: runway.cashZeroDate === null ? null : daysBetween(today, runway.cashZeroDate),
    inflowCents: REPORTED_WEEKS.map((h) => cumulative((w) => w.inflowCents, h)),
    outflowCents: REPORTED_WEEKS.map((h) => cumulative((w) => w.outflowCents, h))
  }
}

/** A straight line from today's cash with `perDay` change: end of day d is start + (d + 1)·perDay. */
function line(startCents: number, perDay: number): Prediction {
  let cashZeroDay: number | null = null
  for (let d = 0; d < HORIZON_DAYS && cashZeroDay === null; d += 1)
    if (startCents + (d + 1) * perDay < 0) cashZeroDay = d
  return {
    weekEndCents: REPORTED_WEEKS.map((h) => Math.round(startCents + 7 * h * perDay)),
    cashZeroDay
  }
}

/** The predecessor's view: cash only ever falls, by the trailing gross spending per day. */
function straightLine(books: Books, today: LocalDate, startCents: number): Prediction {
  const from = addDays(today, -BURN_WINDOW_DAYS)
  let out = 0
  for (const c of books.cashOut) if (c.date >= from && c.date < today) out += c.amountCents
  return line(startCents, -out / BURN_WINDOW_DAYS)
}

/** What the last eight weeks did, carried on: the bank balance's own average daily change. */
function netFlow(index: RealmIndex, lastDay: LocalDate, startCents: number): Prediction {
  const then = bankBalanceKnownOn(index, lastDay, addDays(lastDay, -NET_FLOW_WINDOW_DAYS))
  return line(startCents, (startCents - then) / NET_FLOW_WINDOW_DAYS)
}

/** The cash accounts' end-of-day total on `day`, from the records that existed on `lastDay`. */
function bankBalanceKnownOn(index: RealmIndex, lastDay: LocalDate, day: LocalDate): number {
  const last = toDayNumber(lastDay)
  const on = toDayNumber(day)
  let total = 0
  for (const a of cashAccounts(index))
    for (const p of a.postings) if (p.seen <= last && p.day <= on) total += p.cents
  return total
}

export function backtestCompany(
  company: string,
  index: RealmIndex,
  today: LocalDate,
  originCount: number
): CompanyResult {
  const origins = originDays(today, originCount)
  const first = origins[0]!
  const end = addDays(today, -1)
  // Day i of these series is first − 1 + i: the evening before the first forecast comes first.
  const balances = bankBalances(index, addDays(first, -1), end)
  const outflows = bankOutflows(index, addDays(first, -1), end)
  const at = (date: LocalDate): number => daysBetween(addDays(first, -1), date)

  const results: OriginResult[] = origins.map((date) => {
    const lastDay = addDays(date, -1)
    const books = booksAsOf(index, lastDay)
    const startCents = books.bankAccounts.reduce((s, a) => s + a.balanceCents, 0)
    const o = at(date)
    let actualCashZeroDay: number | null = null
    for (let d = 0; d < HORIZON_DAYS && actualCashZeroDay === null; d += 1)
      if (balances[o + d]! < 0) actualCashZeroDay = d
    const span = (h: number): { inflow: number; outflow: number } => {
      let outflow = 0
      for (let d = 0; d < 7 * h; d += 1) outflow += outflows[o + d]!
      const change = balances[o + 7 * h - 1]! - balances[o - 1]!
      return { inflow: change + outflow, outflow }
    }
    const overdue = books.openBills.filter((b) => (b.dueDate ?? b.txnDate) < date)
    return {
      date,
      startCents,
      overdueBills: {
        ids: new Set(overdue.map((b) => b.id)),
        cents: overdue.reduce((s, b) => s + b.balanceCents, 0)
      },
      actualWeekEndCents: REPORTED_WEEKS.map((h) => balances[o + 7 * h - 1]!),
      actualCashZeroDay,
      actualInflowCents: REPORTED_WEEKS.map((h) => span(h).inflow),
      actualOutflowCents: REPORTED_WEEKS.map((h) => span(h).outflow),
      predictions: {
        engine: engine(books, date),
        'straight-line': straightLine(books, date, startCents),
        'net-flow-8w': netFlow(index, lastDay, startCents)
      }
    }
  })

  let totalOut = 0
  for (let i = 1; i < outflows.length; i += 1) totalOut += outflows[i]!
  const weeklyOutflowCents = (totalOut * 7) / (outflows.length - 1)
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
  const scale = (cents: number): number => cents / weeklyOutflowCents

  const scores = {} as Record<MethodName, MethodScore>
  for (const m of METHODS) {
    scores[m] = {
      error: REPORTED_WEEKS.map((_, i) =>
        scale(
          mean(results.map((r) => Math.abs(r.predictions[m].weekEndCents[i]! - r.actualWeekEndCents[i]!)))
        )
      ),
      bias: REPORTED_WEEKS.map((_, i) =>
        scale(mean(results.map((r) => r.predictions[m].weekEndCents[i]! - r.actualWeekEndCents[i]!)))
      ),
      cashZeroDays: mean(results.map((r) => cashZeroMiss(r.predictions[m].cashZeroDay, r.actualCashZeroDay)))
    }
  }
  return {
    company,
    origins: results,
    weeklyOutflowCents,
    actualCashZeroCount: results.filter((r) => r.actualCashZeroDay !== null).length,
    scores,
    diagnosis: diagnose(index, results, scale)
  }
}

interface Paid {
  date: LocalDate
  /** The TxnDate of the invoice or bill paid. */
  docDate: LocalDate
  docId: string
  cents: number
}

/** Every line of a payment that pays a document of `type`, with that document's date. */
function paidLines(payments: RealmIndex['payments'], type: string, docs: RealmIndex['bills']): Paid[] {
  const docDate = new Map(docs.map((d) => [d.id, d.txnDate]))
  const out: Paid[] = []
  for (const p of payments)
    for (const line of (p.rec.Line as Array<Record<string, unknown>> | undefined) ?? [])
      for (const link of (line.LinkedTxn as Array<Record<string, unknown>> | undefined) ?? []) {
        const date = docDate.get(link.TxnId as string)
        if (link.TxnType === type && date)
          out.push({ date: p.txnDate, docDate: date, docId: link.TxnId as string, cents: money(line.Amount) })
      }
  return out
}

const money = (v: unknown): number => (typeof v === 'number' || typeof v === 'string' ? parseMoney(v) : 0)

function diagnose(index: RealmIndex, results: OriginResult[], scale: (cents: number) => number): Diagnosis {
  const collections = paidLines(index.payments, 'Invoice', index.invoices)
  const bankBillPayments = index.billPayments.filter((bp) => bp.rec.PayType !== 'CreditCard')
  const billPayments = paidLines(bankBillPayments, 'Bill', index.bills)
  const mean = (xs: number[]): number => scale(xs.reduce((s, x) => s + x, 0) / xs.length)
  const perWeek = (fn: (r: OriginResult, h: number, i: number) => number): number[] =>
    REPORTED_WEEKS.map((h, i) => mean(results.map((r) => fn(r, h, i))))
  const sum = (rows: Paid[], r: OriginResult, h: number, opened: boolean): number => {
    const end = addDays(r.date, 7 * h - 1)
    let total = 0
    for (const p of rows)
      if (p.date >= r.date && p.date <= end && p.docDate < r.date === opened) total += p.cents
    return total
  }
  const overduePaid = results.map((r) => {
    const weekEnd = addDays(r.date, 6)
    let paid = 0
    for (const p of billPayments)
      if (r.overdueBills.ids.has(p.docId) && p.date >= r.date && p.date <= weekEnd) paid += p.cents
    return paid
  })
  return {
    engineIn: perWeek((r, _h, i) => r.predictions.engine.inflowCents![i]!),
    collectedOpen: perWeek((r, h) => sum(collections, r, h, true)),
    collectedLater: perWeek((r, h) => sum(collections, r, h, false)),
    otherIn: perWeek(
      (r, h, i) => r.actualInflowCents[i]! - sum(collections, r, h, true) - sum(collections, r, h, false)
    ),
    engineOut: perWeek((r, _h, i) => r.predictions.engine.outflowCents![i]!),
    paidOpenBills: perWeek((r, h) => sum(billPayments, r, h, true)),
    paidLaterBills: perWeek((r, h) => sum(billPayments, r, h, false)),
    otherOut: perWeek(
      (r, h, i) => r.actualOutflowCents[i]! - sum(billPayments, r, h, true) - sum(billPayments, r, h, false)
    ),
    overdueBills: mean(results.map((r) => r.overdueBills.cents)),
    overduePaidWeek1: mean(overduePaid)
  }
}

/**
 * Days between a predicted and the actual cash-zero day. "Not within 13 weeks" counts as day 91,
 * the first day past the horizon: a false alarm on day 20 misses by 71 days, and two forecasts
 * that both see no cash zero agree exactly.
 */
export function cashZeroMiss(predicted: number | null, actual: number | null): number {
  return Math.abs((predicted ?? HORIZON_DAYS) - (actual ?? HORIZON_DAYS))
}
