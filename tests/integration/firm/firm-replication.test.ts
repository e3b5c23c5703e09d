// Firm mode, item 2: decisions replicate local-first through the firm's PostgreSQL. Two app cores
// on two data folders, one client company of the sandbox, a real server started by the test.

import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEntry, FirmStatus } from '../../../src/shared/contract'
import type { PaymentPlanView, PlanApplied } from '../../../src/shared/plan'
import type { BillRow, InvoiceRow, RunwayView } from '../../../src/shared/views'
import {
  BOOKKEEPER,
  decisions,
  eventually,
  plannable,
  PARTNER,
  relay,
  twoDesktops,
  type Desktop,
  type Firm
} from '../../helpers/firm'
import { call, failure } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function firm(): Promise<Firm> {
  const f = await twoDesktops()
  cleanups.push(() => f.close())
  return f
}

/** A joins as the partner through a relay the test can cut (A going offline). */
async function partnerThroughRelay(f: Firm): Promise<Awaited<ReturnType<typeof relay>>> {
  const link = await relay(f.pg.port)
  cleanups.push(() => link.close())
  await call(f.a, 'firm.join', { url: link.url, ...PARTNER })
  return link
}

async function schedules(d: Desktop): Promise<Record<string, string | null>> {
  const rows = await call<BillRow[]>(d, 'bills.list', { companyId: d.companyId })
  return Object.fromEntries(rows.map((b) => [b.id, b.scheduledPayOn]))
}

