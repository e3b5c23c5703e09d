// When the forecast expects an open bill's cash to leave: on the company's own habit with the
// vendor, re-dated once that day has passed, and on the due date (or today) only without history.
import { describe, expect, it } from 'vitest'
import { buildForecastModel } from '../../../src/main/core/runway/forecast'
import { billHistory, expectedBillDate } from '../../../src/main/core/runway/payables'
import type { PaidBill } from '../../../src/main/core/runway/books'
import { TODAY, bank, bill, books, day } from './fixtures'

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
    expect(model.bills.get('a')).toEqual({ day: 9, amountCents: 300_00 })
    expect(model.bills.get('b')).toEqual({ day: 30, amountCents: 200_00 })
    const sources = model.events.map((e) => e.source)
    expect(sources).toContainEqual(expect.objectContaining({ kind: 'bill', id: 'a', basis: 'habit' }))
    expect(sources).toContainEqual(expect.objectContaining({ kind: 'bill', id: 'b', basis: 'planned' }))
  })
})
