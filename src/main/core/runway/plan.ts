// The payment plan: which open bill to pay on which day so that projected cash never falls below
// the minimum. The forecast says when cash runs out; the plan says what to do about it.
//
// The rule, and why it is right: an outflow paid later never lowers cash on an earlier day, so for
// feasibility a bill is best paid as late as it may be. Critical bills (payroll, taxes, critical
// vendors) may not wait past their due date (today, when overdue): they go on it. Every other bill
// may wait, so it goes on the first day from its due date (or its discount date) on which paying it
// keeps every later day above the minimum, or beyond the horizon when there is none. Bills are
// placed in priority order — critical, then what costs money to delay (an early-payment discount
// still open), then by date — so the earlier days go to what matters most. If a plan that keeps cash
// above the minimum exists at all, this one does: the critical bills on their due dates with the
// rest deferred is the most cash any plan can keep, and nothing else is placed where it does not
// fit. Where none exists (the critical bills alone break the line), the plan says how much is
// missing and from when, and defers every other bill rather than deepen the hole.

import { addDays, daysBetween } from '../../../shared/dates'
import { bankDayIndex, type ForecastModel } from './forecast'
import type { Cents, OpenBill } from './books'
import type { RunwayContext } from './calculator'
import { CRITICAL_PAYEE_RE } from './rules'

export type PlanTier = 'critical' | 'costly' | 'normal'

export interface PlanBill {
  id: string
  amountCents: Cents
  /** The day it is meant to be paid: its due date, or its discount's last day (0 = today; overdue = 0). */
  preferredDay: number
  tier: PlanTier
  /** Why it is critical or costly, in a few words ("critical vendor", "2% discount"). */
  why?: string
  /** A date the user chose that the plan must keep. */
  fixedDay?: number
}

export interface PlanInflow {
  day: number
  amountCents: Cents
  /** Whose money it is ("Willamette Wedding Co."). */
  label: string
}

export interface PlanInput {
  /** End-of-day cash per day with none of the plan's bills paid (every other flow included). */
  baseline: readonly number[]
  /** The days a payment can leave the bank (business days, as the forecast moves money); absent:
   *  every day. A plan that paid on a Saturday would show cash the forecast, applied, moves to Monday. */
  payDays?: readonly boolean[]
  minCashCents: Cents
  bills: readonly PlanBill[]
  /** Money expected in, to say which receipt a waiting bill waits for. */
  inflows?: readonly PlanInflow[]
}

export interface PlannedBill {
  billId: string
  /** Null: beyond the horizon (cash does not allow it within it). */
  day: number | null
  reason: string
}

export interface PlanOutcome {
  bills: PlannedBill[]
  /** End-of-day cash per day with the plan's bills paid. */
  cash: number[]
  /** What is missing to keep the minimum, at the worst day, and the first day below it. */
  shortfall: { amountCents: Cents; fromDay: number } | null
}

const TIER_ORDER: Record<PlanTier, number> = { critical: 0, costly: 1, normal: 2 }

