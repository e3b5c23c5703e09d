import { describe, expect, it } from 'vitest'
import type { Books } from '../../../src/main/core/runway/books'
import { prepareRunway } from '../../../src/main/core/runway/calculator'
import {
  assessBill,
  assessBills,
  billPriorityScore,
  collectionPriority,
  companyScaleCents,
  collectionScore,
  customerAging,
  escalationStage,
  isCriticalName,
  planCollections,
  reminderDecision
} from '../../../src/main/core/runway/rules'
import { TODAY, bank, bill, books, burnOf, day, invoice } from './fixtures'

// Every bill test burns 100,000 a day (9,000,000 over the 90-day window).
function assess(overrides: Partial<Books>, billId: string) {
  const ctx = prepareRunway(books({ cashOut: burnOf(100_000), ...overrides }), TODAY)
  const result = assessBill(ctx, billId)
  if (!result) throw new Error(`no assessment for ${billId}`)
  return result
}

describe('must pay', () => {
  it('an overdue bill', () => {
    // net 20,000,000 − 100,000 → 199 days: nothing else would force it
    const a = assess(
      { bankAccounts: [bank(20_000_000)], openBills: [bill('late', 100_000, day(-5))] },
      'late'
    )
    expect(a.decision).toBe('must-pay')
    expect(a.mustPayReasons).toEqual(['overdue'])
    expect(a.daysUntilDue).toBe(-5)
    expect(a.plannedDate).toBe(TODAY)
  })

  it('a critical vendor by name, whole words only', () => {
    const byName = (vendorName: string) =>
      assess(
        { bankAccounts: [bank(20_000_000)], openBills: [bill('b', 100_000, day(30), { vendorName })] },
        'b'
      )
    expect(byName('Pacific Gas & Electric').mustPayReasons).toEqual(['critical-vendor'])
    expect(byName('Parent Co').decision).toBe('can-delay')
    for (const name of [
      'ADP Payroll',
      'Rent',
      'City Utilities',
      'Water Board',
      'Sales Tax',
      'IRS',
      'Hartford Insurance'
    ])
      expect(isCriticalName(name)).toBe(true)
    for (const name of [
      'Parent Co',
      'Current Media',
      'Vegas Events',
      'Taxi Co',
      'Waterford Consulting',
      'Party Rental Pros'
    ])
      expect(isCriticalName(name)).toBe(false)
  })

  it('a vendor the user marked critical, and a bill critical by what it pays for', () => {
    const marked = assess(
      {
        bankAccounts: [bank(20_000_000)],
        vendors: [{ id: 'v-acme', name: 'Acme Design', hasTerms: true, critical: true }],
        openBills: [bill('b', 100_000, day(30), { vendorId: 'v-acme', vendorName: 'Acme Design' })]
      },
      'b'
    )
    expect(marked.mustPayReasons).toEqual(['critical-vendor'])
    const byAccount = assess(
      {
        bankAccounts: [bank(20_000_000)],
        openBills: [bill('b', 100_000, day(30), { accountNames: ['Rent or Lease'] })]
      },
      'b'
    )
    expect(byAccount.mustPayReasons).toEqual(['critical-type'])
    const flagged = assess(
      { bankAccounts: [bank(20_000_000)], openBills: [bill('b', 100_000, day(30), { critical: true })] },
      'b'
    )
    expect(flagged.mustPayReasons).toEqual(['critical-type'])
  })

  it('due within 3 days (today through day 3), not on day 4', () => {
    const due = (n: number) =>
      assess({ bankAccounts: [bank(20_000_000)], openBills: [bill('b', 100_000, day(n))] }, 'b')
    expect(due(0).mustPayReasons).toEqual(['due-soon'])
    expect(due(3).mustPayReasons).toEqual(['due-soon'])
    // day 4: 100,000 is 1 day of burn (< 5) with 199 days of runway → can delay
    expect(due(4).decision).toBe('can-delay')
    expect(due(4).canDelayReasons).toEqual(['small-amount'])
  })

  it('a bill whose impact is over 15% of the days the status rests on', () => {
    // cash lasts the horizon: 91 + 9,000,000 left ÷ 100,000 a day = 181 days; 15% = 27.15; the bill
    // is 30 days of burn
    const big = assess({ bankAccounts: [bank(12_000_000)], openBills: [bill('b', 3_000_000, day(30))] }, 'b')
    expect(big.mustPayReasons).toEqual(['large-impact'])
    expect(big.impact.simpleImpactDays).toBe(30)
    // 91 + 104 = 195 days; 15% = 29.25; 16 days of burn is under it
    const smaller = assess(
      { bankAccounts: [bank(12_000_000)], openBills: [bill('b', 1_600_000, day(30))] },
      'b'
    )
    expect(smaller.decision).toBe('can-delay')
  })

  it('a bill whose delay would land it next to a cliff (under 7 days left after paying it late)', () => {
    const setup = (cash: number): Partial<Books> => ({
      bankAccounts: [bank(cash)],
      // a large invoice after the horizon keeps the simple runway long (302+ days)
      openInvoices: [invoice('later', 30_000_000, day(120))],
      openBills: [bill('x', 500_000, day(20)), bill('y', 2_300_000, day(30))]
    })
    // delay x to day 34 (due + 14): cash on day 34 = 3,000,000 − 500,000 − 2,300,000 = 200,000
    // = 2 days of burn after paying x there
    const tight = assess(setup(3_000_000), 'x')
    expect(tight.mustPayReasons).toEqual(['delay-leaves-under-7-days'])
    expect(tight.impact.delayTo).toBe(day(34))
    // with 1,000,000 more in the bank 1,200,000 is left = 12 days: delay is fine
    const roomy = assess(setup(4_000_000), 'x')
    expect(roomy.decision).toBe('can-delay')
    expect(roomy.canDelayReasons).toEqual(['due-later-long-runway', 'very-long-runway'])
  })
})

