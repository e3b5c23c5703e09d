import { describe, expect, it } from 'vitest'
import { computeRunway, statusFor } from '../../../src/main/core/runway/calculator'
import { TODAY, bank, bill, books, burnOf, day, invoice, out } from './fixtures'

describe('computeRunway: positions, the runway and the simple figure beside it', () => {
  it('sums cash, card debt, AR, AP and works out net position and the simple figure', () => {
    const result = computeRunway(
      books({
        bankAccounts: [bank(5_000_000, 'a'), bank(1_000_000, 'b')],
        creditCards: [{ id: 'cc', name: 'Amex', balanceCents: 500_000 }],
        openInvoices: [
          invoice('i1', 2_000_000, day(20)),
          invoice('i2', 1_000_000, day(-5)),
          invoice('paid', 0, day(-50))
        ],
        openBills: [bill('b1', 1_500_000, day(15))],
        cashOut: burnOf(100_000)
      }),
      TODAY
    )
    // cash 50,000.00 + 10,000.00 = 6,000,000
    expect(result.cashCents).toBe(6_000_000)
    expect(result.creditCardDebtCents).toBe(500_000)
    // AR 2,000,000 + 1,000,000 (the zero-balance invoice is paid) = 3,000,000; overdue: i2 only
    expect(result.arCents).toBe(3_000_000)
    expect(result.overdueArCents).toBe(1_000_000)
    expect(result.apCents).toBe(1_500_000)
    // 6,000,000 + 3,000,000 − 1,500,000 − 500,000 (card) = 7,000,000
    expect(result.netPositionCents).toBe(7_000_000)
    // burn 9,000,000 over 90 days = 100,000 a day; 7,000,000 / 100,000 = 70 days
    expect(result.dailyBurnCents).toBe(100_000)
    expect(result.simpleRunwayDays).toBe(70)
    // cash never dips below zero in 13 weeks: the runway is "more than 13 weeks", and the status
    // rests on what the cash at the horizon's end lasts at the burn
    expect(result.cashZeroDate).toBeNull()
    expect(result.runwayDays).toBeNull()
    expect(result.horizonDays).toBe(91)
    const ending = result.forecast.at(-1)!.endingCashCents
    expect(result.statusBasis).toBe('beyond-horizon')
    expect(result.statusDays).toBe(91 + Math.floor(ending / 100_000))
    expect(result.status).toBe('excellent')
  })

  it('nothing burning: no runway limit and no simple figure, banded excellent', () => {
    const result = computeRunway(books({ bankAccounts: [bank(100)] }), TODAY)
    expect(result.dailyBurnCents).toBe(0)
    expect(result.runwayDays).toBeNull()
    expect(result.simpleRunwayDays).toBeNull()
    expect(result.statusBasis).toBe('no-burn')
    expect(result.status).toBe('excellent')
  })

  it('never reports negative runway days', () => {
    // net = 100,000 − 600,000 = −500,000 → 0 days, and the overdue bill empties the bank today
    const result = computeRunway(
      books({
        bankAccounts: [bank(100_000)],
        openBills: [bill('b', 600_000, day(-3))],
        cashOut: burnOf(10_000)
      }),
      TODAY
    )
    expect(result.netPositionCents).toBe(-500_000)
    expect(result.simpleRunwayDays).toBe(0)
    expect(result.runwayDays).toBe(0)
    expect(result.cashZeroDate).toBe(TODAY)
    expect(result.status).toBe('critical')
  })

  it('holds reserves back and counts recent undeposited funds and unapplied payments', () => {
    const result = computeRunway(
      books({
        bankAccounts: [bank(1_000_000)],
        reserves: [
          { id: 'tax', name: 'Tax', amountCents: 200_000, until: day(30) },
          { id: 'old', name: 'Expired', amountCents: 999_999, until: day(-1) }
        ],
        undepositedFunds: [
          { id: 'u1', amountCents: 50_000, date: day(-2) },
          { id: 'u-old', amountCents: 70_000, date: day(-8) }
        ],
        openInvoices: [invoice('i', 300_000, day(10))],
        unappliedPayments: [{ id: 'p', customerName: 'Someone', amountCents: 40_000, date: day(-4) }],
        cashOut: burnOf(10_000)
      }),
      TODAY
    )
    expect(result.reservedCents).toBe(200_000)
    expect(result.availableCashCents).toBe(800_000)
    // only the 2-day-old deposit counts; the 8-day-old one is a hygiene problem, not cash
    expect(result.undepositedCents).toBe(50_000)
    // AR = 300,000 − 40,000 unapplied
    expect(result.arCents).toBe(260_000)
    // 800,000 + 50,000 + 260,000 = 1,110,000 → / 10,000 a day = 111 days
    expect(result.netPositionCents).toBe(1_110_000)
    expect(result.simpleRunwayDays).toBe(111)
    // the 8-day-old deposit stays out of the forecast, and says so
    expect(result.undepositedLeftOutCents).toBe(70_000)
    expect(result.forecast.map((w) => w.inTransitCents).slice(0, 2)).toEqual([50_000, 0])
  })

  it('nets open vendor credits off AP as unapplied payments come off AR, keeping the gross figures', () => {
    const result = computeRunway(
      books({
        bankAccounts: [bank(1_000_000)],
        openBills: [
          bill('b1', 300_000, day(4), { vendorId: 'acme', vendorName: 'Acme' }),
          bill('b2', 200_000, day(8), { vendorId: 'other', vendorName: 'Other' })
        ],
        vendorCredits: [
          { id: 'vc', vendorId: 'acme', vendorName: 'Acme', amountCents: 50_000, date: day(-3) }
        ],
        openInvoices: [invoice('i', 400_000, day(30))],
        unappliedPayments: [{ id: 'p', customerName: 'Someone', amountCents: 40_000, date: day(-4) }]
      }),
      TODAY
    )
    expect([result.apGrossCents, result.vendorCreditsCents, result.apCents]).toEqual([
      500_000, 50_000, 450_000
    ])
    expect([result.arGrossCents, result.unappliedPaymentsCents, result.arCents]).toEqual([
      400_000, 40_000, 360_000
    ])
    // the credit is taken off what Acme's bill draws from the bank in week 1 (Other's is in week 2)
    expect(result.forecast.slice(0, 2).map((w) => w.outflowCents)).toEqual([250_000, 200_000])
  })
})