/** The order bills claim days in: fixed first (they are not the plan's to move), then by tier, date, size. */
export function planOrder(bills: readonly PlanBill[]): PlanBill[] {
  return [...bills].sort(
    (a, b) =>
      Number(a.fixedDay === undefined) - Number(b.fixedDay === undefined) ||
      TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
      a.preferredDay - b.preferredDay ||
      b.amountCents - a.amountCents ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/** The first day from `day` on that a payment can leave the bank (the horizon when none is left). */
export function payDayFrom(input: Pick<PlanInput, 'baseline' | 'payDays'>, day: number): number {
  const horizon = input.baseline.length
  let d = Math.max(0, day)
  while (d < horizon && input.payDays && !input.payDays[d]) d += 1
  return d
}

export function proposePlan(input: PlanInput): PlanOutcome {
  const horizon = input.baseline.length
  const cash = [...input.baseline]
  const min = input.minCashCents
  const pay = (day: number, amount: number): void => {
    for (let d = day; d < horizon; d++) cash[d]! -= amount
  }
  /** Lowest cash from each day to the end: paying `amount` on day t keeps the line iff suffix[t] − amount ≥ min. */
  const suffixMin = (): number[] => {
    const out = new Array<number>(horizon)
    let low = Infinity
    for (let d = horizon - 1; d >= 0; d--) out[d] = low = Math.min(low, cash[d]!)
    return out
  }

  const planned = new Map<string, PlannedBill>()
  // The biggest receipt of each day, found once: a reason looks at a few days' worth, for every bill.
  const biggestInflow = new Array<PlanInflow | undefined>(horizon)
  for (const i of input.inflows ?? []) {
    if (i.day < 0 || i.day >= horizon) continue
    if (biggestInflow[i.day] === undefined || i.amountCents > biggestInflow[i.day]!.amountCents)
      biggestInflow[i.day] = i
  }
  for (const bill of planOrder(input.bills)) {
    const preferred = payDayFrom(input, bill.preferredDay)
    if (bill.fixedDay !== undefined) {
      const day = Math.max(0, bill.fixedDay)
      if (day < horizon) pay(day, bill.amountCents)
      planned.set(bill.id, { billId: bill.id, day: day < horizon ? day : null, reason: 'the date you chose' })
      continue
    }
    if (bill.tier === 'critical') {
      if (preferred < horizon) pay(preferred, bill.amountCents)
      planned.set(bill.id, {
        billId: bill.id,
        day: preferred < horizon ? preferred : null,
        reason: `${bill.why ?? 'critical'}: ${preferred === 0 ? 'pays today' : 'pays when due'}`
      })
      continue
    }
    const suffix = suffixMin()
    let day: number | null = null
    for (let t = preferred; t < horizon; t++) {
      if (input.payDays && !input.payDays[t]) continue
      if (suffix[t]! - bill.amountCents >= min) {
        day = t
        break
      }
    }
    if (day !== null) pay(day, bill.amountCents)
    planned.set(bill.id, {
      billId: bill.id,
      day,
      reason: reasonFor(bill, preferred, day, biggestInflow)
    })
  }

  let worst = 0
  let fromDay = -1
  for (let d = 0; d < horizon; d++) {
    const missing = min - cash[d]!
    if (missing > 0 && fromDay < 0) fromDay = d
    worst = Math.max(worst, missing)
  }
  return {
    bills: input.bills.map((b) => planned.get(b.id)!),
    cash,
    shortfall: fromDay < 0 ? null : { amountCents: worst, fromDay }
  }
}

/** The lowest point of a cash path and its first day below zero (null: none within it). */
export interface CashSummary {
  lowestCents: Cents
  zeroDay: number | null
}

/**
 * The plan's cash with one payment of `amountCents` moved from day `from` to day `to` (null: beyond
 * the horizon), without re-planning the rest: what a row says paying it now, or letting it wait,
 * does to the plan. O(horizon), so a console can ask it of every bill.
 */
export function withPaymentMoved(
  cash: readonly number[],
  amountCents: Cents,
  from: number | null,
  to: number | null
): CashSummary {
  const h = cash.length
  const a = Math.min(from ?? h, h)
  const b = Math.min(to ?? h, h)
  // Paid earlier: less cash from the new day up to the old one; later: more over the days it waits.
  const [lo, hi, delta] = b < a ? [b, a, -amountCents] : [a, b, amountCents]
  let lowestCents = Infinity
  let zeroDay: number | null = null
  for (let d = 0; d < h; d++) {
    const c = cash[d]! + (d >= lo && d < hi ? delta : 0)
    if (c < lowestCents) lowestCents = c
    if (zeroDay === null && c < 0) zeroDay = d
  }
  return { lowestCents, zeroDay }
}

function reasonFor(
  bill: PlanBill,
  preferred: number,
  day: number | null,
  biggestInflow: readonly (PlanInflow | undefined)[]
): string {
  if (day === null) return 'waits: cash does not allow it within the forecast'
  if (day === preferred) {
    if (bill.tier === 'costly') return `${bill.why ?? 'costs money to delay'}: pays in time for it`
    return preferred === 0 ? 'pays today' : 'pays when due'
  }
  // The biggest receipt that arrives in the days that made room for it.
  let waitedFor: PlanInflow | undefined
  for (let d = preferred + 1; d <= day; d++) {
    const i = biggestInflow[d]
    if (i !== undefined && (waitedFor === undefined || i.amountCents > waitedFor.amountCents)) waitedFor = i
  }
  return waitedFor
    ? `waits for ${waitedFor.label}'s expected ${dollars(waitedFor.amountCents)}`
    : 'waits until cash allows it'
}

function dollars(cents: number): string {
  return `$${Math.round(cents / 100).toLocaleString('en-US')}`
}

// -- from the prepared forecast --------------------------------------------------------------------

/** What makes a bill critical, in the words a plan gives; null when nothing does. */
export function criticalReason(bill: OpenBill, vendorMarkedCritical: boolean): string | null {
  if (vendorMarkedCritical) return 'critical vendor'
  const named = [bill.vendorName, ...(bill.accountNames ?? [])]
    .map((n) => CRITICAL_PAYEE_RE.exec(n)?.[0])
    .find(Boolean)
  if (named) return named.toLowerCase()
  return bill.critical === true ? 'essential' : null
}

export interface PlanOptions {
  minCashCents?: Cents
  /** Let the plan move bills the user has already scheduled (by default they stay where they are). */
  moveScheduled?: boolean
}

type PreparedInput = Omit<PlanInput, 'minCashCents'> & { byId: Map<string, OpenBill> }

/** Everything of a plan's input but the minimum, per prepared forecast (and whether scheduled bills
 *  may move): a console re-proposes for another minimum on the same forecast without redoing it. */
const prepared = new WeakMap<ForecastModel, Map<boolean, PreparedInput>>()

/**
 * The plan's input from a prepared forecast: its cash with the open bills taken out, each bill with
 * its tier and the day it is meant for, the expected receipts to name in reasons.
 */
export function planInputFrom(
  ctx: RunwayContext,
  opts: PlanOptions = {}
): PlanInput & { byId: Map<string, OpenBill> } {
  const moveScheduled = opts.moveScheduled ?? false
  let byMove = prepared.get(ctx.model)
  if (!byMove) prepared.set(ctx.model, (byMove = new Map()))
  let input = byMove.get(moveScheduled)
  if (!input) byMove.set(moveScheduled, (input = prepareInput(ctx, moveScheduled)))
  return { ...input, minCashCents: opts.minCashCents ?? ctx.model.minCashCents }
}

function prepareInput(ctx: RunwayContext, moveScheduled: boolean): PreparedInput {
  const { model, books, today } = ctx
  const horizon = model.horizonDays
  const vendors = new Map(books.vendors.map((v) => [v.id, v]))
  // What the forecast paid each day for the bills, added back as a running total after the loop.
  const paidFrom = new Array<number>(horizon).fill(0)
  const bills: PlanBill[] = []
  const byId = new Map<string, OpenBill>()
  // Bills share a handful of due dates; parsing each date once keeps a re-proposal cheap.
  const daysTo = new Map<string, number>()
  const dayOf = (date: string): number => {
    let day = daysTo.get(date)
    if (day === undefined) daysTo.set(date, (day = daysBetween(today, date)))
    return day
  }
  for (const bill of books.openBills) {
    const flow = model.bills.get(bill.id)
    if (!flow || bill.balanceCents <= 0) continue
    byId.set(bill.id, bill)
    if (flow.day < horizon) paidFrom[flow.day]! += flow.amountCents
    const due = dayOf(bill.dueDate ?? bill.txnDate)
    const critical = criticalReason(bill, vendors.get(bill.vendorId)?.critical ?? false)
    const discountDay = bill.discount && bill.discount.byDate >= today ? dayOf(bill.discount.byDate) : null
    const scheduled = books.plannedDates[bill.id]
    bills.push({
      id: bill.id,
      // A bill the plan schedules is paid from the bank in full, also a vendor's the forecast
      // expected partly on the card (forecast.ts bankShare): applied, that is what the forecast takes.
      amountCents: flow.payableCents,
      tier: critical ? 'critical' : discountDay !== null ? 'costly' : 'normal',
      preferredDay: Math.max(0, critical ? due : (discountDay ?? due)),
      ...(critical
        ? { why: critical }
        : discountDay !== null
          ? { why: `${bill.discount!.percent}% early-payment discount` }
          : {}),
      ...(scheduled && !moveScheduled ? { fixedDay: flow.day } : {})
    })
  }
  const inflows: PlanInflow[] = model.events.flatMap((e) =>
    e.inflowCents > 0 && e.source.kind === 'invoice'
      ? [{ day: e.day, amountCents: e.inflowCents, label: e.source.customerName }]
      : []
  )
  const baseline = [...model.cash]
  let paid = 0
  for (let d = 0; d < horizon; d++) {
    paid += paidFrom[d]!
    baseline[d]! += paid
  }
  const payDays = Array.from({ length: horizon }, (_, d) => bankDayIndex(model, addDays(today, d)) === d)
  return { baseline, payDays, bills, inflows, byId }
}
