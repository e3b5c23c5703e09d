import { describe, expect, it } from 'vitest'
import { computeRunway } from '../../../src/main/core/runway/calculator'
import { buildForecastModel, moveBill, weeksOf } from '../../../src/main/core/runway/forecast'
import { detectRecurring } from '../../../src/main/core/runway/recurring'
import { TODAY, bank, bill, books, day, invoice, out } from './fixtures'

const weekOf = (dayIndex: number): number => Math.floor(dayIndex / 7)

describe('forecast buckets', () => {
  it('has 13 seven-day weeks starting today', () => {
    const weeks = computeRunway(books({ bankAccounts: [bank(1_000)] }), TODAY).forecast
    expect(weeks).toHaveLength(13)
    expect(weeks[0]).toMatchObject({ weekStart: TODAY, weekEnd: day(6), endingCashCents: 1_000 })
    expect(weeks[1]!.weekStart).toBe(day(7))
    expect(weeks[12]).toMatchObject({ weekStart: day(84), weekEnd: day(90) })
  })

  it("shifts an invoice by its customer's average lateness", () => {
    const weeks = computeRunway(
      books({
        openInvoices: [invoice('i', 500_000, day(7), { customerId: 'late' })],
        paidInvoices: [
          // 11 and 9 days late → 10 days on average
          {
            id: 'p1',
            customerId: 'late',
            dueDate: '2024-04-01',
            txnDate: '2024-03-01',
            paidDate: '2024-04-12',
            amountCents: 1
          },
          {
            id: 'p2',
            customerId: 'late',
            dueDate: '2024-05-01',
            txnDate: '2024-04-01',
            paidDate: '2024-05-10',
            amountCents: 1
          }
        ]
      }),
      TODAY
    ).forecast
    // due day 7 (week 2) + 9 to 11 days late = days 16–18 → week 3 (days 14–20)
    expect(weeks[1]!.inflowCents).toBe(0)
    expect(weeks[2]!.inflowCents).toBe(500_000)
  })

  it('a customer without history gets the company average; a company without history gets none', () => {
    const paid = [
      {
        id: 'p1',
        customerId: 'other',
        dueDate: '2024-04-01',
        txnDate: '2024-03-01',
        paidDate: '2024-04-22',
        amountCents: 1
      }
    ]
    const withHistory = buildForecastModel(
      books({ openInvoices: [invoice('new', 100, day(3))], paidInvoices: paid }),
      TODAY
    )
    // company average: 21 days late → day 3 + 21 = day 24
    expect(withHistory.invoices.get('new')).toEqual({
      day: 24,
      amountCents: 100,
      collectibleCents: 100,
      parts: [{ day: 24, amountCents: 100 }]
    })
    const none = buildForecastModel(books({ openInvoices: [invoice('new', 100, day(3))] }), TODAY)
    expect(none.invoices.get('new')).toEqual({
      day: 3,
      amountCents: 100,
      collectibleCents: 100,
      parts: [{ day: 3, amountCents: 100 }]
    })
  })

  it('treats an invoice without a due date as net 30 from its date', () => {
    const model = buildForecastModel(
      books({ openInvoices: [invoice('n', 100, null, { txnDate: day(-12) })] }),
      TODAY
    )
    expect(model.invoices.get('n')!.day).toBe(18)
  })

  it('keeps an overdue invoice on its habitual date while the customer is not yet later than usual', () => {
    const model = buildForecastModel(
      books({
        openInvoices: [invoice('i', 1_000, day(-10), { customerId: 'slow' })],
        paidInvoices: [
          {
            id: 'p',
            customerId: 'slow',
            dueDate: '2024-04-01',
            txnDate: '2024-03-01',
            paidDate: '2024-04-21',
            amountCents: 1
          }
        ]
      }),
      TODAY
    )
    // 20 days late on average: due day −10 + 20 = day 10
    expect(model.invoices.get('i')!.day).toBe(10)
  })

  it('pays a bill on its planned date, an unplanned one on its due date, an overdue one today', () => {
    const weeks = computeRunway(
      books({
        bankAccounts: [bank(10_000)],
        openBills: [
          bill('planned', 1_000, day(2)), // due in week 1, scheduled for day 22 (week 4)
          bill('due', 2_000, day(8)), // week 2
          bill('overdue', 3_000, day(-15)), // today
          bill('no-due', 4_000, null, { txnDate: day(-3) }), // due on its date, already past: today
          bill('planned-past', 500, day(20)) // the user's planned date passed: today
        ],
        plannedDates: { planned: day(22), 'planned-past': day(-1) }
      }),
      TODAY
    ).forecast
    expect(weeks[0]!.outflowCents).toBe(3_000 + 4_000 + 500)
    expect(weeks[1]!.outflowCents).toBe(2_000)
    expect(weeks[3]!.outflowCents).toBe(1_000)
    // 10,000 − 10,500 = −500 after week 4
    expect(weeks[3]!.endingCashCents).toBe(-500)
  })

  it('moves money expected on a weekend to the Monday after, in the base and in a what-if alike', () => {
    // day 5 is a Saturday, day 13 a Sunday: the bill due on the Saturday of week 1 and the invoice
    // due on the Sunday of week 2 clear on the Mondays after, in weeks 2 and 3.
    const b = books({
      bankAccounts: [bank(10_000)],
      openBills: [bill('sat', 1_000, day(5))],
      openInvoices: [invoice('sun', 2_000, day(13))]
    })
    const model = buildForecastModel(b, TODAY)
    expect(model.bills.get('sat')!.day).toBe(7)
    expect(model.invoices.get('sun')!.parts).toEqual([{ day: 14, amountCents: 2_000 }])
    const weeks = weeksOf(model)
    expect(weeks[0]!.outflowCents).toBe(0)
    expect(weeks[1]).toMatchObject({ outflowCents: 1_000, inflowCents: 0 })
    expect(weeks[2]!.inflowCents).toBe(2_000)
    // Scheduling the bill for the Sunday of week 3 (day 20) pays it on Monday day 21, week 4, as
    // rebuilding the forecast with that planned date does.
    const planned = weeksOf(buildForecastModel({ ...b, plannedDates: { sat: day(20) } }, TODAY))
    expect(weeksOf(model, moveBill(model, 'sat', day(20)))).toEqual(planned)
    expect(planned[3]!.outflowCents).toBe(1_000)
    // A forecast made on a Saturday counts the checks waiting to be deposited on the Monday.
    const saturday = buildForecastModel(
      books({ undepositedFunds: [{ id: 'u', amountCents: 500, date: day(4) }] }),
      day(5)
    )
    expect(saturday.events.map((e) => [e.source.kind, e.day])).toEqual([['undeposited', 2]])
  })

  it('holds reserves back from starting cash and releases them on their end date', () => {
    const model = buildForecastModel(
      books({
        bankAccounts: [bank(1_000_000)],
        reserves: [
          { id: 'tax', name: 'Tax', amountCents: 300_000, until: day(17) },
          { id: 'rainy', name: 'Emergency', amountCents: 200_000, until: null },
          { id: 'done', name: 'Expired', amountCents: 50_000, until: day(-2) }
        ]
      }),
      TODAY
    )
    // 1,000,000 − 300,000 − 200,000 (the expired reserve holds nothing)
    expect(model.startingCashCents).toBe(500_000)
    const weeks = weeksOf(model)
    expect(weeks[1]!.endingCashCents).toBe(500_000)
    // day 17 is in week 3: the tax reserve comes back
    expect(weeks[2]!.reservesReleasedCents).toBe(300_000)
    expect(weeks[2]!.endingCashCents).toBe(800_000)
    expect(weeks[12]!.endingCashCents).toBe(800_000)
  })

  it('finds the cash-zero day and the below-minimum day at daily resolution', () => {
    const result = computeRunway(
      books({
        bankAccounts: [bank(1_000_000)],
        openBills: [bill('a', 600_000, day(7)), bill('b', 600_000, day(9))],
        minCashCents: 500_000
      }),
      TODAY
    )
    // day 7: 400,000 (below the 500,000 minimum); day 9: −200,000
    expect(result.belowMinCashDate).toBe(day(7))
    expect(result.cashZeroDate).toBe(day(9))
    expect(result.forecast[1]!.lowestCashCents).toBe(-200_000)
  })

  it('leaves the cash-zero date empty when cash stays at or above zero', () => {
    const result = computeRunway(
      books({ bankAccounts: [bank(600_000)], openBills: [bill('a', 600_000, day(7))] }),
      TODAY
    )
    expect(result.forecast[12]!.endingCashCents).toBe(0)
    expect(result.cashZeroDate).toBeNull()
  })

  it('counts recent undeposited funds in week 1 and nets unapplied payments off the oldest invoices', () => {
    const model = buildForecastModel(
      books({
        undepositedFunds: [
          { id: 'new', amountCents: 100_000, date: day(-3) },
          { id: 'stale', amountCents: 999_000, date: day(-10) }
        ],
        openInvoices: [
          invoice('older', 100_000, day(5), { customerId: 'c', customerName: 'Acme', txnDate: day(-30) }),
          invoice('newer', 200_000, day(18), { customerId: 'c', customerName: 'Acme', txnDate: day(-10) })
        ],
        unappliedPayments: [{ id: 'u', customerName: 'ACME ', amountCents: 150_000, date: day(-4) }]
      }),
      TODAY
    )
    // 150,000 unapplied: covers "older" (100,000) and 50,000 of "newer"
    expect(model.invoices.has('older')).toBe(false)
    expect(model.invoices.get('newer')).toEqual({
      day: 18,
      amountCents: 150_000,
      collectibleCents: 150_000,
      parts: [{ day: 18, amountCents: 150_000 }]
    })
    const weeks = weeksOf(model)
    expect(weeks[0]!.inflowCents).toBe(100_000)
    expect(weeks[2]!.inflowCents).toBe(150_000)
  })

  it('spreads unscheduled spending (not bills, not recurring) evenly in whole cents', () => {
    const model = buildForecastModel(
      books({
        bankAccounts: [bank(2_000_000)],
        cashOut: [
          out(day(-5), 400_000, 'Office Depot', 'purchase'),
          out(day(-40), 500_000, 'Card payment', 'other'),
          // bill payments are stood for by open bills, so they are not spread
          out(day(-20), 700_000, 'Some vendor', 'bill-payment')
        ]
      }),
      TODAY
    )
    // 900,000 over 90 days = 10,000 a day
    expect(model.unscheduledSpendCents).toBe(900_000)
    const weeks = weeksOf(model)
    expect(weeks[0]!.outflowCents).toBe(70_000)
    // 91 days × 10,000 = 910,000 by the end
    expect(weeks[12]!.endingCashCents).toBe(2_000_000 - 910_000)
  })

  it('spreads an amount that does not divide evenly without losing a cent', () => {
    const model = buildForecastModel(books({ cashOut: [out(day(-1), 100, 'Coffee', 'purchase')] }), TODAY)
    // 100 cents over 90 days: the first 90 days carry exactly 100
    expect(model.outflow.slice(0, 90).reduce((s, x) => s + x, 0)).toBe(100)
    expect(model.outflow.every((x) => Number.isInteger(x))).toBe(true)
  })
})

