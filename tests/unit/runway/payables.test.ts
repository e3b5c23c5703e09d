// When the forecast expects an open bill's cash to leave: on the company's own habit with the
// vendor, re-dated once that day has passed, and on the due date (or today) only without history.
import { describe, expect, it } from 'vitest'
import { buildForecastModel, moveBill } from '../../../src/main/core/runway/forecast'
import { prepareRunway } from '../../../src/main/core/runway/calculator'
import { planInputFrom, proposePlan } from '../../../src/main/core/runway/plan'
import { addDays } from '../../../src/shared/dates'
import { billHistory, expectedBillDate } from '../../../src/main/core/runway/payables'
import type { PaidBill } from '../../../src/main/core/runway/books'
import { TODAY, bank, bill, books, day, out } from './fixtures'

/** A bill of `vendorId` due on `due` and paid `late` days after it. */
const paid = (id: string, vendorId: string, due: number, late: number): PaidBill => ({
  id,
  vendorId,
  txnDate: day(due - 30),
  dueDate: day(due),
  paidDate: day(due + late),
  amountCents: 500_00
})

describe('expected bill dates', () => {
  it('pays a bill with no history on its due date, and an overdue one today', () => {
    const h = billHistory(books())
    expect(expectedBillDate(bill('a', 100_00, day(10)), h, TODAY)).toEqual({ date: day(10), basis: 'due' })
    expect(expectedBillDate(bill('b', 100_00, day(-5)), h, TODAY)).toEqual({
      date: TODAY,
      basis: 'overdue-now'
    })
  })

  it("follows the vendor's own lateness before the company's", () => {
    const h = billHistory(
      books({
        paidBills: [
          paid('p1', 'v-slow', -120, 20),
          paid('p2', 'v-slow', -90, 24),
          paid('p3', 'v-other', -100, 2),
          paid('p4', 'v-other', -70, 4)
        ]
      })
    )
    // v-slow averages 22 days late; a vendor never paid gets the company's average, 13 days.
    expect(expectedBillDate(bill('a', 100_00, day(5), { vendorId: 'v-slow' }), h, TODAY)).toEqual({
      date: day(27),
      basis: 'habit'
    })
    expect(expectedBillDate(bill('b', 100_00, day(5), { vendorId: 'v-new' }), h, TODAY)).toEqual({
      date: day(18),
      basis: 'habit'
    })
  })

  it('re-dates a bill past its usual day to when the bills that were as late got paid', () => {
    const h = billHistory(
      books({
        paidBills: [
          paid('p1', 'v', -200, 5),
          paid('p2', 'v', -180, 30),
          paid('p3', 'v', -160, 40),
          paid('p4', 'v', -140, 50)
        ]
      })
    )
    // Due 20 days ago, usual lateness 31 days: still ahead, on day 11.
    expect(expectedBillDate(bill('a', 1, day(-20), { vendorId: 'v' }), h, TODAY)).toEqual({
      date: day(11),
      basis: 'habit'
    })
    // Due 35 days ago: past the usual day; the bills paid later than 35 days took 40 and 50: 45.
    expect(expectedBillDate(bill('b', 1, day(-35), { vendorId: 'v' }), h, TODAY)).toEqual({
      date: day(10),
      basis: 'later-than-usual'
    })
    // Due 60 days ago: later than any bill ever paid, so counted today.
    expect(expectedBillDate(bill('c', 1, day(-60), { vendorId: 'v' }), h, TODAY)).toEqual({
      date: TODAY,
      basis: 'overdue-now'
    })
  })

  it('puts the bill where its habit says in the forecast, and a date the user planned before it', () => {
    const b = books({
      bankAccounts: [bank(10_000_00)],
      openBills: [
        bill('a', 300_00, day(-3), { vendorId: 'v' }),
        bill('b', 200_00, day(2), { vendorId: 'v' })
      ],
      paidBills: [paid('p1', 'v', -100, 10), paid('p2', 'v', -70, 14)],
      plannedDates: { b: day(30) }
    })
    const model = buildForecastModel(b, TODAY)
    expect(model.bills.get('a')).toEqual({ day: 9, amountCents: 300_00, payableCents: 300_00 })
    expect(model.bills.get('b')).toEqual({ day: 30, amountCents: 200_00, payableCents: 200_00 })
    const sources = model.events.map((e) => e.source)
    expect(sources).toContainEqual(expect.objectContaining({ kind: 'bill', id: 'a', basis: 'habit' }))
    expect(sources).toContainEqual(expect.objectContaining({ kind: 'bill', id: 'b', basis: 'planned' }))
  })

  it('counts from the bank only the share of a vendor the company also pays by card', () => {
    // Four bills of $500 paid; $1,500 of it left the bank for the vendor, so one in four went on the
    // card, whose cash leaves with the card's payment (the spending projection carries that).
    const b = books({
      bankAccounts: [bank(10_000_00)],
      vendors: [{ id: 'v', name: 'Vendor', hasTerms: false, critical: false }],
      openBills: [
        bill('a', 400_00, day(5), { vendorId: 'v' }),
        bill('b', 200_00, day(6), { vendorId: 'v' }),
        bill('c', 100_00, day(7), { vendorId: 'new' })
      ],
      paidBills: [
        paid('p1', 'v', -90, 2),
        paid('p2', 'v', -60, 2),
        paid('p3', 'v', -30, 2),
        paid('p4', 'v', -20, 2)
      ],
      cashOut: [-88, -58, -28].map((d) => out(day(d), 500_00, 'Vendor', 'bill-payment', 'v')),
      plannedDates: { b: day(6) }
    })
    const model = buildForecastModel(b, TODAY)
    const a = model.bills.get('a')!
    expect(a).toEqual({ day: a.day, amountCents: 300_00, payableCents: 400_00 })
    expect(model.events.map((e) => e.source)).toContainEqual(
      expect.objectContaining({ kind: 'bill', id: 'a', bankShare: 0.75 })
    )
    // Scheduled by the user: paid from the bank, all of it. A vendor never paid: from the bank.
    expect(model.bills.get('b')).toMatchObject({ amountCents: 200_00, payableCents: 200_00 })
    expect(model.bills.get('c')).toMatchObject({ amountCents: 100_00, payableCents: 100_00 })
    // Paying it from the bank takes the whole bill, and the card's share leaves the forecast.
    expect(moveBill(model, 'a', day(10))).toEqual([
      { day: a.day, outflowCents: -300_00 },
      { day: expect.any(Number), outflowCents: 400_00 }
    ])
    // A payment plan pays what it schedules from the bank in full, and applied, the forecast is the
    // plan's cash day for day.
    const input = planInputFrom(prepareRunway(b, TODAY), { minCashCents: 0 })
    expect(input.bills.find((x) => x.id === 'a')!.amountCents).toBe(400_00)
    const plan = proposePlan(input)
    const plannedDates = Object.fromEntries(
      plan.bills.flatMap((p) => (p.day === null ? [] : [[p.billId, addDays(TODAY, p.day)]]))
    )
    expect(plannedDates.a).toBeDefined()
    expect(buildForecastModel({ ...b, plannedDates }, TODAY).cash).toEqual(plan.cash)
    // Books without any bill payment from the bank say nothing of how bills are paid.
    const silent = buildForecastModel({ ...b, cashOut: [] }, TODAY)
    expect(silent.bills.get('a')).toMatchObject({ amountCents: 400_00 })
  })
})
