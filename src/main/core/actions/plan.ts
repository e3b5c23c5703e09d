// The payment plan as a decision: proposed from the forecast (as often as the user drags a date),
// applied as planned payment dates in one step, undone in one step. The dates are the existing
// bill schedules, so the forecast, the console and the jobs read them as any other.

import { createHash } from 'node:crypto'
import { addDays, type LocalDate } from '../../../shared/dates'
import type { PaymentPlanView, PlanApplied, PlannedBillView } from '../../../shared/plan'
import { requireCompany, requireWritable } from '../db/companies'
import { clearBillSchedule, setBillSchedule } from '../db/decisions'
import { appliedPlan, markPlanUndone, recordAppliedPlan, type AppliedPlanBill } from '../db/plans'
import { AppError } from '../errors'
import { prepareRunway, type RunwayContext } from '../runway'
import { payDayFrom, planInputFrom, proposePlan, withPaymentMoved, type PlanOptions } from '../runway/plan'
import { withRunway } from './decisions'
import type { ActionDeps } from './deps'

export interface ProposeInput extends PlanOptions {
  companyId: string
  horizonWeeks?: number
}

/** Proposals kept for apply: a plan is named by what it was made from, so a restart only costs a re-propose. */
const KEPT_PROPOSALS = 32
const TIER_RANK = { critical: 0, costly: 1, normal: 2 } as const

export class PlanService {
  private readonly proposals = new Map<string, { input: ProposeInput; view: PaymentPlanView }>()

  constructor(
    private readonly deps: ActionDeps,
    private readonly contextOf: (companyId: string) => RunwayContext
  ) {}

  propose(input: ProposeInput): PaymentPlanView {
    requireCompany(this.deps.ctx.cache.sqlite, input.companyId)
    let ctx = this.contextOf(input.companyId)
    if (input.horizonWeeks !== undefined && input.horizonWeeks * 7 !== ctx.model.horizonDays) {
      // Bands only colour a status; the plan reads the cash path alone.
      ctx = prepareRunway(ctx.books, ctx.today, { horizonWeeks: input.horizonWeeks })
    }
    const view = planView(input.companyId, ctx, input)
    this.proposals.delete(view.planId)
    this.proposals.set(view.planId, { input, view })
    while (this.proposals.size > KEPT_PROPOSALS) this.proposals.delete(this.proposals.keys().next().value!)
    return view
  }

  /** Schedules the plan's bills (or the ones named) on their plan dates, as one audited decision. */
  async apply(input: {
    companyId: string
    planId: string
    billIds?: string[] | undefined
  }): Promise<PlanApplied> {
    requireWritable(this.deps.ctx.cache.sqlite, input.companyId)
    const kept = this.proposals.get(input.planId)
    if (!kept || kept.view.companyId !== input.companyId) {
      throw new AppError('stale', 'this plan is no longer at hand: propose it again', { field: 'planId' })
    }
    // The books may have changed since (a sync, a payment): the same inputs must still give this plan.
    const now = this.propose(kept.input)
    if (now.planId !== input.planId) {
      throw new AppError('stale', 'the books changed since this plan was made: look at the new one', {
        field: 'planId'
      })
    }
    const wanted = input.billIds ? new Set(input.billIds) : null
    const unknown = input.billIds?.filter((id) => !now.bills.some((b) => b.billId === id)) ?? []
    if (unknown.length > 0)
      throw new AppError('validation', `not in this plan: ${unknown.join(', ')}`, { field: 'billIds' })
    const ctx = this.contextOf(input.companyId)
    // A bill the plan puts beyond the horizon is planned for the day after it, so the forecast
    // stops counting it on its due date.
    const beyond = addDays(now.horizonEnd, 1)
    const bills: AppliedPlanBill[] = now.bills
      .filter((b) => !b.fixed && (wanted === null || wanted.has(b.billId)))
      .map((b) => ({
        billId: b.billId,
        payOn: b.payOn ?? beyond,
        previous: ctx.books.plannedDates[b.billId] ?? null
      }))
      .filter((b) => b.payOn !== b.previous)
    const { db } = this.deps.ctx.cache
    const at = this.deps.ctx.clock.now().toISOString()
    const summary = `Applied a payment plan: ${bills.length} bill${bills.length === 1 ? '' : 's'} scheduled`
    await withRunway(
      this.deps,
      input.companyId,
      'plan.applied',
      summary,
      { planId: input.planId, bills },
      async () => {
        await db.transaction().execute(async (trx) => {
          for (const b of bills)
            await setBillSchedule(trx, {
              companyId: input.companyId,
              billId: b.billId,
              payOn: b.payOn,
              now: at
            })
          await recordAppliedPlan(trx, { id: input.planId, companyId: input.companyId, appliedAt: at, bills })
        })
      },
      [
        ...bills.map((b) => ({ kind: 'bill.schedule' as const, item: b.billId, fields: { payOn: b.payOn } })),
        { kind: 'plan', item: input.planId, fields: { appliedAt: at, bills } }
      ]
    )
    return { planId: input.planId, scheduledBillIds: bills.map((b) => b.billId) }
  }

