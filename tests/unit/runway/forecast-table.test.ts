import { describe, expect, it } from 'vitest'
import {
  csvDollars,
  csvText,
  forecastTable,
  forecastTableCsv
} from '../../../src/main/core/experiences/forecast-table'
import { prepareRunway } from '../../../src/main/core/runway'
import type { ForecastTableView } from '../../../src/shared/views'
import { TODAY, bank, bill, books, day, invoice, out } from './fixtures'

const payroll = [-49, -35, -21, -7].map((d) => out(day(d), 2_000_000, 'Gusto Payroll', 'purchase', 'v-gusto'))
// Card payments and purchases with no series: the forecast spreads them over the horizon.
const adHoc = [out(day(-60), 45_000, 'Office Depot', 'purchase'), out(day(-12), 18_000, 'Uber', 'purchase')]

function sample(): ForecastTableView {
  const ctx = prepareRunway(
    books({
      bankAccounts: [bank(5_000_000, 'a'), bank(1_234_567, 'b')],
      openInvoices: [
        invoice('i1', 800_000, day(10), { customerId: 'c-acme', customerName: 'Acme' }),
        invoice('i2', 300_000, day(30), { customerId: 'c-acme', customerName: 'Acme' }),
        invoice('i3', 150_000, day(3), { customerName: '=HYPERLINK("x"), Inc' })
      ],
      openBills: [
        bill('b1', 400_000, day(2), { vendorId: 'v-rent', vendorName: 'Landlord' }),
        bill('b2', 120_000, day(12)),
        bill('b3', 99_999, day(20))
      ],
      plannedDates: { b3: day(39) },
      undepositedFunds: [{ id: 'u1', amountCents: 25_000, date: day(-2) }],
      reserves: [
        { id: 'r-tax', name: 'Sales tax', amountCents: 500_000, until: day(45) },
        { id: 'r-cushion', name: 'Cushion', amountCents: 100_000, until: null }
      ],
      cashOut: [...payroll, ...adHoc],
      minCashCents: 1_000_000
    }),
    TODAY
  )
  return forecastTable(ctx, { id: 'co-1', name: 'Sample Co' })
}

const row = (view: ForecastTableView, id: string) => {
  const r = view.rows.find((x) => x.id === id)
  if (!r) throw new Error(`no row ${id}: ${view.rows.map((x) => x.id).join(', ')}`)
  return r
}