describe('can delay', () => {
  // A bill that empties the bank on day `n` (cash one cent below zero), whatever else was paid before.
  const cliff = (cash: number, n: number) => bill('cliff', cash + 1, day(n))

  it('due in more than 14 days with over 60 days of runway', () => {
    // the cliff on day 70 after b: 8,000,000 − 1,000,000 − 7,000,001 < 0; 10 days of burn < 10.5
    const a = assess(
      { bankAccounts: [bank(8_000_000)], openBills: [bill('b', 1_000_000, day(20)), cliff(7_000_000, 70)] },
      'b'
    )
    expect(a.decision).toBe('can-delay')
    expect(a.canDelayReasons).toEqual(['due-later-long-runway'])
  })

  it('under 5 days of burn with over 45 days of runway', () => {
    // cash zero on day 50; 200,000 = 2 days of burn; due in 10 days
    const a = assess(
      { bankAccounts: [bank(5_200_000)], openBills: [bill('b', 200_000, day(10)), cliff(5_000_000, 50)] },
      'b'
    )
    expect(a.canDelayReasons).toEqual(['small-amount'])
  })

  it('over 90 days of runway and due in more than 7 days', () => {
    // net 10,000,000 → 100 days; 1,000,000 = 10 days (< 15 = 15% of 100); due in 10 days
    const a = assess({ bankAccounts: [bank(11_000_000)], openBills: [bill('b', 1_000_000, day(10))] }, 'b')
    expect(a.canDelayReasons).toEqual(['very-long-runway'])
  })

  it('otherwise must pay', () => {
    // cash zero on day 50; 600,000 = 6 days of burn (not < 5, and < 7.5 = 15% of 50); due in 10
    const a = assess(
      { bankAccounts: [bank(5_600_000)], openBills: [bill('b', 600_000, day(10)), cliff(5_000_000, 50)] },
      'b'
    )
    expect(a.decision).toBe('must-pay')
    expect(a.mustPayReasons).toEqual(['no-delay-condition'])
  })
})

