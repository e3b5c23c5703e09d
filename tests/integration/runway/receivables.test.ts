// Receivables as they will really arrive and recurring outflows from every source, on the demo
// companies of the sandbox: dates from each customer's habits, chances that fall with age, upside for
// what is past collection, the bookkeeper's word kept and audited; rent found in the landlords' bills.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SyncSummary } from '../../../src/shared/contract'
import { addDays, addMonths, daysBetween } from '../../../src/shared/dates'
import { parseMoney } from '../../../src/shared/money'
import type { InvoiceRow, RecurringView, RunwayView, ScenarioView } from '../../../src/shared/views'
import { world, type World } from '../../helpers/sandbox'
import { call, failure } from '../../helpers/invoke'

const TODAY = '2026-11-26'
const NORTHWIND = 0
const BRIGHTLINE = 1
const REDWOOD = 2

type Rec = Record<string, unknown>

async function demo(): Promise<{ w: World; ids: string[] }> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: TODAY } })
  const ids: string[] = []
  for (const realm of w.sandbox.info.realms) ids.push(await w.connect(realm.realmId))
  const summaries = await call<SyncSummary[]>(w, 'sync.now')
  expect(summaries.every((s) => s.ok)).toBe(true)
  return { w, ids }
}

async function records(w: World, realmIndex: number, entity: string): Promise<Rec[]> {
  const realmId = w.sandbox.info.realms[realmIndex]!.realmId
  return (await w.control<{ records: Rec[] }>('GET', `/realms/${realmId}/entities/${entity}?limit=100000`))
    .records
}

const inflow = (r: RunwayView): number => r.forecast.reduce((s, wk) => s + wk.inflowCents, 0)
const outflow = (r: RunwayView): number => r.forecast.reduce((s, wk) => s + wk.outflowCents, 0)
const lastDay = addDays(TODAY, 90)

