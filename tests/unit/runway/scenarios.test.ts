import { describe, expect, it } from 'vitest'
import { evaluateScenario } from '../../../src/main/core/runway/scenarios'
import { TODAY, bank, bill, books, day, invoice } from './fixtures'

// cash 1,000,000; rent 800,000 due day 7; another bill 500,000 due day 11; an invoice of 2,000,000
// due day 25 (no payment history, so on time).
// Base: day 7 → 200,000; day 11 → −300,000 (cash zero); day 25 → 1,700,000.
const setup = books({
  bankAccounts: [bank(1_000_000)],
  openBills: [
    bill('rent', 800_000, day(7), { vendorName: 'Landlord Rent' }),
    bill('other', 500_000, day(11))
  ],
  openInvoices: [invoice('big', 2_000_000, day(25))]
})

describe('scenarios', () => {
  it('delaying rent two weeks moves the cash-zero date by the days worked out by hand', () => {
    const result = evaluateScenario(setup, TODAY, [{ kind: 'delay-bill', billId: 'rent', to: day(21) }])
    expect(result.base.cashZeroDate).toBe(day(11))
    // rent on day 21: day 11 → 500,000; day 21 → −300,000
    expect(result.scenario.cashZeroDate).toBe(day(21))
    // 14 days of delay buy 10 days: the other bill no longer empties the bank on day 11
    expect(result.delta.runwayDays).toBe(10)
    expect([result.base.runwayDays, result.scenario.runwayDays]).toEqual([11, 21])
    // ending cash per week: weeks 2 and 3 hold the rent (+800,000), from week 4 on nothing changes
    expect(result.delta.weeklyEndingCashCents.slice(0, 4).map((w) => w.deltaCents)).toEqual([
      0, 800_000, 800_000, 0
    ])
    expect(result.delta.endingCashCents).toBe(0)
    expect(result.scenario.forecast[3]!.outflowCents).toBe(800_000)
    expect(result.base.status).toBe('critical')
  })

  it('collecting an invoice earlier and a one-off expense', () => {
    const result = evaluateScenario(setup, TODAY, [
      { kind: 'collect-invoice', invoiceId: 'big', by: day(9) },
      { kind: 'one-off', date: day(30), amountCents: -2_600_000, label: 'Tax payment' }
    ])
    // day 7 → 200,000; day 9 → 2,200,000; day 11 → 1,700,000; day 30 → −900,000
    expect(result.scenario.cashZeroDate).toBe(day(30))
    expect(result.delta.runwayDays).toBe(19)
    expect(result.delta.endingCashCents).toBe(-2_600_000)
  })

  it('a one-off income can keep cash above zero altogether', () => {
    const result = evaluateScenario(setup, TODAY, [
      { kind: 'one-off', date: day(10), amountCents: 300_000, label: 'Loan' }
    ])
    // day 11: −300,000 + 300,000 = 0, not below zero
    // the runway is then "more than 13 weeks": no number of days to move by
    expect(result.scenario.cashZeroDate).toBeNull()
    expect(result.scenario.runwayDays).toBeNull()
    expect(result.delta.runwayDays).toBeNull()
    expect(result.scenario.endingCashCents).toBe(2_000_000)
    // nothing burns in these books, so cash that lasts the horizon is excellent
    expect(result.scenario.status).toBe('excellent')
  })

  it('reports changes it cannot apply and applies the last move of a document', () => {
    const result = evaluateScenario(setup, TODAY, [
      { kind: 'delay-bill', billId: 'nope', to: day(20) },
      { kind: 'collect-invoice', invoiceId: 'nope', by: day(20) },
      { kind: 'one-off', date: '2024-13-01', amountCents: 1, label: 'bad' },
      { kind: 'delay-bill', billId: 'other', to: day(30) },
      { kind: 'delay-bill', billId: 'other', to: day(14) }
    ])
    expect(result.ignored.map((i) => i.reason)).toEqual(['unknown-bill', 'unknown-invoice', 'invalid-date'])
    // other on day 14, not 30 (and not removed twice)
    expect(result.scenario.cashZeroDate).toBe(day(14))
    expect(result.scenario.endingCashCents).toBe(result.base.endingCashCents)
  })

  it('moving a bill past the horizon takes it out of the 13 weeks', () => {
    const result = evaluateScenario(setup, TODAY, [{ kind: 'delay-bill', billId: 'other', to: day(120) }])
    expect(result.scenario.cashZeroDate).toBeNull()
    expect(result.delta.endingCashCents).toBe(500_000)
  })
})
