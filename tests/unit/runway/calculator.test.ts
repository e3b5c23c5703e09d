import { describe, expect, it } from 'vitest'
import { computeRunway, statusFor } from '../../../src/main/core/runway/calculator'
import { TODAY, bank, bill, books, burnOf, day, invoice, out } from './fixtures'

describe('computeRunway: positions and the simple runway', () => {
  it('sums cash, card debt, AR, AP and works out net position and runway days', () => {
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
    expect(result.runwayDays).toBe(70)
    // cash never dips below zero in 13 weeks: the simple figure decides the band
    expect(result.cashZeroDate).toBeNull()
    expect(result.effectiveRunwayDays).toBe(70)
    expect(result.status).toBe('healthy')
  })

  it('reports no burn as a null runway (no limit), banded excellent', () => {
    const result = computeRunway(books({ bankAccounts: [bank(100)] }), TODAY)
    expect(result.dailyBurnCents).toBe(0)
    expect(result.runwayDays).toBeNull()
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
    expect(result.runwayDays).toBe(111)
  })
})

describe('status bands', () => {
  it('bands days at the boundaries: <7 critical, <30 warning, <90 healthy, else excellent', () => {
    expect(statusFor(0)).toBe('critical')
    expect(statusFor(20)).toBe('critical')
    expect(statusFor(21)).toBe('warning')
    expect(statusFor(59)).toBe('warning')
    expect(statusFor(60)).toBe('healthy')
    expect(statusFor(119)).toBe('healthy')
    expect(statusFor(120)).toBe('excellent')
    expect(statusFor(null)).toBe('excellent')
  })

  it('a net position one cent short of 21 days of burn is critical; exactly 21 days is warning', () => {
    const at = (cash: number): string =>
      computeRunway(books({ bankAccounts: [bank(cash)], cashOut: burnOf(100_000) }), TODAY).status
    // 2,099,999 / 100,000 = 20.99999 days → 20 whole days → critical
    expect(at(2_099_999)).toBe('critical')
    expect(at(2_100_000)).toBe('warning')
    expect(at(5_999_999)).toBe('warning')
    expect(at(6_000_000)).toBe('healthy')
    expect(at(11_999_999)).toBe('healthy')
    expect(at(12_000_000)).toBe('excellent')
  })

  it('bands on the cash-zero date when it comes before the simple runway runs out', () => {
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
    // net = 1,000,000 + 10,000,000 − 1,500,000 = 9,500,000 → 95 days: "healthy" on its own
    expect(result.runwayDays).toBe(95)
    // cash: 1,000,000 − 1,500,000 = −500,000 on day 10
    expect(result.cashZeroDate).toBe(day(10))
    expect(result.effectiveRunwayDays).toBe(10)
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
