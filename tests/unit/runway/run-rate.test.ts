// New business not yet in the books: each customer's invoicing and each vendor's bills at their
// recent rate, collected and paid on their own timing, projected apart from the booked documents.
import { describe, expect, it } from 'vitest'
import { buildForecastModel, weeksOf } from '../../../src/main/core/runway/forecast'
import { detectRecurring } from '../../../src/main/core/runway/recurring'
import { projectRunRate, runRates, type RunRate } from '../../../src/main/core/runway/run-rate'
import type { CashOut, PaidBill, PaidInvoice } from '../../../src/main/core/runway/books'
import { TODAY, bank, books, day, invoice } from './fixtures'

/** Invoiced on `txn`, paid `lag` days later. */
const paidInv = (
  id: string,
  customerId: string,
  txn: number,
  lag: number,
  cents = 1_000_00
): PaidInvoice => ({
  id,
  customerId,
  txnDate: day(txn),
  dueDate: day(txn + 30),
  paidDate: day(txn + lag),
  amountCents: cents
})
const paidBill = (id: string, vendorId: string, txn: number, lag: number, cents = 300_00): PaidBill => ({
  id,
  vendorId,
  txnDate: day(txn),
  dueDate: day(txn + 30),
  paidDate: day(txn + lag),
  amountCents: cents
})
const billPayment = (vendorId: string, date: number, cents: number): CashOut => ({
  date: day(date),
  payeeId: vendorId,
  payeeName: `Vendor ${vendorId}`,
  amountCents: cents,
  kind: 'bill-payment',
  accountId: 'bank-1'
})