describe('recurring outflows', () => {
  // every 14 days, the latest on 2024-05-24; amounts within 15% of the 2,000,000 median
  const payroll = [
    out('2024-04-12', 2_000_000, 'Gusto Payroll', 'other', 'v-pay'),
    out('2024-04-26', 2_100_000, 'Gusto Payroll', 'other', 'v-pay'),
    out('2024-05-10', 1_950_000, 'Gusto Payroll', 'other', 'v-pay'),
    out('2024-05-24', 2_000_000, 'Gusto Payroll', 'other', 'v-pay')
  ]

  it('detects biweekly payroll and projects it every 14 days to the horizon', () => {
    const model = buildForecastModel(books({ bankAccounts: [bank(20_000_000)], cashOut: payroll }), TODAY)
    expect(model.recurring).toHaveLength(1)
    expect(model.recurring[0]).toMatchObject({ cadence: 'biweekly', amountCents: 2_000_000, active: true })
    // median of 1,950,000 / 2,000,000 / 2,000,000 / 2,100,000 = 2,000,000
    // next: 06-07 (day 4), 06-21 (18), 07-05 (32), 07-19 (46), 08-02 (60), 08-16 (74), 08-30 (88)
    const days = model.events.filter((e) => e.source.kind === 'recurring').map((e) => e.day)
    expect(days).toEqual([4, 18, 32, 46, 60, 74, 88])
    const weeks = weeksOf(model)
    for (const d of days) expect(weeks[weekOf(d)]!.outflowCents).toBe(2_000_000)
    expect(weeks[1]!.outflowCents).toBe(0)
    // its past payments are projected by the series, so they are not spread again as unscheduled spend
    expect(model.unscheduledSpendCents).toBe(0)
    expect(weeks[12]!.endingCashCents).toBe(20_000_000 - 7 * 2_000_000)
  })

  it('does not spread payments of a recurring payee that are older than the detected run', () => {
    // weekly, ten Fridays in the window: the run is the latest six, but all ten are the series
    const weekly = Array.from({ length: 10 }, (_, i) => out(day(-3 - 7 * i), 10_000, 'Cleaner', 'other'))
    const model = buildForecastModel(books({ cashOut: weekly }), TODAY)
    expect(model.recurring[0]).toMatchObject({ cadence: 'weekly', amountCents: 10_000 })
    expect(model.recurring[0]!.run).toHaveLength(6)
    expect(model.unscheduledSpendCents).toBe(0)
  })

  it('does not treat irregular payments as recurring (they count as unscheduled spend instead)', () => {
    const irregular = [
      out('2024-04-12', 2_000_000, 'Contractor', 'other'),
      out('2024-04-17', 2_000_000, 'Contractor', 'other'), // 5 days
      out('2024-05-07', 2_000_000, 'Contractor', 'other'), // 20 days
      out('2024-05-16', 2_000_000, 'Contractor', 'other') // 9 days
    ]
    const model = buildForecastModel(books({ cashOut: irregular }), TODAY)
    expect(model.recurring).toHaveLength(0)
    expect(model.unscheduledSpendCents).toBe(8_000_000)
  })

  it('does not treat payments of very different amounts as recurring', () => {
    const rows = [
      out('2024-04-26', 2_000_000, 'Agency', 'other'),
      out('2024-05-10', 2_000_000, 'Agency', 'other'),
      out('2024-05-24', 3_000_000, 'Agency', 'other') // 50% above the median
    ]
    expect(detectRecurring(books({ cashOut: rows }), TODAY)).toHaveLength(0)
  })

  it('needs at least three payments', () => {
    expect(detectRecurring(books({ cashOut: payroll.slice(2) }), TODAY)).toHaveLength(0)
  })

  it('projects monthly payments on their usual day, clamped to short months', () => {
    // rent on the last day of the month; February's 29th does not pull later months early
    const rows = ['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31'].map((d) =>
      out(d, 250_000, 'Landlord', 'other')
    )
    const model = buildForecastModel(books({ cashOut: rows }), TODAY)
    expect(model.recurring[0]).toMatchObject({ cadence: 'monthly', dayOfMonth: 31 })
    const events = model.events.filter((e) => e.source.kind === 'recurring')
    // June has 30 days; the horizon ends 2024-09-01. 30 June is a Sunday and 31 August a Saturday:
    // their debits clear on the Mondays after, the second one past the horizon.
    expect(events.map((e) => e.source.kind === 'recurring' && e.source.scheduled)).toEqual([
      '2024-06-30',
      '2024-07-31'
    ])
    expect(events.map((e) => e.date)).toEqual(['2024-07-01', '2024-07-31'])
  })

  it('stops projecting a series that has stopped', () => {
    // monthly until 2024-04-20; by 06-03 that is 44 days without a payment (> 35)
    const rows = [
      out('2024-02-20', 50_000, 'SaaS', 'other'),
      out('2024-03-20', 50_000, 'SaaS', 'other'),
      out('2024-04-20', 50_000, 'SaaS', 'other')
    ]
    const [series] = detectRecurring(books({ cashOut: rows }), TODAY)
    expect(series).toMatchObject({ cadence: 'monthly', active: false })
    const model = buildForecastModel(books({ cashOut: rows }), TODAY)
    expect(model.events.filter((e) => e.source.kind === 'recurring')).toHaveLength(0)
  })
})