describe('status bands', () => {
  it('bands days at the boundaries: <21 critical, <60 warning, <120 healthy, else excellent', () => {
    expect(statusFor(0)).toBe('critical')
    expect(statusFor(20)).toBe('critical')
    expect(statusFor(21)).toBe('warning')
    expect(statusFor(59)).toBe('warning')
    expect(statusFor(60)).toBe('healthy')
    expect(statusFor(119)).toBe('healthy')
    expect(statusFor(120)).toBe('excellent')
    expect(statusFor(null)).toBe('excellent')
  })

  it('cash zero on day 20 is critical, on day 21 warning; past the horizon the cushion bands it', () => {
    // From a Thursday, days 20, 21 and 60 are all weekdays (money moves on business days).
    const thursday = day(3)
    const zeroOn = (n: number) =>
      computeRunway(
        books({ bankAccounts: [bank(1_000_000)], openBills: [bill('b', 1_000_001, day(3 + n))] }),
        thursday
      )
    expect([zeroOn(20).runwayDays, zeroOn(20).status]).toEqual([20, 'critical'])
    expect([zeroOn(21).runwayDays, zeroOn(21).status]).toEqual([21, 'warning'])
    expect([zeroOn(60).runwayDays, zeroOn(60).status]).toEqual([60, 'healthy'])
    // cash that lasts the 91 days: 91 + 2,899,999 ÷ 100,000 = 119 days, 2,900,000 → 120
    const lasting = (cash: number) =>
      computeRunway(books({ bankAccounts: [bank(cash)], cashOut: burnOf(100_000) }), TODAY)
    expect([lasting(2_899_999).statusDays, lasting(2_899_999).status]).toEqual([119, 'healthy'])
    expect([lasting(2_900_000).statusDays, lasting(2_900_000).status]).toEqual([120, 'excellent'])
    expect(lasting(2_900_000).runwayDays).toBeNull()
  })

  it('bands on falling below the minimum when that comes before cash zero', () => {
    const result = computeRunway(
      books({
        bankAccounts: [bank(1_000_000)],
        minCashCents: 500_000,
        openBills: [bill('b', 600_000, day(10))],
        cashOut: burnOf(10_000)
      }),
      TODAY
    )
    // 400,000 from day 10: under the minimum, never under zero
    expect(result.runwayDays).toBeNull()
    expect(result.belowMinCashDate).toBe(day(10))
    expect([result.statusDays, result.statusBasis, result.status]).toEqual([10, 'below-minimum', 'critical'])
  })

  it('takes the bands it is given', () => {
    const books20 = books({ bankAccounts: [bank(1_000_000)], openBills: [bill('b', 1_000_001, day(20))] })
    expect(computeRunway(books20, TODAY, { bands: { critical: 7, warning: 30, healthy: 90 } }).status).toBe(
      'warning'
    )
    expect(statusFor(6, { critical: 7, warning: 30, healthy: 90 })).toBe('critical')
  })

  it('the runway is the cash-zero date even when the simple figure says months', () => {
    const result = computeRunway(
      books({
        bankAccounts: [bank(1_000_000)],
        // a big invoice due after the horizon props up the simple figure...
        openInvoices: [invoice('big', 10_000_000, day(100))],
        // ...while this bill empties the bank on day 10
        openBills: [bill('b', 1_500_000, day(10))],
        cashOut: burnOf(100_000)
      }),
      TODAY
    )
    // net = 1,000,000 + 10,000,000 − 1,500,000 = 9,500,000 → 95 days, beside it only
    expect(result.simpleRunwayDays).toBe(95)
    // cash: 1,000,000 − 1,500,000 = −500,000 on day 10
    expect(result.cashZeroDate).toBe(day(10))
    expect(result.runwayDays).toBe(10)
    expect(result.statusDays).toBe(10)
    expect(result.status).toBe('critical')
  })
})