describe('bill priority score', () => {
  it('follows the formula', () => {
    // overdue 10 days, $1,000: 30 + 1.5 × 10
    expect(billPriorityScore({ daysUntilDue: -10, amountCents: 100_000, critical: false })).toBe(45)
    // overdue 100 days counts 60: 30 + 90
    expect(billPriorityScore({ daysUntilDue: -100, amountCents: 100_000, critical: false })).toBe(120)
    // due in 5 days (+20), $6,000 (+10), critical (+15)
    expect(billPriorityScore({ daysUntilDue: 5, amountCents: 600_000, critical: true })).toBe(45)
    // due in 10 days (+10), $3,000 (+5)
    expect(billPriorityScore({ daysUntilDue: 10, amountCents: 300_000, critical: false })).toBe(15)
    // due in 14 days and exactly $2,500: nothing
    expect(billPriorityScore({ daysUntilDue: 14, amountCents: 250_000, critical: false })).toBe(0)
    // a 2% discount +10; 4% is capped at +15
    expect(billPriorityScore({ daysUntilDue: 20, amountCents: 1, critical: false, discountPercent: 2 })).toBe(
      10
    )
    expect(billPriorityScore({ daysUntilDue: 20, amountCents: 1, critical: false, discountPercent: 4 })).toBe(
      15
    )
  })

  it('orders assessments by score and ignores a discount whose date has passed', () => {
    const ctx = prepareRunway(
      books({
        bankAccounts: [bank(50_000_000)],
        cashOut: burnOf(100_000),
        openBills: [
          bill('discount-live', 100_000, day(20), { discount: { percent: 2, byDate: day(5) } }),
          bill('discount-gone', 100_000, day(20), { discount: { percent: 2, byDate: day(-1) } }),
          bill('overdue', 100_000, day(-2))
        ]
      }),
      TODAY
    )
    const list = assessBills(ctx)
    expect(list.map((a) => [a.billId, a.priorityScore])).toEqual([
      ['overdue', 33], // 30 + 1.5 × 2
      ['discount-live', 10],
      ['discount-gone', 0]
    ])
  })
})

describe('bill runway impact', () => {
  // cash 3,000,000; a bill of 1,000,000 due day 35 and one of 2,500,000 due day 38:
  // day 35 → 2,000,000, day 38 → −500,000: cash zero on day 38. The far invoice keeps the
  // simple runway long so only the forecast binds.
  const setup = books({
    bankAccounts: [bank(3_000_000)],
    cashOut: burnOf(100_000),
    openInvoices: [invoice('later', 30_000_000, day(120))],
    openBills: [bill('a', 1_000_000, day(35)), bill('b', 2_500_000, day(38))]
  })

  it('pay now vs delay, in forecast days', () => {
    const ctx = prepareRunway(setup, TODAY)
    expect(ctx.runway.cashZeroDate).toBe(day(38))
    const a = assessBill(ctx, 'a')!.impact
    // paying a today changes nothing before day 38: still −500,000 there
    expect(a.payNowDays).toBe(0)
    // delaying a to day 49: day 38 → 500,000, day 49 → −500,000
    expect(a.delayTo).toBe(day(49))
    expect(a.delayDays).toEqual({ today: 38, after: 49 })
    expect(a.delayGainDays).toBe(11)
    expect(a.simpleImpactDays).toBe(10)

    const b = assessBill(ctx, 'b')!.impact
    // paying b today: day 0 → 500,000, day 35 → −500,000
    expect(b.payNowRunwayDays).toBe(35)
    expect(b.payNowDays).toBe(-3)
    // delaying b to day 52: day 35 → 2,000,000, day 52 → −500,000
    expect(b.delayDays).toEqual({ today: 38, after: 52 })
  })

  it('cash that lasts the horizon is a runway of "more than 13 weeks", whatever is paid early', () => {
    const ctx = prepareRunway(
      books({
        bankAccounts: [bank(20_000_000)],
        cashOut: burnOf(100_000),
        openBills: [bill('far', 1_000_000, day(100))]
      }),
      TODAY
    )
    expect(ctx.runway.runwayDays).toBeNull()
    // the status rests on 91 + 20,000,000 ÷ 100,000 = 291 days
    expect(ctx.runway.statusDays).toBe(291)
    const impact = assessBill(ctx, 'far')!.impact
    expect(impact.payNowRunwayDays).toBeNull()
    expect(impact.payNowDays).toBe(0)
    // the predecessor's "≈ 10 days of burn" stays beside it
    expect(impact.simpleImpactDays).toBe(10)
  })

  it('a payment that brings the cash-zero date inside the horizon has no number of days to move by', () => {
    const ctx = prepareRunway(
      books({ bankAccounts: [bank(1_000_000)], openBills: [bill('far', 1_500_000, day(100))] }),
      TODAY
    )
    const impact = assessBill(ctx, 'far')!.impact
    expect([ctx.runway.runwayDays, impact.payNowRunwayDays, impact.payNowDays]).toEqual([null, 0, null])
  })

  it('risk: high when paying now leaves under 7 days, medium under 30', () => {
    const far = invoice('later', 30_000_000, day(120))
    const high = assess(
      { bankAccounts: [bank(1_000_000)], openInvoices: [far], openBills: [bill('c', 1_200_000, day(20))] },
      'c'
    )
    // paid today: 1,000,000 − 1,200,000 < 0 at once
    expect(high.risk).toBe('high')
    const medium = assess(
      {
        bankAccounts: [bank(1_000_000)],
        openInvoices: [far],
        openBills: [bill('d', 600_000, day(40)), bill('e', 500_000, day(10))]
      },
      'd'
    )
    // d paid today: 400,000, then e on day 10 → −100,000: 10 days left
    expect(medium.risk).toBe('medium')
    expect(medium.impact.payNowCashZeroDate).toBe(day(10))
  })
})