describe('on the demo books as they stand', () => {
  let w: World
  let ids: string[]
  beforeAll(async () => {
    ;({ w, ids } = await demo())
  }, 60_000)
  afterAll(async () => {
    await w.close()
  })

  it('leaves a 120-day-old invoice out of the base forecast and shows it as upside', async () => {
    const id = ids[REDWOOD]!
    const old = (await records(w, REDWOOD, 'Invoice')).find(
      (i) => cents(i.Balance) > 0 && daysBetween(i.TxnDate as string, TODAY) >= 120
    )!
    expect(old).toBeDefined()
    const row = (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find(
      (i) => i.id === old.Id
    )!
    expect(row.forecast).toMatchObject({ status: 'upside', expectedCents: 0 })
    expect(row.forecast!.chance).toBeLessThan(0.5)
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const listed = runway.receivables.outOfBase.find((o) => o.invoiceId === old.Id)!
    expect(listed).toMatchObject({
      reason: 'past-collection',
      collectibleCents: row.forecast!.collectibleCents
    })
    expect(runway.receivables.upsideCents).toBe(
      runway.receivables.outOfBase
        .filter((o) => o.reason === 'past-collection')
        .reduce((s, o) => s + o.collectibleCents, 0)
    )
    // the base forecast does not count it: collecting it after all adds all of it
    const scenario = await call<ScenarioView>(w, 'scenarios.evaluate', {
      companyId: id,
      changes: [{ kind: 'collect-invoice', invoiceId: old.Id, by: addDays(TODAY, 10) }]
    })
    expect(scenario.ignored).toEqual([])
    const weekly = (v: ScenarioView['base']): number => v.forecast.reduce((s, wk) => s + wk.inflowCents, 0)
    expect(weekly(scenario.scenario) - weekly(scenario.base)).toBe(row.forecast!.collectibleCents)
  })

  it('counts each invoice in the base on its expected date, weighed by its chance, never all in one week', async () => {
    const id = ids[REDWOOD]!
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const rows = await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })
    const base = rows.filter((r) => r.forecast?.status === 'base')
    expect(base.length).toBeGreaterThan(5)
    for (const r of base) {
      expect(r.forecast!.expectedDate! >= TODAY).toBe(true)
      expect(r.forecast!.expectedCents).toBe(Math.round(r.forecast!.collectibleCents * r.forecast!.chance))
      if (r.daysOverdue === 0) expect(r.forecast!.chance).toBe(1)
    }
    expect(runway.receivables.expectedCents).toBe(base.reduce((s, r) => s + r.forecast!.expectedCents, 0))
    // everything the forecast brings in is these invoices (those inside the horizon) and money in transit
    const inHorizon = base
      .filter((r) => r.forecast!.expectedDate! <= lastDay)
      .reduce((s, r) => s + r.forecast!.expectedCents, 0)
    expect(inflow(runway)).toBeGreaterThanOrEqual(inHorizon)
    // the overdue ones are spread out, not piled into one week
    const overdueWeeks = new Set(
      base
        .filter((r) => r.daysOverdue > 0)
        .map((r) => Math.floor(daysBetween(TODAY, r.forecast!.expectedDate!) / 7))
    )
    expect(overdueWeeks.size).toBeGreaterThan(2)
    const lastWeek = runway.forecast[12]!.inflowCents
    expect(lastWeek).toBeLessThan(runway.receivables.upsideCents)
  })

  it("finds Redwood's and Brightline's rent in their landlords' bills: monthly, with the next date and amount", async () => {
    for (const [index, landlord] of [
      [REDWOOD, 'Pearl District Properties'],
      [BRIGHTLINE, 'Congress Avenue Properties']
    ] as const) {
      const vendor = (await records(w, index, 'Vendor')).find((v) => v.DisplayName === landlord)!
      const bills = (await records(w, index, 'Bill'))
        .filter((b) => (b.VendorRef as { value: string }).value === vendor.Id)
        .sort((a, b) => String(a.TxnDate).localeCompare(String(b.TxnDate)))
      const latest = bills.at(-1)!
      // How long each rent bill waited for its (last) payment: the next one is paid about as late.
      const paidOn = new Map<string, string>()
      for (const p of await records(w, index, 'BillPayment'))
        for (const line of (p.Line as Rec[] | undefined) ?? [])
          for (const link of (line.LinkedTxn as Rec[] | undefined) ?? [])
            if (link.TxnType === 'Bill' && String(p.TxnDate) > (paidOn.get(String(link.TxnId)) ?? ''))
              paidOn.set(String(link.TxnId), String(p.TxnDate))
      const waits = bills
        .filter((b) => paidOn.has(String(b.Id)))
        .map((b) => daysBetween(String(b.TxnDate), paidOn.get(String(b.Id))!))
      const runway = await call<RunwayView>(w, 'runway.get', { companyId: ids[index]! })
      const rent = runway.recurring.find((s) => s.payeeName === landlord)
      expect(rent).toMatchObject({
        key: `bill:id:${vendor.Id}`,
        source: 'bill',
        payroll: false,
        cadence: 'monthly',
        amountCents: cents(latest.TotalAmt),
        lastDate: latest.TxnDate,
        active: true,
        inForecast: true,
        decision: null
      })
      // billed on the 1st, due on receipt, paid as late as the company pays its landlord
      const nextBill = addMonths(latest.TxnDate as string, 1, 1)
      const wait = daysBetween(nextBill, rent!.nextDate!)
      expect(wait).toBeGreaterThanOrEqual(Math.min(0, ...waits))
      expect(wait).toBeLessThanOrEqual(Math.max(...waits))
      if (index === REDWOOD) expect(wait).toBeGreaterThan(0) // pays its bills 12–45 days late
    }
  })

  it('finds payroll whether it is billed or debited, and card subscriptions', async () => {
    const brightline = await call<RunwayView>(w, 'runway.get', { companyId: ids[BRIGHTLINE]! })
    expect(brightline.recurring.find((s) => s.payeeName === 'ADP Payroll Services')).toMatchObject({
      source: 'bill',
      payroll: true,
      cadence: 'biweekly',
      inForecast: true
    })
    const redwood = await call<RunwayView>(w, 'runway.get', { companyId: ids[REDWOOD]! })
    expect(redwood.recurring.find((s) => s.payeeName === 'Paychex')).toMatchObject({
      source: 'expense',
      payroll: true,
      cadence: 'biweekly'
    })
    const northwind = await call<RunwayView>(w, 'runway.get', { companyId: ids[NORTHWIND]! })
    const card = northwind.recurring.filter((s) => s.source === 'card')
    expect(card.map((s) => s.payeeName)).toContain('Figma')
    // a card charge reaches the bank with the card's payment, which the forecast already carries
    expect(card.every((s) => !s.inForecast && s.cadence === 'monthly')).toBe(true)
  })
})