describe('trailing 90-day burn window', () => {
  it('counts today−90 through yesterday, not today−91 and not today', () => {
    const result = computeRunway(
      books({
        cashOut: [
          out('2024-03-05', 900_000, 'first-day', 'purchase'), // today − 90: in
          out('2024-03-04', 111_111, 'too-old', 'purchase'), // today − 91: out
          out('2024-06-02', 90_000, 'yesterday', 'bill-payment'), // in
          out(TODAY, 55_555, 'today', 'other') // today: out
        ],
        cashIn: [
          { date: '2024-03-05', payerId: 'c', payerName: 'C', amountCents: 450_000, kind: 'payment' },
          { date: TODAY, payerId: 'c', payerName: 'C', amountCents: 1_000_000, kind: 'payment' }
        ]
      }),
      TODAY
    )
    // 900,000 + 90,000 = 990,000 over 90 days = 11,000 a day
    expect(result.dailyBurnCents).toBe(11_000)
    // monthly burn = 990,000 × 30 / 90 = 330,000; net = (990,000 − 450,000) / 3 = 180,000
    expect(result.kpis.burnCents).toBe(330_000)
    expect(result.kpis.netBurnCents).toBe(180_000)
  })
})

describe('KPIs', () => {
  it('DSO and DPO from balances over what was invoiced / billed in the window', () => {
    const result = computeRunway(
      books({
        openInvoices: [invoice('i', 2_000_000, day(10), { totalCents: 2_500_000, txnDate: day(-20) })],
        paidInvoices: [
          {
            id: 'p1',
            customerId: 'c',
            dueDate: day(-30),
            txnDate: day(-60),
            paidDate: day(-25),
            amountCents: 3_500_000
          },
          {
            id: 'p-old',
            customerId: 'c',
            dueDate: null,
            txnDate: day(-200),
            paidDate: day(-150),
            amountCents: 9_999_999
          }
        ],
        openBills: [bill('b', 1_000_000, day(10), { txnDate: day(-5) })],
        paidBills: [
          {
            id: 'pb',
            vendorId: 'v',
            dueDate: null,
            txnDate: day(-40),
            paidDate: day(-20),
            amountCents: 2_000_000
          }
        ]
      }),
      TODAY
    )
    // invoiced in window = 2,500,000 + 3,500,000 = 6,000,000; DSO = 2,000,000 × 90 / 6,000,000 = 30
    expect(result.kpis.dsoDays).toBe(30)
    // billed = 1,000,000 + 2,000,000; DPO = 1,000,000 × 90 / 3,000,000 = 30
    expect(result.kpis.dpoDays).toBe(30)
  })

  it('ages AR and AP into current, 1–30, 31–60, 61–90 and 90+', () => {
    const result = computeRunway(
      books({
        openInvoices: [
          invoice('cur', 1, TODAY), // 0 days past due: current
          invoice('a', 10, day(-1)),
          invoice('b', 100, day(-30)),
          invoice('c', 1_000, day(-31)),
          invoice('d', 10_000, day(-60)),
          invoice('e', 100_000, day(-61)),
          invoice('f', 1_000_000, day(-90)),
          invoice('g', 10_000_000, day(-91)),
          // no due date: net 30 from 40 days ago → 10 days past due
          invoice('h', 20, null, { txnDate: day(-40) })
        ],
        openBills: [bill('x', 5, day(3)), bill('y', 7, null, { txnDate: day(-45) })]
      }),
      TODAY
    )
    expect(result.kpis.arAging).toEqual({
      current: 1,
      d1_30: 130,
      d31_60: 11_000,
      d61_90: 1_100_000,
      d90plus: 10_000_000
    })
    // a bill without a due date is due on its own date: 45 days past due
    expect(result.kpis.apAging).toEqual({ current: 5, d1_30: 0, d31_60: 7, d61_90: 0, d90plus: 0 })
  })
})