describe('collections', () => {
  it('priority: amount × months overdue relative to a month of takings; critical from 0.5, high 0.15, medium 0.05', () => {
    const month = 3_000_000 // a company taking $30k a month
    // $15k a month late: half a month's takings × 1 month
    expect(collectionPriority(30, 1_500_000, month)).toBe('critical')
    expect(collectionPriority(29, 1_500_000, month)).toBe('high')
    // The predecessor's "critical": $5,000.01 ten days late is a third of a month × a third: medium
    expect(collectionPriority(10, 500_001, month)).toBe('medium')
    // and a $1 invoice 91 days late is nothing
    expect(collectionPriority(91, 100, month)).toBe('low')
    // the same $5k is critical for a café taking $8k a month, a month late
    expect(collectionPriority(30, 500_000, 800_000)).toBe('critical')
    // age counts up to six months only
    expect(collectionPriority(400, 150_000, month)).toBe(collectionPriority(180, 150_000, month))
    expect(collectionPriority(0, 10_000_000, month)).toBe('low')
    expect(collectionPriority(45, 120_000, month)).toBe('medium')
  })

  it('company scale: a month of takings over the last 90 days, else open receivables', () => {
    const inv = {
      id: 'i',
      customerId: 'c',
      customerName: 'C',
      txnDate: '2026-01-01',
      dueDate: null,
      totalCents: 50_000,
      balanceCents: 50_000,
      email: null
    }
    expect(companyScaleCents({ openInvoices: [inv], cashIn: [] }, '2026-06-01')).toBe(50_000)
    expect(
      companyScaleCents(
        {
          openInvoices: [inv],
          cashIn: [
            { date: '2026-05-01', payerId: 'c', payerName: 'C', amountCents: 900_000, kind: 'payment' },
            { date: '2026-01-01', payerId: 'c', payerName: 'C', amountCents: 900_000, kind: 'payment' }
          ]
        },
        '2026-06-01'
      )
    ).toBe(300_000)
    expect(companyScaleCents({ openInvoices: [] }, '2026-06-01')).toBe(1_000_000)
  })

  it('score = min(40, $/100) + min(40, 0.5 × days) + 10', () => {
    // $1,500, 20 days: 15 + 10 + 10
    expect(collectionScore(20, 150_000)).toBe(35)
    // $10,000, 100 days: 40 + 40 + 10
    expect(collectionScore(100, 1_000_000)).toBe(90)
    // $123.45, 3 days: 1.2345 + 1.5 + 10 = 12.7345 → 12.7
    expect(collectionScore(3, 12_345)).toBe(12.7)
  })

  it('escalates gentle → firm at 30 → final at 60 → hand-off at 90', () => {
    expect(escalationStage(1)).toBe('gentle')
    expect(escalationStage(29)).toBe('gentle')
    expect(escalationStage(30)).toBe('firm')
    expect(escalationStage(59)).toBe('firm')
    expect(escalationStage(60)).toBe('final')
    expect(escalationStage(89)).toBe('final')
    expect(escalationStage(90)).toBe('hand-off')
  })

  it('waits the minimum gap between reminders', () => {
    const inv = invoice('i', 100_000, day(-40), { reminderCount: 1 })
    expect(reminderDecision({ ...inv, lastReminderAt: day(-6) }, TODAY)).toEqual({
      action: 'wait',
      until: day(1)
    })
    expect(reminderDecision({ ...inv, lastReminderAt: day(-7) }, TODAY)).toEqual({
      action: 'send',
      stage: 'firm',
      attempt: 2
    })
    // an instant works too; a custom gap
    expect(
      reminderDecision({ ...inv, lastReminderAt: `${day(-10)}T15:00:00Z` }, TODAY, { minGapDays: 14 })
    ).toEqual({
      action: 'wait',
      until: day(4)
    })
  })

  it('stops after three automated attempts, at hand-off, and without an address', () => {
    expect(reminderDecision(invoice('i', 100, day(-20), { reminderCount: 3 }), TODAY)).toEqual({
      action: 'manual',
      reason: 'max-attempts'
    })
    expect(reminderDecision(invoice('i', 100, day(-20), { reminderCount: 2 }), TODAY)).toMatchObject({
      action: 'send',
      attempt: 3
    })
    expect(reminderDecision(invoice('i', 100, day(-95)), TODAY)).toEqual({
      action: 'manual',
      reason: 'hand-off'
    })
    expect(reminderDecision(invoice('i', 100, day(-5), { email: null }), TODAY)).toEqual({
      action: 'manual',
      reason: 'no-email'
    })
  })

  it('never reminds a paid invoice, nor one not yet due', () => {
    expect(reminderDecision(invoice('i', 0, day(-40), { totalCents: 5_000 }), TODAY)).toEqual({
      action: 'none',
      reason: 'paid'
    })
    expect(reminderDecision(invoice('i', 100, TODAY), TODAY)).toEqual({
      action: 'none',
      reason: 'not-overdue'
    })
  })

  it('lists overdue, unpaid invoices by score', () => {
    const list = planCollections(
      books({
        openInvoices: [
          invoice('a', 150_000, day(-20)), // 35
          invoice('b', 1_000_000, day(-100)), // 90
          invoice('c', 150_000, day(5)), // not overdue
          invoice('paid', 0, day(-50), { totalCents: 9_000 }) // stop on payment
        ]
      }),
      TODAY
    )
    expect(list.map((i) => [i.invoiceId, i.score, i.priority, i.stage])).toEqual([
      ['b', 90, 'critical', 'hand-off'],
      ['a', 35, 'medium', 'gentle'] // $1,500 ≥ $500
    ])
    expect(list[1]!.reminder).toEqual({ action: 'send', stage: 'gentle', attempt: 1 })
  })

  it("falls back to the customer's address when the invoice has none", () => {
    const list = planCollections(
      books({
        customers: [{ id: 'c-x', name: 'X', email: 'ap@x.example' }],
        openInvoices: [
          invoice('x', 10_000, day(-5), { email: null }),
          invoice('y', 10_000, day(-5), { email: '' })
        ]
      }),
      TODAY
    )
    expect(list.find((i) => i.invoiceId === 'x')).toMatchObject({
      email: 'ap@x.example',
      reminder: { action: 'send' }
    })
    expect(list.find((i) => i.invoiceId === 'y')!.reminder).toEqual({ action: 'manual', reason: 'no-email' })
  })

  it('ages open invoices per customer with their payment habit', () => {
    const aging = customerAging(
      books({
        openInvoices: [
          invoice('a1', 100, day(-10), { customerId: 'acme', customerName: 'Acme' }),
          invoice('a2', 200, day(5), { customerId: 'acme', customerName: 'Acme' }),
          invoice('z1', 1_000, day(-40), { customerId: 'zed', customerName: 'Zed' })
        ],
        paidInvoices: [
          // 15 days late, 45 days to pay
          {
            id: 'p',
            customerId: 'acme',
            dueDate: '2024-04-01',
            txnDate: '2024-03-02',
            paidDate: '2024-04-16',
            amountCents: 1
          }
        ]
      }),
      TODAY
    )
    expect(aging.map((c) => c.customerId)).toEqual(['zed', 'acme'])
    expect(aging[1]).toMatchObject({
      totalCents: 300,
      overdueCents: 100,
      invoiceCount: 2,
      oldestDaysOverdue: 10,
      aging: { current: 200, d1_30: 100, d31_60: 0, d61_90: 0, d90plus: 0 },
      habit: { paidCount: 1, avgDaysLate: 15, avgDaysToPay: 45 }
    })
    expect(aging[0]).toMatchObject({ overdueCents: 1_000, aging: { d31_60: 1_000 }, habit: null })
  })
})