describe("the bookkeeper's word", () => {
  const worlds: World[] = []
  afterEach(async () => {
    for (const w of worlds.splice(0)) await w.close()
  })

  it("expects an invoice by its customer's habit and re-dates it when that passes", async () => {
    const { w, ids } = await demo()
    worlds.push(w)
    const id = ids[REDWOOD]!
    const rows = await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })
    const onHabit = rows.find(
      (r) =>
        r.forecast?.dateBasis === 'habit' &&
        r.customerAvgDaysLate !== null &&
        r.customerAvgDaysLate > 5 &&
        r.dueDate
    )!
    expect(onHabit.forecast!.expectedDate).toBe(addDays(onHabit.dueDate!, onHabit.customerAvgDaysLate!))
    // the day after that date, still unpaid: later than usual, so it moves on instead of being due at once
    const dayAfter = addDays(onHabit.forecast!.expectedDate!, 1)
    w.clock.set(`${dayAfter}T15:00:00.000Z`)
    const later = (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find(
      (r) => r.id === onHabit.id
    )!
    expect(later.forecast!.expectedDate! > dayAfter).toBe(true)
    expect(['later-than-usual', 'as-late-again']).toContain(later.forecast!.dateBasis)
    expect(later.forecast!.chance).toBeLessThan(onHabit.forecast!.chance + 1e-9)
  })

  it('moves an invoice to the date the user expects it, takes it out on "won\'t collect", audited, at once', async () => {
    const { w, ids } = await demo()
    worlds.push(w)
    const id = ids[REDWOOD]!
    const rows = await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })
    const target = rows.find(
      (r) => r.forecast?.status === 'base' && r.forecast.expectedDate! < addDays(TODAY, 40)
    )!
    const before = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const on = addDays(TODAY, 60)

    const moved = await call<InvoiceRow>(w, 'invoices.setExpectation', {
      companyId: id,
      invoiceId: target.id,
      expectOn: on
    })
    expect(moved.forecast).toMatchObject({
      status: 'base',
      expectedDate: on,
      dateBasis: 'expected-on',
      chance: 1
    })
    expect(moved.expectation).toEqual({ scope: 'invoice', expectOn: on, wontCollect: false, lapsed: false })
    const after = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const weekOf = (date: string): number => Math.floor(daysBetween(TODAY, date) / 7)
    expect(after.forecast[weekOf(on)]!.inflowCents - before.forecast[weekOf(on)]!.inflowCents).toBe(
      moved.forecast!.collectibleCents
    )
    expect(inflow(after) - inflow(before)).toBe(
      moved.forecast!.collectibleCents - target.forecast!.expectedCents
    )
    let activity = await call<{ action: string; details: Rec }[]>(w, 'activity.list', { companyId: id })
    expect(activity[0]).toMatchObject({
      action: 'invoice.expectation',
      details: { invoiceId: target.id, expectOn: on, runwayBefore: expect.anything() }
    })
    expect(activity[0]!.details).toHaveProperty('runwayAfter')

    const gone = await call<InvoiceRow>(w, 'invoices.setExpectation', {
      companyId: id,
      invoiceId: target.id,
      wontCollect: true
    })
    expect(gone.forecast).toMatchObject({ status: 'wont-collect', expectedDate: null, expectedCents: 0 })
    const without = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(inflow(before) - inflow(without)).toBe(target.forecast!.expectedCents)
    expect(without.receivables.wontCollectCents).toBe(target.forecast!.collectibleCents)
    expect(without.receivables.outOfBase.find((o) => o.invoiceId === target.id)!.reason).toBe('wont-collect')

    const back = await call<InvoiceRow>(w, 'invoices.clearExpectation', {
      companyId: id,
      invoiceId: target.id
    })
    expect(back.forecast).toEqual(target.forecast)
    expect(back.expectation).toBeNull()
    expect(inflow(await call<RunwayView>(w, 'runway.get', { companyId: id }))).toBe(inflow(before))
    activity = await call<{ action: string; details: Rec }[]>(w, 'activity.list', { companyId: id })
    expect(activity.slice(0, 3).map((a) => a.action)).toEqual([
      'invoice.expectation-cleared',
      'invoice.expectation',
      'invoice.expectation'
    ])
  })

  it("a customer's word covers its invoices; an invoice's own outranks it; bad words are refused and change nothing", async () => {
    const { w, ids } = await demo()
    worlds.push(w)
    const id = ids[REDWOOD]!
    const rows = await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })
    const first = rows.find((r) => r.forecast?.status === 'base')!
    const theirs = rows.filter((r) => r.customerId === first.customerId)
    expect(theirs.length).toBeGreaterThan(1)
    const on = addDays(TODAY, 20)
    await call(w, 'invoices.setExpectation', { companyId: id, invoiceId: first.id, expectOn: on })
    const customerId = first.customerId
    const covered = await call<InvoiceRow[]>(w, 'customers.setExpectation', {
      companyId: id,
      customerId,
      wontCollect: true
    })
    expect(covered.map((r) => r.id).sort()).toEqual(theirs.map((r) => r.id).sort())
    for (const r of covered.filter((c) => c.forecast)) {
      if (r.id === first.id) expect(r.forecast).toMatchObject({ status: 'base', expectedDate: on })
      else
        expect(r).toMatchObject({
          forecast: { status: 'wont-collect' },
          expectation: { scope: 'customer', wontCollect: true }
        })
    }
    const cleared = await call<InvoiceRow[]>(w, 'customers.clearExpectation', { companyId: id, customerId })
    expect(cleared.filter((r) => r.expectation !== null).map((r) => r.id)).toEqual([first.id])

    const activity = (await call<unknown[]>(w, 'activity.list', { companyId: id })).length
    const invoiceId = first.id
    expect(
      await failure(w, 'invoices.setExpectation', { companyId: id, invoiceId, expectOn: '2026-01-01' })
    ).toMatchObject({ kind: 'validation', field: 'expectOn' })
    expect(await failure(w, 'invoices.setExpectation', { companyId: id, invoiceId })).toMatchObject({
      kind: 'validation',
      field: 'expectOn'
    })
    expect(
      await failure(w, 'invoices.setExpectation', {
        companyId: id,
        invoiceId,
        expectOn: on,
        wontCollect: true
      })
    ).toMatchObject({ kind: 'validation' })
    expect(
      await failure(w, 'invoices.setExpectation', { companyId: id, invoiceId: '999999', wontCollect: true })
    ).toMatchObject({ kind: 'not-found' })
    expect(
      await failure(w, 'customers.setExpectation', { companyId: id, customerId: '999999', wontCollect: true })
    ).toMatchObject({ kind: 'not-found' })
    expect((await call<unknown[]>(w, 'activity.list', { companyId: id })).length).toBe(activity)
  })

  it('a dismissed series leaves the forecast at once, audited; confirming it again brings it back', async () => {
    const { w, ids } = await demo()
    worlds.push(w)
    const id = ids[REDWOOD]!
    const before = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const rent = before.recurring.find((s) => s.payeeName === 'Pearl District Properties')!
    // its projected bills: the next one and a month after each, to the end of the forecast
    let occurrences = 0
    for (let d = rent.nextDate!; d <= lastDay; d = addMonths(d, 1, 1)) occurrences += 1
    expect(occurrences).toBeGreaterThanOrEqual(2)

    const list = await call<RecurringView[]>(w, 'recurring.setDecision', {
      companyId: id,
      seriesKey: rent.key,
      decision: 'dismissed'
    })
    expect(list.find((s) => s.key === rent.key)).toMatchObject({ decision: 'dismissed', inForecast: false })
    const after = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(outflow(before) - outflow(after)).toBe(occurrences * rent.amountCents)
    const [entry] = await call<{ action: string; details: Rec }[]>(w, 'activity.list', { companyId: id })
    expect(entry).toMatchObject({
      action: 'recurring.dismissed',
      details: { seriesKey: rent.key, runwayBefore: expect.anything() }
    })

    await call(w, 'recurring.setDecision', { companyId: id, seriesKey: rent.key, decision: 'confirmed' })
    expect(outflow(await call<RunwayView>(w, 'runway.get', { companyId: id }))).toBe(outflow(before))
    await call(w, 'recurring.setDecision', { companyId: id, seriesKey: rent.key, decision: null })
    expect(
      (await call<RunwayView>(w, 'runway.get', { companyId: id })).recurring.find((s) => s.key === rent.key)!
        .decision
    ).toBeNull()
    expect(
      await failure(w, 'recurring.setDecision', {
        companyId: id,
        seriesKey: 'bill:id:nope',
        decision: 'dismissed'
      })
    ).toMatchObject({ kind: 'not-found', field: 'seriesKey' })
  })
})

function cents(v: unknown): number {
  return typeof v === 'number' ? parseMoney(v) : 0
}
