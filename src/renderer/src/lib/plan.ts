// The payment plan as the console reads it: whether it leads, and what one bill does to it.

import type { PaymentPlanView, PlanCashPoint, PlannedBillView } from '../../../shared/plan'
import { daysBetween, dayIn, moneyWhole, plural } from './format'

/**
 * Whether the console should lead with the plan: the bills that must be paid are more than the
 * company can pay, or the plan cannot keep the minimum, or it has to hold bills past their due dates.
 */
export function planLeads(plan: PaymentPlanView, mustPayCents: number, availableCents: number): boolean {
  if (mustPayCents > availableCents || plan.shortfall !== null) return true
  return plan.bills.some((b) => !b.fixed && deferred(b, plan.asOf))
}

function deferred(b: PlannedBillView, today: string): boolean {
  const due = b.dueDate === null || b.dueDate < today ? today : b.dueDate
  return b.payOn === null || b.payOn > due
}

/**
 * What paying the bill now, or letting it wait past the forecast, does to the plan: the change in
 * its lowest cash point and in its cash-zero date. Measured against the plan rather than the
 * forecast as it stands, because that is the course the console proposes: where the forecast
 * already pays every overdue bill today (and runs dry today), "pay now" changes nothing in it.
 */
export function planImpactParts(
  planned: PlannedBillView,
  plan: PaymentPlanView,
  currency: string
): { payNow: string | null; wait: string | null } {
  const base = plan.after
  const today = plan.asOf
  const part = (point: PlanCashPoint | null): string | null => {
    if (point === null) return null
    const low = point.lowestCashCents - base.lowestCashCents
    const lowText =
      low === 0
        ? 'lowest cash unchanged'
        : `lowest cash ${low > 0 ? '+' : '−'}${moneyWhole(Math.abs(low), currency)}`
    return `${lowText}; ${zeroChange(base.cashZeroDate, point.cashZeroDate, today)}`
  }
  return {
    payNow: planned.ifPaidToday ? `Pay now: ${part(planned.ifPaidToday)}` : null,
    wait: planned.ifDeferred
      ? `Wait past ${dayIn(plan.horizonEnd, today)}: ${part(planned.ifDeferred)}`
      : null
  }
}

function zeroChange(before: string | null, after: string | null, today: string): string {
  if (before === after) return before === null ? 'no cash gap' : 'same cash-zero date'
  if (after === null) return 'no cash gap in 13 weeks'
  if (before === null) return `cash runs out ${dayIn(after, today)}`
  const days = daysBetween(before, after)
  return `cash runs out ${plural(Math.abs(days), 'day')} ${days > 0 ? 'later' : 'sooner'}`
}