  /** Puts every bill of an applied plan back where it was, as one audited decision. */
  async undo(input: {
    companyId: string
    planId: string
  }): Promise<{ planId: string; restoredBillIds: string[] }> {
    requireWritable(this.deps.ctx.cache.sqlite, input.companyId)
    const { db } = this.deps.ctx.cache
    const bills = await appliedPlan(db, input.companyId, input.planId)
    if (!bills) throw new AppError('not-found', 'no applied plan with that id to undo', { field: 'planId' })
    const at = this.deps.ctx.clock.now().toISOString()
    const summary = `Undid a payment plan: ${bills.length} bill${bills.length === 1 ? '' : 's'} back to their dates`
    await withRunway(
      this.deps,
      input.companyId,
      'plan.undone',
      summary,
      { planId: input.planId },
      async () => {
        await db.transaction().execute(async (trx) => {
          for (const b of bills) {
            if (b.previous === null) await clearBillSchedule(trx, input.companyId, b.billId)
            else
              await setBillSchedule(trx, {
                companyId: input.companyId,
                billId: b.billId,
                payOn: b.previous,
                now: at
              })
          }
          await markPlanUndone(trx, input.planId, at)
        })
      },
      [
        ...bills.map((b) => ({
          kind: 'bill.schedule' as const,
          item: b.billId,
          fields: { payOn: b.previous }
        })),
        { kind: 'plan', item: input.planId, fields: { undoneAt: at } }
      ]
    )
    return { planId: input.planId, restoredBillIds: bills.map((b) => b.billId) }
  }
}

function planView(companyId: string, ctx: RunwayContext, opts: ProposeInput): PaymentPlanView {
  const { model, today } = ctx
  const input = planInputFrom(ctx, opts)
  const outcome = proposePlan(input)
  // Every date a plan names is a day of the horizon: each is worked out once, not per bill.
  const dates = Array.from({ length: model.horizonDays }, (_, day) => addDays(today, day))
  const dateOf = (day: number): LocalDate => dates[day] ?? addDays(today, day)
  const tiers = new Map(input.bills.map((b) => [b.id, b]))
  // "Today" for a payment: on a weekend, the Monday the bank takes it.
  const firstPayDay = payDayFrom(input, 0)
  const point = ({ lowestCents, zeroDay }: { lowestCents: number; zeroDay: number | null }) => ({
    lowestCashCents: lowestCents,
    cashZeroDate: zeroDay === null ? null : dateOf(zeroDay)
  })
  const bills: PlannedBillView[] = outcome.bills
    .map((p): PlannedBillView => {
      const bill = input.byId.get(p.billId)!
      const planned = tiers.get(p.billId)!
      return {
        billId: p.billId,
        vendorName: bill.vendorName,
        docNumber: bill.docNumber ?? null,
        amountCents: planned.amountCents,
        dueDate: bill.dueDate,
        payOn: p.day === null ? null : dateOf(p.day),
        tier: planned.tier,
        reason: p.reason,
        cashAfterCents: p.day === null ? null : outcome.cash[p.day]!,
        fixed: planned.fixedDay !== undefined,
        ifPaidToday:
          p.day === firstPayDay
            ? null
            : point(withPaymentMoved(outcome.cash, planned.amountCents, p.day, firstPayDay)),
        ifDeferred:
          p.day === null ? null : point(withPaymentMoved(outcome.cash, planned.amountCents, p.day, null))
      }
    })
    // Plain code-point order: ISO dates and ids need no collation, and localeCompare on every pair
    // of a thousand bills cost more than planning them.
    .sort(
      (a, b) =>
        codePoints(a.payOn ?? '9999', b.payOn ?? '9999') ||
        TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
        codePoints(a.billId, b.billId)
    )
  // A day's payments read as a register: each one's cash after it counts the ones listed after it
  // that day as not yet paid, so the last one of the day ends on the day's closing cash.
  for (let i = bills.length - 1, unpaid = 0; i >= 0; i--) {
    const b = bills[i]!
    if (b.payOn === null) continue
    unpaid = bills[i + 1]?.payOn === b.payOn ? unpaid + bills[i + 1]!.amountCents : 0
    b.cashAfterCents = b.cashAfterCents! + unpaid
  }
  const summary = (cash: readonly number[]): PaymentPlanView['before'] =>
    point(withPaymentMoved(cash, 0, null, null))
  const body = {
    companyId,
    asOf: today,
    minCashCents: input.minCashCents,
    horizonEnd: dateOf(model.horizonDays - 1),
    bills,
    shortfall: outcome.shortfall
      ? { amountCents: outcome.shortfall.amountCents, from: dateOf(outcome.shortfall.fromDay) }
      : null,
    before: summary(model.cash),
    after: summary(outcome.cash)
  }
  // Named by what it decides (which bill is paid when, for how much) and what it starts from, not by
  // its wording: hashing the whole view's JSON was a tenth of a re-proposal for a thousand bills.
  const hash = createHash('sha256').update(
    JSON.stringify([
      companyId,
      today,
      input.minCashCents,
      body.horizonEnd,
      opts.moveScheduled ?? false,
      body.shortfall,
      body.before,
      body.after
    ])
  )
  for (const b of bills) hash.update(`\n${b.billId} ${b.payOn ?? '-'} ${b.amountCents} ${b.tier} ${b.fixed}`)
  const planId = hash.digest('hex').slice(0, 16)
  return { planId, ...body }
}

function codePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
