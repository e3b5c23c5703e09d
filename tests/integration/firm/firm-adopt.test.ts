// Firm mode: what a desktop decided before the firm knew of it. Decisions made before joining go to
// the firm on joining (a later decision, whoever made it, wins); a company connected after the
// desktop's first pull gets the firm's decisions and audit trail for its client.

import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEntry, FirmStatus } from '../../../src/shared/contract'
import type { BillRow, InvoiceRow, RunwayView } from '../../../src/shared/views'
import {
  BOOKKEEPER,
  decisions,
  eventually,
  PARTNER,
  plannable,
  twoDesktops,
  type Firm
} from '../../helpers/firm'
import { actor } from '../../../src/main/core/actions/actor'
import { call } from '../../helpers/invoke'
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

describe.skipIf(skipped !== null)(
  `firm mode: joining with history${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    it(
      'decisions made before joining go to the firm on joining; the later of two wins on both',
      { timeout: 120_000 },
      async () => {
        const f = await firm()
        const [bill, other, third] = await plannable(f.a)
        const series = (await call<RunwayView>(f.a, 'runway.get', { companyId: f.a.companyId })).recurring[0]!
        const invoice = (await call<InvoiceRow[]>(f.a, 'invoices.list', { companyId: f.a.companyId }))[0]!

        // Before anyone is in the firm, each decides on their own computer.
        const a = { companyId: f.a.companyId }
        await call(f.a, 'bills.schedule', { ...a, billId: bill!.id, payOn: '2027-01-15' })
        await call(f.a, 'reserves.set', { ...a, name: 'Payroll', amountCents: 500_000 })
        await call(f.a, 'vendors.setCritical', { ...a, vendorId: other!.vendorId, critical: true })
        await call(f.a, 'runway.setMinCash', { ...a, minCashCents: 1_200_000 })
        await call(f.a, 'recurring.setDecision', { ...a, seriesKey: series.key, decision: 'confirmed' })
        await call(f.a, 'invoices.setExpectation', { ...a, invoiceId: invoice.id, expectOn: '2027-01-20' })
        f.w.clock.advance(60_000)
        // B, a minute later, plans the same bill otherwise, and another one.
        const b = { companyId: f.b.companyId }
        await call(f.b, 'bills.schedule', { ...b, billId: bill!.id, payOn: '2027-01-22' })
        await call(f.b, 'bills.schedule', { ...b, billId: third!.id, payOn: '2027-02-01' })

        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await f.a.core.services.firm.settled()
        await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        await f.b.core.services.firm.settled()
        for (const d of [f.a, f.b])
          await eventually(async () =>
            expect(await call<FirmStatus>(d, 'firm.status')).toMatchObject({ connected: true, pending: 0 })
          )

        await eventually(async () => expect(await decisions(f.b)).toEqual(await decisions(f.a)))
        expect(await decisions(f.a)).toMatchObject({
          schedules: { [bill!.id]: '2027-01-22', [third!.id]: '2027-02-01' },
          reserves: [{ name: 'Payroll', amountCents: 500_000, until: null }],
          minCash: 1_200_000,
          recurring: { [series.key]: 'confirmed' }
        })
        expect(((await decisions(f.b)) as { critical: string[] }).critical).toContain(other!.vendorId)
        const onB = (await call<InvoiceRow[]>(f.b, 'invoices.list', b)).find((i) => i.id === invoice.id)!
        expect(onB.expectation).toMatchObject({ expectOn: '2027-01-20' })

        // On the server, each with the person who brought it (Bob's two, decided in one clock
        // millisecond, carry the same clock: their order is by value).
        const pat = await f.pg.as(PARTNER.user, PARTNER.password)
        const rows = (
          await pat.query(
            `select kind, actor, value from runway.changes where client_id = $1 and kind = 'bill.schedule' order by hlc, value`,
            [f.realmId]
          )
        ).rows
        await pat.end()
        expect(rows).toEqual([
          { kind: 'bill.schedule', actor: 'pat', value: '2027-01-15' },
          { kind: 'bill.schedule', actor: 'bob', value: '2027-01-22' },
          { kind: 'bill.schedule', actor: 'bob', value: '2027-02-01' }
        ])
      }
    )

    it(
      'a vendor flag and minimum cash changed before joining, after the firm’s, win on joining',
      { timeout: 120_000 },
      async () => {
        const f = await firm()
        // A vendor critical only by a person's word (not by its name).
        const vendorId = (await call<BillRow[]>(f.a, 'bills.list', { companyId: f.a.companyId })).find(
          (bill) => !bill.criticalVendor
        )!.vendorId
        // Pat is in the firm and decides.
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
        const a = { companyId: f.a.companyId }
        await call(f.a, 'vendors.setCritical', { ...a, vendorId, critical: true })
        await call(f.a, 'runway.setMinCash', { ...a, minCashCents: 1_000_000 })
        await f.a.core.services.firm.settled()
        expect(((await decisions(f.a)) as { critical: string[] }).critical).toContain(vendorId)
        f.w.clock.advance(60_000)
        // A minute later Bob, not in the firm yet, decides otherwise on his own computer.
        const b = { companyId: f.b.companyId }
        await call(f.b, 'vendors.setCritical', { ...b, vendorId, critical: true })
        await call(f.b, 'vendors.setCritical', { ...b, vendorId, critical: false })
        await call(f.b, 'runway.setMinCash', { ...b, minCashCents: 1_500_000 })

        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        await f.b.core.services.firm.settled()
        await eventually(async () => expect(await decisions(f.a)).toEqual(await decisions(f.b)))
        const onA = (await decisions(f.a)) as { critical: string[]; minCash: number }
        expect(onA.minCash).toBe(1_500_000)
        expect(onA.critical).not.toContain(vendorId)
      }
    )

    it(
      'a company connected after the first pull gets the firm’s decisions and audit trail for its client',
      { timeout: 120_000 },
      async () => {
        const f = await firm()
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        const [bill] = await plannable(f.a)
        const a = { companyId: f.a.companyId }
        await call(f.a, 'bills.schedule', { ...a, billId: bill!.id, payOn: '2027-01-29' })
        await call(f.a, 'reserves.set', { ...a, name: 'Taxes', amountCents: 250_000 })
        await f.a.core.services.firm.settled()

        // Pat's second computer joins with no company yet, pulls everything, then connects the client.
        const c = await f.desktop(undefined, false)
        await call(c, 'firm.join', { url: f.pg.url, ...PARTNER })
        await c.core.services.firm.settled()
        expect((await call<FirmStatus>(c, 'firm.status')).lastPullAt).not.toBeNull()
        c.companyId = await f.attach(c.core)

        await eventually(async () => expect(await decisions(c)).toEqual(await decisions(f.a)))
        expect(await decisions(c)).toMatchObject({
          schedules: { [bill!.id]: '2027-01-29' },
          reserves: [{ name: 'Taxes', amountCents: 250_000, until: null }]
        })
        const trail = await call<ActivityEntry[]>(c, 'activity.list', { companyId: c.companyId })
        expect(
          trail
            .filter((e) => ['bill.scheduled', 'reserve.set'].includes(e.action))
            .map((e) => [e.action, e.actor])
            .sort()
        ).toEqual([
          ['bill.scheduled', 'pat'],
          ['reserve.set', 'pat']
        ])
      }
    )

    it(
      'a client assigned to a bookkeeper after their pulls went past its changes: those come then',
      { timeout: 120_000 },
      async () => {
        const f = await firm()
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        const [bill] = await plannable(f.a)
        await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill!.id, payOn: '2027-01-27' })
        await call(f.a, 'reserves.set', { companyId: f.a.companyId, name: 'Rent', amountCents: 300_000 })
        // Something firm-wide after them, which Bob sees: his pulls go past the client's changes.
        const templates = { gentle: 'Hello {customer}', firm: 'Please pay {total}', final: 'Final: {total}' }
        await call(f.a, 'settings.set', { reminderTemplates: templates })
        await eventually(async () =>
          expect((await call<{ reminderTemplates: unknown }>(f.b, 'settings.get')).reminderTemplates).toEqual(
            templates
          )
        )
        expect(await decisions(f.b)).toMatchObject({ schedules: { [bill!.id]: null }, reserves: [] })

        await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
        await eventually(async () => expect(await decisions(f.b)).toEqual(await decisions(f.a)))
        expect(await decisions(f.b)).toMatchObject({
          schedules: { [bill!.id]: '2027-01-27' },
          reserves: [{ name: 'Rent', amountCents: 300_000, until: null }]
        })
      }
    )

    it(
      'the audit trail from before joining goes to the firm once, with who acted and when',
      { timeout: 120_000 },
      async () => {
        const f = await firm()
        const [bill] = await plannable(f.a)
        const a = { companyId: f.a.companyId }
        // Before the firm: this computer's user decides, and the trail says so.
        await call(f.a, 'bills.schedule', { ...a, billId: bill!.id, payOn: '2027-01-18' })
        f.w.clock.advance(60_000)
        await call(f.a, 'reserves.set', { ...a, name: 'Payroll', amountCents: 400_000 })
        const earlier = (await call<ActivityEntry[]>(f.a, 'activity.list', a))
          .filter((e) => ['bill.scheduled', 'reserve.set'].includes(e.action))
          .map((e) => ({ at: e.at, actor: e.actor, action: e.action, details: e.details }))
        expect(earlier.map((e) => [e.action, e.actor])).toEqual([
          ['reserve.set', actor()],
          ['bill.scheduled', actor()]
        ])

        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await f.a.core.services.firm.settled()
        await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        const trailOf = async (d: typeof f.a): Promise<unknown[]> =>
          (await call<ActivityEntry[]>(d, 'activity.list', { companyId: d.companyId }))
            .filter((e) => ['bill.scheduled', 'reserve.set'].includes(e.action))
            .map((e) => ({ at: e.at, actor: e.actor, action: e.action, details: e.details }))
        // On B, as A's computer recorded them: who, when, what.
        await eventually(async () => expect(await trailOf(f.b)).toEqual(earlier))

        // A leaves and joins again, and its push of them is retried: neither copies an entry.
        const auditRows = async (): Promise<number> => {
          const pat = await f.pg.as(PARTNER.user, PARTNER.password)
          const { rows } = await pat.query<{ n: string }>(
            `select count(*) as n from runway.changes where client_id = $1 and kind = 'audit'`,
            [f.realmId]
          )
          await pat.end()
          return Number(rows[0]!.n)
        }
        expect(await auditRows()).toBe(2)
        await call(f.a, 'firm.leave')
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await f.a.core.services.firm.settled()
        await eventually(async () =>
          expect(await call<FirmStatus>(f.a, 'firm.status')).toMatchObject({ connected: true, pending: 0 })
        )
        await f.a.core.services.firm.settled()
        expect(await auditRows()).toBe(2)
        expect(await trailOf(f.a)).toEqual(earlier)
        // B, leaving and joining again, pulls the trail anew and keeps one copy.
        await call(f.b, 'firm.leave')
        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        await f.b.core.services.firm.settled()
        await eventually(async () =>
          expect(await call<FirmStatus>(f.b, 'firm.status')).toMatchObject({ connected: true, pending: 0 })
        )
        await f.b.core.services.firm.settled()
        expect(await trailOf(f.b)).toEqual(earlier)
      }
    )

    it(
      'leaving and joining again keeps one copy of the desktop’s own trail and decisions',
      { timeout: 120_000 },
      async () => {
        const f = await firm()
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        const [bill] = await plannable(f.a)
        await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill!.id, payOn: '2027-01-21' })
        await f.a.core.services.firm.settled()
        const trail = async (): Promise<string[]> =>
          (await call<ActivityEntry[]>(f.a, 'activity.list', { companyId: f.a.companyId }))
            .filter((e) => e.action === 'bill.scheduled')
            .map((e) => e.actor)
        expect(await trail()).toEqual(['pat'])
        const before = await decisions(f.a)

        await call(f.a, 'firm.leave')
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await f.a.core.services.firm.settled()
        await eventually(async () =>
          expect(await call<FirmStatus>(f.a, 'firm.status')).toMatchObject({ connected: true, pending: 0 })
        )
        await f.a.core.services.firm.settled()
        expect(await trail()).toEqual(['pat'])
        expect(await decisions(f.a)).toEqual(before)
      }
    )
  }
)