describe('run rates', () => {
  it("reads each customer's invoicing over the last 180 days and the days its invoices took to pay", () => {
    const b = books({
      customers: [{ id: 'c1', name: 'Acme', email: null }],
      // 3 × $1,000 in the window (one still open) and one before it, paid 20, 30 and 40 days after.
      paidInvoices: [
        paidInv('p0', 'c1', -200, 20),
        paidInv('p1', 'c1', -150, 30),
        paidInv('p2', 'c1', -60, 40)
      ],
      openInvoices: [
        invoice('o1', 1_000_00, day(-10), { customerId: 'c1', customerName: 'Acme', txnDate: day(-40) })
      ]
    })
    const [rate, ...rest] = runRates(b, TODAY, [])
    expect(rest).toEqual([])
    expect(rate).toMatchObject({
      side: 'sales',
      partyId: 'c1',
      name: 'Acme',
      windowCents: 3_000_00,
      windowDays: 180
    })
    expect(rate!.lags).toEqual([20, 30, 40])
    // Fewer than four paid invoices: the company's timing (here the same invoices).
    expect(rate!.lagBasis).toBe('company')
  })

  it('reads the rate over the days the books hold when they start inside the window', () => {
    const b = books({
      customers: [{ id: 'c1', name: 'Acme', email: null }],
      // The first record is 60 days old: $3,000 over 60 days is $50 a day, not $3,000 over 180.
      paidInvoices: [paidInv('p1', 'c1', -60, 20), paidInv('p2', 'c1', -30, 20)],
      openInvoices: [
        invoice('o1', 1_000_00, day(20), { customerId: 'c1', customerName: 'Acme', txnDate: day(-10) })
      ]
    })
    expect(runRates(b, TODAY, [])[0]).toMatchObject({ windowCents: 3_000_00, windowDays: 60 })
  })

  it('times collections by when the money came, not by the last payment', () => {
    // Each invoice paid $500 after 10 days and $500 after 50: the money came after 30 days on
    // average; the last payment alone would say 50.
    const halves = (id: string, txn: number): PaidInvoice => ({
      ...paidInv(id, 'c1', txn, 50),
      payments: [
        { date: day(txn + 10), cents: 500_00 },
        { date: day(txn + 50), cents: 500_00 }
      ]
    })
    const b = books({
      customers: [{ id: 'c1', name: 'Acme', email: null }],
      paidInvoices: [halves('p1', -150), halves('p2', -120), halves('p3', -100), halves('p4', -80)]
    })
    expect(runRates(b, TODAY, [])[0]!.lags).toEqual([30, 30, 30, 30])
  })

  it('projects nothing before new invoices could be paid, then the full rate, in whole cents that add up', () => {
    const rate: RunRate = {
      side: 'sales',
      partyId: 'c1',
      name: 'Acme',
      windowCents: 9_000_00,
      windowDays: 90,
      lags: [10, 20],
      lagBasis: 'own',
      chance: 1
    }
    const daily = projectRunRate(rate, 91)
    // $100 a day invoiced; half of it is paid 10 days after, half 20 days after.
    expect(daily.slice(0, 10)).toEqual(new Array(10).fill(0))
    expect(daily.slice(10, 20)).toEqual(new Array(10).fill(50_00))
    expect(daily.slice(20)).toEqual(new Array(71).fill(100_00))
    expect(daily.every((c) => Number.isInteger(c))).toBe(true)
  })

  it("takes a vendor's bills from what the bank paid for them, and leaves a recurring series to itself", () => {
    // v-rent bills monthly, the same amount: a recurring series the forecast projects one by one.
    const rentBills = [-85, -55, -25].map((d, i) => paidBill(`r${i}`, 'v-rent', d, 5, 2_000_00))
    const b = books({
      vendors: [
        { id: 'v1', name: 'Supplies Co', hasTerms: true, critical: false },
        { id: 'v-rent', name: 'Landlord', hasTerms: true, critical: false }
      ],
      paidBills: [...rentBills, paidBill('s1', 'v1', -70, 12), paidBill('s2', 'v1', -40, 18)],
      cashOut: [
        billPayment('v1', -58, 300_00),
        billPayment('v1', -22, 300_00),
        ...rentBills.map((r) => billPayment('v-rent', -80 + 0, r.amountCents))
      ]
    })
    const recurring = detectRecurring(b, TODAY)
    expect(recurring.map((s) => s.key)).toContain('bill:id:v-rent')
    const rates = runRates(b, TODAY, recurring)
    expect(rates).toHaveLength(1)
    expect(rates[0]).toMatchObject({ side: 'bills', partyId: 'v1', name: 'Supplies Co', windowCents: 600_00 })
  })

  it('shows the projection as its own events, one per party and week, that add up to the forecast', () => {
    const paid = [0, 1, 2, 3, 4].map((i) => paidInv(`p${i}`, 'c1', -85 + i * 15, 14, 900_00))
    const b = books({
      bankAccounts: [bank(5_000_00)],
      customers: [{ id: 'c1', name: 'Acme', email: null }],
      paidInvoices: paid
    })
    const model = buildForecastModel(b, TODAY)
    const projected = model.events.filter((e) => e.source.kind === 'run-rate')
    expect(projected.length).toBeGreaterThan(0)
    for (const e of projected) expect(e.day % 7).toBe(0)
    const weeks = weeksOf(model)
    // Nothing else comes in: every week's money in is the projection's event of that week.
    weeks.forEach((w, i) =>
      expect(w.inflowCents).toBe(
        projected.filter((e) => e.day / 7 === i).reduce((s, e) => s + e.inflowCents, 0)
      )
    )
    // 5 × $900 invoiced in the 85 days the books hold, each paid 14 days after it, 94.9% of it
    // ever: from day 14 on, 5 × $900 × 0.949 / 85 a day.
    const total = weeks.reduce((s, w) => s + w.inflowCents, 0)
    expect(total).toBe(Math.round(((5 * 900_00 * 0.949) / 85) * (91 - 14)))
    // Off: the booked documents alone.
    expect(buildForecastModel(b, TODAY, { includeRunRates: false }).events).toEqual([])
  })
})
