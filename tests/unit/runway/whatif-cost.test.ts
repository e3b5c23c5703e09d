// The console shows the runway impact on every bill row: hundreds of what-ifs per company. These
// tests prove each one is answered from the prepared forecast in O(weeks), by counting the steps
// the search takes (no timing), and that the cheap answer equals a full rebuild's.
import { describe, expect, it } from 'vitest'
import type { Books } from '../../../src/main/core/runway/books'
import { prepareRunway } from '../../../src/main/core/runway/calculator'
import {
  buildForecastModel,
  moveBill,
  weeksOf,
  whatIf,
  type WorkMeter
} from '../../../src/main/core/runway/forecast'
import { assessBills, billRunwayImpact } from '../../../src/main/core/runway/rules'
import { TODAY, bank, bill, books, burnOf, day, invoice } from './fixtures'

/** n bills spread over day −10..119, with too little cash for them: cash crosses zero inside the horizon. */
function bigBooks(n: number): Books {
  let seed = 12345
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed
  }
  const bills = Array.from({ length: n }, (_, i) =>
    bill(`b${i}`, 10_000 + (next() % 200_000), day((next() % 130) - 10))
  )
  const invoices = Array.from({ length: n / 5 }, (_, i) =>
    invoice(`i${i}`, 50_000 + (next() % 300_000), day((next() % 100) - 20))
  )
  const total = bills.reduce((s, b) => s + b.balanceCents, 0)
  return books({
    bankAccounts: [bank(Math.round(total * 0.35))],
    openBills: bills,
    openInvoices: invoices,
    cashOut: burnOf(200_000),
    minCashCents: 1_000_000
  })
}

const WEEKS = 13
// One what-if with k deltas splits the horizon into k + 1 stretches; each stretch costs at most
// its full weeks plus two partial weeks of single days, and a dip is confirmed inside one week.
// Each what-if searches twice (cash zero and minimum cash). A bill row runs two what-ifs (pay now,
// delay) with two deltas each.
const stretches = 3
const perSearch = WEEKS + 7 * (2 * stretches + 1)
const perRow = 2 * 2 * perSearch

describe('what-if cost', () => {
  it('computes the impact of 500 bills with O(weeks) work per row', () => {
    const data = bigBooks(500)
    const ctx = prepareRunway(data, TODAY)
    expect(ctx.runway.cashZeroDate).not.toBeNull() // the searches really have something to find
    let max = 0
    let total = 0
    for (const b of data.openBills) {
      const meter: WorkMeter = { steps: 0 }
      billRunwayImpact(ctx, b, day(40), meter)
      max = Math.max(max, meter.steps)
      total += meter.steps
    }
    expect(max).toBeLessThanOrEqual(perRow)
    // and well under reading the 91-day arrays once per search
    expect(max).toBeLessThan(4 * 91)
    expect(total).toBeLessThanOrEqual(500 * perRow)
  })

  it('the per-row work does not grow with the number of bills', () => {
    const maxSteps = (n: number): number => {
      const data = bigBooks(n)
      const ctx = prepareRunway(data, TODAY)
      let max = 0
      for (const b of data.openBills) {
        const meter: WorkMeter = { steps: 0 }
        billRunwayImpact(ctx, b, day(40), meter)
        max = Math.max(max, meter.steps)
      }
      return max
    }
    expect(maxSteps(50)).toBeLessThanOrEqual(perRow)
    expect(maxSteps(2_000)).toBeLessThanOrEqual(perRow)
  })

  it('assessing every bill of a 500-bill company stays within the per-row bound', () => {
    const data = bigBooks(500)
    const ctx = prepareRunway(data, TODAY)
    const meter: WorkMeter = { steps: 0 }
    const list = assessBills(ctx, {}, meter)
    expect(list).toHaveLength(500)
    expect(meter.steps).toBeLessThanOrEqual(500 * perRow)
  })

  it('redraws the 13 weekly buckets under a what-if from weekly sums: weeks + 7 per delta', () => {
    const data = bigBooks(500)
    const model = buildForecastModel(data, TODAY)
    for (const b of data.openBills.slice(0, 50)) {
      const meter: WorkMeter = { steps: 0 }
      weeksOf(model, moveBill(model, b.id, day(30)), meter)
      expect(meter.steps).toBeLessThanOrEqual(WEEKS + 2 * 7)
    }
  })

  it('gives the same answer as rebuilding the forecast with the bill rescheduled', () => {
    const data = bigBooks(100)
    const model = buildForecastModel(data, TODAY)
    for (const b of data.openBills.slice(0, 40)) {
      for (const to of [TODAY, day(17), day(55), day(200)]) {
        const cheap = whatIf(model, moveBill(model, b.id, to))
        const rebuilt = buildForecastModel(
          { ...data, plannedDates: { ...data.plannedDates, [b.id]: to } },
          TODAY
        )
        const full = whatIf(rebuilt)
        expect(cheap).toEqual(full)
        expect(weeksOf(model, moveBill(model, b.id, to))).toEqual(weeksOf(rebuilt))
      }
    }
  })
})