describe('forecastTable', () => {
  const view = sample()
  const weeks = view.weeks.length

  it('reconciles every week: opening + in − out = closing, and each closing opens the next week', () => {
    expect(weeks).toBe(13)
    const opening = row(view, 'opening').cells
    const inflows = row(view, 'inflows').cells
    const outflows = row(view, 'outflows').cells
    const net = row(view, 'net').cells
    const closing = row(view, 'closing').cells
    expect(opening[0]).toBe(6_234_567)
    for (let w = 0; w < weeks; w += 1) {
      expect(net[w]).toBe(inflows[w]! - outflows[w]!)
      expect(opening[w]! + net[w]!).toBe(closing[w])
      if (w > 0) expect(opening[w]).toBe(closing[w - 1])
    }
  })

  it('splits money in and out into groups whose lines and items add up to them', () => {
    for (const total of ['inflows', 'outflows']) {
      const groups = view.rows.filter((r) => r.parentId === total)
      for (let w = 0; w < weeks; w += 1)
        expect(groups.reduce((s, g) => s + g.cells[w]!, 0)).toBe(row(view, total).cells[w])
      for (const g of groups) {
        const lines = view.rows.filter((r) => r.parentId === g.id)
        for (let w = 0; w < weeks; w += 1) {
          if (lines.length > 0) expect(lines.reduce((s, l) => s + l.cells[w]!, 0)).toBe(g.cells[w])
          const ids = new Set([g.id, ...lines.map((l) => l.id)])
          const items = view.items.filter((i) => ids.has(i.rowId) && i.week === w)
          expect(items.reduce((s, i) => s + i.amountCents, 0)).toBe(g.cells[w])
        }
      }
    }
  })

  it('puts each document in its group and week', () => {
    // Acme's two invoices under one line; the due one in week 2, the other later.
    const acme = row(view, 'in:collections:c-acme')
    expect(acme.label).toBe('Acme')
    expect(view.items.filter((i) => i.rowId === acme.id).map((i) => i.kind)).toEqual(['invoice', 'invoice'])
    expect(row(view, 'in:in-transit').cells[0]).toBe(25_000)
    // b3 is scheduled by the user: a planned payment, in week 6 (day 39), not a bill.
    expect(row(view, 'out:planned').cells[5]).toBe(99_999)
    expect(row(view, 'out:bills:v-rent').cells[0]).toBe(400_000)
    expect(row(view, 'out:payroll').totalCents).toBeGreaterThan(0)
    expect(view.rows.some((r) => r.id.startsWith('out:payroll:'))).toBe(true)
    expect(row(view, 'out:other-spending').totalCents).toBeGreaterThan(0)
    expect(view.items.find((i) => i.kind === 'spread')).toMatchObject({ windowCents: 63_000, windowDays: 90 })
  })

  it('holds reserves back in week 1 and hands one back in the week it ends', () => {
    const reserves = row(view, 'out:reserves')
    expect(reserves.cells[0]).toBe(600_000)
    // day 45 is in week 7 (days 42–48)
    expect(reserves.cells[6]).toBe(-500_000)
    expect(row(view, 'out:reserves:r-tax').cells.filter((c) => c !== 0)).toEqual([500_000, -500_000])
  })

  it('opens week 1 on the bank accounts, and the last rows are balances', () => {
    const accounts = view.items.filter((i) => i.rowId === 'opening')
    expect(accounts.map((a) => a.amountCents)).toEqual([5_000_000, 1_234_567])
    expect(row(view, 'minimum').cells).toEqual(new Array(13).fill(1_000_000))
    expect(row(view, 'closing').totalCents).toBeNull()
    expect(view.rows.slice(-4).map((r) => r.kind)).toEqual(['net', 'closing', 'lowest', 'minimum'])
  })
})

describe('forecastTableCsv', () => {
  it('writes dollars with two decimals, exactly, for any cents', () => {
    expect(csvDollars(0)).toBe('0.00')
    expect(csvDollars(5)).toBe('0.05')
    expect(csvDollars(100)).toBe('1.00')
    expect(csvDollars(-123_456)).toBe('-1234.56')
    expect(csvDollars(-7)).toBe('-0.07')
    expect(csvDollars(900_719_925_474_099)).toBe('9007199254740.99')
  })

  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvText('Acme')).toBe('Acme')
    expect(csvText('Smith, Jones & Co')).toBe('"Smith, Jones & Co"')
    expect(csvText('The "Best" Bakery')).toBe('"The ""Best"" Bakery"')
    expect(csvText('=1+2')).toBe("'=1+2")
    expect(csvText('-5')).toBe("'-5")
  })

  it('has a header row of week start dates and one row per table row', () => {
    const view = sample()
    const csv = forecastTableCsv(view)
    expect(csv.endsWith('\r\n')).toBe(true)
    const lines = csv.slice(0, -2).split('\r\n')
    expect(lines).toHaveLength(view.rows.length + 1)
    expect(lines[0]).toBe(['Week starting', ...view.weeks.map((w) => w.weekStart)].join(','))
    expect(lines[0]!.split(',')[1]).toBe(TODAY)
    expect(lines[1]).toBe(
      `Opening cash,62345.67,${row(view, 'opening').cells.slice(1).map(csvDollars).join(',')}`
    )
    // A line names its group; a hostile customer name stays one quoted, defused cell.
    expect(lines).toContain(
      `Collections: Acme,${row(view, 'in:collections:c-acme').cells.map(csvDollars).join(',')}`
    )
    const hostile = lines.find((l) => l.includes('HYPERLINK'))!
    expect(hostile.startsWith('"Collections: =HYPERLINK(""x""), Inc",')).toBe(true)
    expect(lines.find((l) => l.startsWith('Minimum cash,'))).toBe(`Minimum cash${',10000.00'.repeat(13)}`)
    // Every data row has the label and 13 amounts.
    for (const line of lines.slice(1).filter((l) => !l.startsWith('"')))
      expect(line.split(',')).toHaveLength(14)
  })
})
