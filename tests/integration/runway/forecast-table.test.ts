import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SyncSummary } from '../../../src/shared/contract'
import type { ForecastTableView, ReserveView, RunwayView } from '../../../src/shared/views'
import { world, type World } from '../../helpers/sandbox'

// The weekly table on the demo companies' books as synced from the sandbox: its columns reconcile,
// its cells are the sums of their items, and its totals are the forecast runway.get returns.

let w: World
const ids: string[] = []

async function call<T>(channel: string, input?: unknown): Promise<T> {
  const result = await w.core.invoke(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
  return result.value as T
}

beforeAll(async () => {
  w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  for (const realm of w.sandbox.info.realms) ids.push(await w.connect(realm.realmId))
  const summaries = await call<SyncSummary[]>('sync.now')
  expect(summaries.every((s) => s.ok)).toBe(true)
}, 120_000)
afterAll(() => w.close())

const row = (t: ForecastTableView, id: string) => t.rows.find((r) => r.id === id)!

function expectReconciled(t: ForecastTableView, r: RunwayView): void {
  const n = t.weeks.length
  expect(n).toBe(r.forecast.length)
  const opening = row(t, 'opening').cells
  const inflows = row(t, 'inflows').cells
  const outflows = row(t, 'outflows').cells
  const reserves = row(t, 'out:reserves').cells
  const closing = row(t, 'closing').cells
  expect(opening[0]).toBe(r.cashCents)
  for (let i = 0; i < n; i += 1) {
    const week = r.forecast[i]!
    expect(t.weeks[i]).toEqual({ weekStart: week.weekStart, weekEnd: week.weekEnd })
    expect(opening[i]! + inflows[i]! - outflows[i]!).toBe(closing[i])
    if (i > 0) expect(opening[i]).toBe(closing[i - 1])
    // The forecast's own weekly figures: reserves are not money out there, they are held back
    // from the cash it starts with (and handed back in the week they end).
    expect(inflows[i]).toBe(week.inflowCents)
    expect(outflows[i]! - reserves[i]!).toBe(week.outflowCents)
    expect(closing[i]).toBe(week.endingCashCents)
    expect(row(t, 'lowest').cells[i]).toBe(week.lowestCashCents)
    expect(row(t, 'net').cells[i]).toBe(inflows[i]! - outflows[i]!)
  }
  // Every group and line is the sum of its items, week by week.
  for (const g of t.rows.filter((x) => x.kind === 'group' || x.kind === 'line')) {
    const under = new Set([g.id, ...t.rows.filter((x) => x.parentId === g.id).map((x) => x.id)])
    for (let i = 0; i < n; i += 1) {
      const items = t.items.filter((it) => under.has(it.rowId) && it.week === i)
      expect(
        items.reduce((s, it) => s + it.amountCents, 0),
        `${g.id} week ${i}`
      ).toBe(g.cells[i])
    }
  }
  expect(t.items.filter((it) => it.rowId === 'opening').reduce((s, it) => s + it.amountCents, 0)).toBe(
    r.cashCents
  )
  expect(t.cashZeroDate).toBe(r.cashZeroDate)
}

describe('forecast.table on the demo companies', () => {
  it('reconciles every week with itself and with runway.get, for each company', async () => {
    const partlyByCard: string[] = []
    for (const companyId of ids) {
      const table = await call<ForecastTableView>('forecast.table', { companyId })
      const runway = await call<RunwayView>('runway.get', { companyId })
      expect(table.companyName).toBe(runway.companyName)
      expectReconciled(table, runway)
      // Real books give the table something to say: collections by customer, bills by vendor.
      expect(table.rows.filter((x) => x.parentId === 'in:collections').length).toBeGreaterThan(0)
      expect(table.rows.filter((x) => x.parentId === 'out:bills').length).toBeGreaterThan(0)
      expect(table.items.some((it) => it.kind === 'invoice')).toBe(true)
      expect(table.items.some((it) => it.kind === 'bill')).toBe(true)
      // An invoice spread over several days is one item of a week, its share and days added up.
      const invoices = table.items.filter((it) => it.kind === 'invoice')
      const perWeek = new Set(invoices.map((it) => `${it.rowId}|${it.week}|${it.invoiceId}`))
      expect(perWeek.size).toBe(invoices.length)
      expect(invoices.some((it) => it.lastDate > it.date && it.share < 1)).toBe(true)
      for (const it of invoices) expect(it.share).toBeLessThanOrEqual(1 + 1e-9)
      // Sales not yet invoiced come in on lines of their own, by customer, apart from the booked
      // invoices, and not before the customers' own payment timing allows.
      const newSales = table.rows.filter((x) => x.parentId === 'in:new-sales')
      expect(newSales.length).toBeGreaterThan(0)
      for (const line of newSales)
        expect(line.cells.reduce((a, b) => a + b, 0)).toBe(
          table.items
            .filter((it) => it.rowId === line.id && it.kind === 'run-rate')
            .reduce((a, it) => a + it.amountCents, 0)
        )
      expect(row(table, 'in:new-sales').cells[0]!).toBeLessThan(row(table, 'in:new-sales').cells[12]!)
      // A bill counts from the bank in its vendor's bank share of the whole.
      for (const it of table.items)
        if (it.kind === 'bill') {
          expect(it.amountCents).toBe(Math.round(it.openCents * it.bankShare))
          if (it.bankShare < 1) partlyByCard.push(it.vendorName)
        }
    }
    // The demo's agency puts a quarter of its odd vendors' bills on the card.
    expect(partlyByCard.length).toBeGreaterThan(0)
  })

  it('still reconciles with a reserve held back and handed back within the horizon', async () => {
    const companyId = ids[0]!
    const before = await call<RunwayView>('runway.get', { companyId })
    const until = before.forecast[4]!.weekStart
    const reserves = await call<ReserveView[]>('reserves.set', {
      companyId,
      name: 'Quarterly tax',
      amountCents: 1_250_000,
      until
    })
    const table = await call<ForecastTableView>('forecast.table', { companyId })
    const runway = await call<RunwayView>('runway.get', { companyId })
    expectReconciled(table, runway)
    const line = row(table, `out:reserves:${reserves[0]!.id}`)
    expect(line.cells[0]).toBe(1_250_000)
    expect(line.cells[4]).toBe(-1_250_000)
    await call('reserves.remove', { companyId, reserveId: reserves[0]!.id })
  })

  it('exports the table as CSV: week start dates, then one row of dollars per table row', async () => {
    const companyId = ids[1]!
    const table = await call<ForecastTableView>('forecast.table', { companyId })
    const csv = await call<string>('forecast.exportCsv', { companyId })
    const lines = csv.trimEnd().split('\r\n')
    expect(lines).toHaveLength(table.rows.length + 1)
    expect(lines[0]).toBe(['Week starting', ...table.weeks.map((x) => x.weekStart)].join(','))
    const closing = lines
      .find((l) => l.startsWith('Closing cash,'))!
      .split(',')
      .slice(1)
    expect(closing.map((v) => Math.round(Number(v) * 100))).toEqual(row(table, 'closing').cells)
    for (const v of closing) expect(v).toMatch(/^-?\d+\.\d{2}$/)
  })

  it('refuses an unknown company', async () => {
    const result = await w.core.invoke('forecast.table', { companyId: 'nope' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.kind).toBe('not-found')
  })
})