describe.skipIf(skipped !== null)(`firm mode: replication${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it(
    'a schedule made on A shows on B at once, pushed by NOTIFY (no poll)',
    { timeout: 120_000 },
    async () => {
      const f = await firm()
      await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
      await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
      await f.b.core.services.firm.settled()
      const bill = (await plannable(f.a))[0]!
      const latencies: number[] = []
      for (const payOn of ['2026-12-28', '2027-01-04', '2027-01-11']) {
        const seen = new Promise<number>((resolve) => {
          const off = f.b.core.subscribe(async (event) => {
            if (event !== 'runway.changed') return
            if ((await schedules(f.b))[bill.id] === payOn) {
              off()
              resolve(performance.now())
            }
          })
        })
        const made = performance.now()
        await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill.id, payOn })
        latencies.push((await seen) - made)
      }
      console.log(
        `[firm] a schedule made on A showed on B after ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`
      )
      // Who did it travels with it (the audit entry follows its decision): B's trail names the partner.
      await eventually(async () => {
        const trail = await call<ActivityEntry[]>(f.b, 'activity.list', { companyId: f.b.companyId })
        expect(trail.filter((e) => e.action === 'bill.scheduled').map((e) => e.actor)).toEqual([
          'pat',
          'pat',
          'pat'
        ])
      })
      expect(await call<FirmStatus>(f.a, 'firm.status')).toMatchObject({ connected: true, pending: 0 })
    }
  )

  it(
    'A offline decides three things, B changes one: on reconnect both converge, the audit trail holds all four',
    { timeout: 120_000 },
    async () => {
      const f = await firm()
      const link = await partnerThroughRelay(f)
      await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
      await f.b.core.services.firm.settled()
      const [bill, other] = await plannable(f.a)
      const vendorId = other!.vendorId

      link.cut()
      await eventually(async () => expect((await call<FirmStatus>(f.a, 'firm.status')).connected).toBe(false))
      await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill!.id, payOn: '2027-01-15' })
      await call(f.a, 'reserves.set', { companyId: f.a.companyId, name: 'Payroll', amountCents: 500_000 })
      await call(f.a, 'vendors.setCritical', { companyId: f.a.companyId, vendorId, critical: true })
      const offline = await call<FirmStatus>(f.a, 'firm.status')
      // Three decisions (a schedule, a reserve's four fields, a vendor's flag) and their three audit entries.
      expect(offline.pending).toBe(1 + 4 + 1 + 3)
      expect(offline.connected).toBe(false)

      // Later, B (online) plans the same bill otherwise.
      f.w.clock.advance(60_000)
      await call(f.b, 'bills.schedule', { companyId: f.b.companyId, billId: bill!.id, payOn: '2027-01-22' })
      await f.b.core.services.firm.settled()

      link.restore()
      await eventually(async () =>
        expect(await call<FirmStatus>(f.a, 'firm.status')).toMatchObject({ connected: true, pending: 0 })
      )
      await f.a.core.services.firm.settled()
      await eventually(async () => expect(await decisions(f.b)).toEqual(await decisions(f.a)))
      const state = (await decisions(f.a)) as {
        schedules: Record<string, string>
        critical: string[]
        reserves: unknown[]
      }
      // The later change of the bill wins on both; A's other two decisions stand on both.
      expect(state.schedules[bill!.id]).toBe('2027-01-22')
      expect(state.critical).toContain(vendorId)
      expect(state.reserves).toEqual([{ name: 'Payroll', amountCents: 500_000, until: null }])

      for (const d of [f.a, f.b]) {
        const trail = (await call<ActivityEntry[]>(d, 'activity.list', { companyId: d.companyId }))
          .filter((e) => ['bill.scheduled', 'reserve.set', 'vendor.critical'].includes(e.action))
          .map((e) => [e.action, e.actor, e.details.payOn ?? null])
          .sort()
        expect(trail).toEqual([
          ['bill.scheduled', 'bob', '2027-01-22'],
          ['bill.scheduled', 'pat', '2027-01-15'],
          ['reserve.set', 'pat', null],
          ['vendor.critical', 'pat', null]
        ])
      }
    }
  )

  it(
    'the other decisions travel too: an applied plan and its undo, what a customer will pay, the reminder templates',
    { timeout: 120_000 },
    async () => {
      const f = await firm()
      await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
      await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
      const invoice = (await call<InvoiceRow[]>(f.a, 'invoices.list', { companyId: f.a.companyId }))[0]!
      await call(f.a, 'invoices.setExpectation', {
        companyId: f.a.companyId,
        invoiceId: invoice.id,
        expectOn: '2027-01-20'
      })
      const templates = {
        gentle: 'Hello {customer}',
        firm: 'Please pay {total}',
        final: 'Final notice: {total}'
      }
      await call(f.a, 'settings.set', { reminderTemplates: templates })
      const plan = await call<PaymentPlanView>(f.a, 'plan.propose', { companyId: f.a.companyId })
      const applied = await call<PlanApplied>(f.a, 'plan.apply', {
        companyId: f.a.companyId,
        planId: plan.planId
      })
      expect(applied.scheduledBillIds.length).toBeGreaterThan(0)
      await eventually(async () => expect(await decisions(f.b)).toEqual(await decisions(f.a)))
      await eventually(async () => {
        const onB = (await call<InvoiceRow[]>(f.b, 'invoices.list', { companyId: f.b.companyId })).find(
          (i) => i.id === invoice.id
        )!
        expect(onB.expectation).toMatchObject({ expectOn: '2027-01-20' })
        expect((await call<{ reminderTemplates: unknown }>(f.b, 'settings.get')).reminderTemplates).toEqual(
          templates
        )
      })
      // B undoes the plan A applied: the bills go back on both.
      await call(f.b, 'plan.undo', { companyId: f.b.companyId, planId: plan.planId })
      await eventually(async () => expect(await decisions(f.a)).toEqual(await decisions(f.b)))
      const after = (await decisions(f.a)) as { schedules: Record<string, string | null> }
      for (const billId of applied.scheduledBillIds) expect(after.schedules[billId] ?? null).toBeNull()
    }
  )

  it(
    'verdicts on recurring outflows travel: confirmed on A, dismissed and taken back on B',
    { timeout: 120_000 },
    async () => {
      const f = await firm()
      await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
      await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
      await f.b.core.services.firm.settled()
      const verdicts = async (d: Desktop): Promise<Record<string, string | null>> =>
        Object.fromEntries(
          (await call<RunwayView>(d, 'runway.get', { companyId: d.companyId })).recurring.map((r) => [
            r.key,
            r.decision
          ])
        )
      const [first, second] = Object.keys(await verdicts(f.a))
      expect(second).toBeDefined()
      const decide = (d: Desktop, seriesKey: string, decision: 'confirmed' | 'dismissed' | null) =>
        call(d, 'recurring.setDecision', { companyId: d.companyId, seriesKey, decision })

      await decide(f.a, first!, 'confirmed')
      await eventually(async () => expect((await verdicts(f.b))[first!]).toBe('confirmed'))
      await decide(f.b, second!, 'dismissed')
      await eventually(async () => expect((await verdicts(f.a))[second!]).toBe('dismissed'))
      await decide(f.b, first!, null)
      await eventually(async () => expect((await verdicts(f.a))[first!]).toBeNull())
      expect(await verdicts(f.a)).toEqual(await verdicts(f.b))
      // Dismissed on both: the series leaves both forecasts alike.
      await eventually(async () => expect(await decisions(f.a)).toEqual(await decisions(f.b)))
    }
  )

  it(
    'leaving sends what waits first; offline, it is refused until the person drops what waits',
    { timeout: 120_000 },
    async () => {
      const f = await firm()
      const link = await partnerThroughRelay(f)
      await f.a.core.services.firm.settled()
      const [bill, other] = await plannable(f.a)

      link.cut()
      await eventually(async () => expect((await call<FirmStatus>(f.a, 'firm.status')).connected).toBe(false))
      await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill!.id, payOn: '2027-01-15' })
      const refused = await failure(f.a, 'firm.leave')
      expect(refused).toMatchObject({ kind: 'conflict', field: 'discard' })
      expect(refused.message).toContain('2 changes made here have not reached the firm')
      expect(await call<FirmStatus>(f.a, 'firm.status')).toMatchObject({ joined: true, pending: 2 })

      // Back online, leaving pushes them before it forgets the server.
      link.restore()
      await eventually(async () => expect((await call<FirmStatus>(f.a, 'firm.status')).connected).toBe(true))
      await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: other!.id, payOn: '2027-01-18' })
      expect(await call<FirmStatus>(f.a, 'firm.leave')).toMatchObject({ joined: false })
      const pat = await f.pg.as(PARTNER.user, PARTNER.password)
      const onServer = await pat.query(
        `select item, value from runway.changes where client_id = $1 and kind = 'bill.schedule' order by item`,
        [f.realmId]
      )
      await pat.end()
      expect(onServer.rows.map((r: { item: string }) => r.item).sort()).toEqual([bill!.id, other!.id].sort())

      // Offline again with something waiting: the person can drop it on purpose.
      await call(f.a, 'firm.join', { url: link.url, ...PARTNER })
      await f.a.core.services.firm.settled()
      link.cut()
      await eventually(async () => expect((await call<FirmStatus>(f.a, 'firm.status')).connected).toBe(false))
      await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill!.id, payOn: '2027-01-29' })
      expect(await call<FirmStatus>(f.a, 'firm.leave', { discard: true })).toMatchObject({
        joined: false,
        pending: 0
      })
    }
  )

  it('killing the server mid-push loses nothing', { timeout: 120_000 }, async () => {
    const f = await firm()
    await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
    await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
    await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
    const bills = (await plannable(f.a)).slice(0, 8)
    expect(bills.length).toBeGreaterThan(3)
    const made: Promise<unknown>[] = []
    let killed: Promise<void> | undefined
    for (const [i, bill] of bills.entries()) {
      made.push(
        call(f.a, 'bills.schedule', {
          companyId: f.a.companyId,
          billId: bill.id,
          payOn: `2027-02-${String(10 + i)}`
        })
      )
      // The server dies while the first pushes are on the wire.
      if (i === 2) killed = f.pg.kill()
    }
    await Promise.all(made)
    await killed
    // And decisions go on being made while it is down.
    for (const [i, bill] of bills.entries())
      await call(f.a, 'reserves.set', {
        companyId: f.a.companyId,
        name: `Hold ${bill.id}`,
        amountCents: 100 * (i + 1)
      })
    const down = await eventually(async () => {
      const status = await call<FirmStatus>(f.a, 'firm.status')
      expect(status.connected).toBe(false)
      return status
    })
    expect(down.pending).toBeGreaterThanOrEqual(5 * bills.length)
    f.pg.start()
    await eventually(
      async () =>
        expect(await call<FirmStatus>(f.a, 'firm.status')).toMatchObject({ connected: true, pending: 0 }),
      15_000
    )
    const pat = await f.pg.as(PARTNER.user, PARTNER.password)
    const onServer = await pat.query(
      `select kind, count(*)::int n, count(distinct change_id)::int distinct_ids from runway.changes where client_id = $1 group by kind order by kind`,
      [f.realmId]
    )
    await pat.end()
    expect(onServer.rows).toEqual([
      { kind: 'audit', n: 2 * bills.length, distinct_ids: 2 * bills.length },
      { kind: 'bill.schedule', n: bills.length, distinct_ids: bills.length },
      { kind: 'reserve', n: 4 * bills.length, distinct_ids: 4 * bills.length }
    ])
    await eventually(async () => expect(await decisions(f.b)).toEqual(await decisions(f.a)), 15_000)
  })
})
