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

import type { Cents } from './books'

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
  for (const bill of planOrder(input.bills)) {
    const preferred = Math.max(0, bill.preferredDay)
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
      if (suffix[t]! - bill.amountCents >= min) {
        day = t
        break
      }
    }
    if (day !== null) pay(day, bill.amountCents)
    planned.set(bill.id, {
      billId: bill.id,
      day,
      reason: reasonFor(bill, preferred, day, input.inflows ?? [])
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

function reasonFor(
  bill: PlanBill,
  preferred: number,
  day: number | null,
  inflows: readonly PlanInflow[]
): string {
  if (day === null) return 'waits: cash does not allow it within the forecast'
  if (day === preferred) {
    if (bill.tier === 'costly') return `${bill.why ?? 'costs money to delay'}: pays in time for it`
    return preferred === 0 ? 'pays today' : 'pays when due'
  }
  // The biggest receipt that arrives in the days that made room for it.
  const waitedFor = inflows
    .filter((i) => i.day > preferred && i.day <= day)
    .reduce<PlanInflow | undefined>(
      (best, i) => (best === undefined || i.amountCents > best.amountCents ? i : best),
      undefined
    )
  return waitedFor
    ? `waits for ${waitedFor.label}'s expected ${dollars(waitedFor.amountCents)}`
    : 'waits until cash allows it'
}

function dollars(cents: number): string {
  return `$${Math.round(cents / 100).toLocaleString('en-US')}`
}
