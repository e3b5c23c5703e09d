// The payment plan on the demo company that cannot pay what it owes (Redwood), through the contract
// against the sandbox: proposed, applied as one decision, undone as one.

import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEntry, SyncSummary } from '../../../src/shared/contract'
import type { PaymentPlanView, PlanApplied } from '../../../src/shared/plan'
import type { BillRow, RunwayView } from '../../../src/shared/views'
import { world, type World } from '../../helpers/sandbox'
import { call } from '../../helpers/invoke'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

async function redwood(): Promise<{ w: World; id: string }> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  worlds.push(w)
  const realm = w.sandbox.info.realms.find((r) => r.companyName.startsWith('Redwood'))!
  const id = await w.connect(realm.realmId)
  const [summary] = await call<SyncSummary[]>(w, 'sync.now', { companyId: id })
  expect(summary!.ok).toBe(true)
  return { w, id }
}

describe('payment plan', () => {
  it(
    "pays Redwood's critical bills when due, defers the rest and says what is missing, applied gives the forecast it showed, and undoes in one step",
    { timeout: 60_000 },
    async () => {
      const { w, id } = await redwood()
      const before = await call<RunwayView>(w, 'runway.get', { companyId: id })
      expect(before.cashZeroDate).not.toBeNull()
      const plan = await call<PaymentPlanView>(w, 'plan.propose', { companyId: id })
      // Deterministic: the same books give the same plan.
      expect((await call<PaymentPlanView>(w, 'plan.propose', { companyId: id })).planId).toBe(plan.planId)

      const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
      expect(plan.bills.map((b) => b.billId).sort()).toEqual(bills.map((b) => b.id).sort())
      const weekEnd = plan.bills.length > 0 ? addDays(plan.asOf, 6) : plan.asOf
      const firstWeek = plan.bills.filter(
        (b) => b.payOn !== null && b.payOn <= weekEnd && b.tier !== 'critical'
      )
      // What the plan pays this week beyond the critical bills never takes cash under the minimum.
      for (const b of firstWeek) expect(b.cashAfterCents!).toBeGreaterThanOrEqual(plan.minCashCents)
      // Redwood cannot pay what it owes: even its payroll and the critical bills on their due dates
      // break the line, so the plan defers every other bill and says what is missing, and from when.
      expect(plan.shortfall).not.toBeNull()
      expect(plan.shortfall!.amountCents).toBe(plan.minCashCents - plan.after.lowestCashCents)
      expect(plan.after.lowestCashCents).toBeGreaterThan(plan.before.lowestCashCents)
      // Every bill says why it got its date.
      for (const b of plan.bills) expect(b.reason.length).toBeGreaterThan(5)
      // Redwood cannot pay everything within the forecast: the plan defers some, and says so.
      expect(plan.bills.some((b) => b.payOn === null || b.payOn > (b.dueDate ?? plan.asOf))).toBe(true)

      const applied = await call<PlanApplied>(w, 'plan.apply', { companyId: id, planId: plan.planId })
      expect(applied.scheduledBillIds.length).toBeGreaterThan(0)
      const after = await call<RunwayView>(w, 'runway.get', { companyId: id })
      // Applied, the forecast is the one the plan showed. (The forecast before it expects Redwood's
      // habit of paying late; a plan that pays the critical bills when due can bring the first day
      // below zero forward while it raises the lowest point: it is that point the plan improves.)
      expect({
        zero: after.cashZeroDate,
        lowest: Math.min(...after.forecast.map((w) => w.lowestCashCents))
      }).toEqual({
        zero: plan.after.cashZeroDate,
        lowest: plan.after.lowestCashCents
      })
      const scheduled = await call<BillRow[]>(w, 'bills.list', { companyId: id })
      for (const billId of applied.scheduledBillIds)
        expect(scheduled.find((b) => b.id === billId)!.scheduledPayOn).not.toBeNull()
      const activity = await call<ActivityEntry[]>(w, 'activity.list', { companyId: id })
      expect(activity.filter((a) => a.action === 'plan.applied')).toHaveLength(1)

      // The books moved on (the plan is applied): the old plan is stale, a new one differs.
      const again = await w.core.invoke('plan.apply', { companyId: id, planId: plan.planId })
      expect(again.ok ? null : again.error.kind).toBe('stale')

      const undone = await call<{ restoredBillIds: string[] }>(w, 'plan.undo', {
        companyId: id,
        planId: plan.planId
      })
      expect(undone.restoredBillIds.sort()).toEqual([...applied.scheduledBillIds].sort())
      const restored = await call<RunwayView>(w, 'runway.get', { companyId: id })
      expect(restored.cashZeroDate).toBe(before.cashZeroDate)
      expect(
        (await call<BillRow[]>(w, 'bills.list', { companyId: id })).every((b) => b.scheduledPayOn === null)
      ).toBe(true)
      const twice = await w.core.invoke('plan.undo', { companyId: id, planId: plan.planId })
      expect(twice.ok ? null : twice.error.kind).toBe('not-found')
    }
  )

  it('applies only the bills named, and refuses a plan id it never made', { timeout: 60_000 }, async () => {
    const { w, id } = await redwood()
    const plan = await call<PaymentPlanView>(w, 'plan.propose', { companyId: id, minCashCents: 0 })
    const movable = plan.bills.filter((b) => !b.fixed)
    const one = movable[movable.length - 1]!
    const applied = await call<PlanApplied>(w, 'plan.apply', {
      companyId: id,
      planId: plan.planId,
      billIds: [one.billId]
    })
    expect(applied.scheduledBillIds).toEqual([one.billId])
    const unknown = await w.core.invoke('plan.apply', { companyId: id, planId: 'not-a-plan' })
    expect(unknown.ok ? null : unknown.error.kind).toBe('stale')
  })
})

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}
