import { describe, expect, it } from 'vitest'
import type { CashIn } from '../../../src/main/core/runway/books'
import { bankArrival, depositCalendar } from '../../../src/main/core/runway/deposits'
import { buildForecastModel } from '../../../src/main/core/runway/forecast'
import { toDayNumber, weekdayOf } from '../../../src/shared/dates'
import { TODAY, books, day, invoice } from './fixtures'

// TODAY is a Monday: day 3 is a Thursday, day 1 a Tuesday.
const thursdays = (weeks: number): CashIn[] =>
  Array.from({ length: weeks }, (_, k) => ({
    date: day(3 - 7 * (k + 1)),
    payerId: null,
    payerName: '',
    amountCents: 1_000_00,
    kind: 'deposit' as const
  }))

/** A customer's payment straight into the bank. */
const wired = (date: string, amountCents: number): CashIn => ({
  date,
  payerId: 'wire',
  payerName: 'Wire Co',
  amountCents,
  kind: 'payment'
})

describe('depositCalendar', () => {
  it('takes the weekdays the company deposits on in a third of the last thirteen weeks, not the odd trip', () => {
    expect(weekdayOf(day(3))).toBe(4)
    const odd: CashIn = { date: day(-6), payerId: null, payerName: '', amountCents: 50_00, kind: 'deposit' }
    const direct = wired(day(-9), 9_00)
    const calendar = depositCalendar(books({ cashIn: [...thursdays(5), odd, direct] }), TODAY)
    expect([...calendar.weekdays]).toEqual([4])
    expect([...calendar.direct]).toEqual(['wire'])
    // four Thursdays of thirteen weeks are under a third: not yet a habit
    expect(depositCalendar(books({ cashIn: thursdays(4) }), TODAY).weekdays.size).toBe(0)
  })

  it('moves money to the next deposit day, except a direct payer and a company without deposit days', () => {
    const calendar = depositCalendar(books({ cashIn: thursdays(13) }), TODAY)
    const todayN = toDayNumber(TODAY)
    expect(bankArrival(calendar, todayN, 'someone', 1)).toBe(3)
    expect(bankArrival(calendar, todayN, 'someone', 3)).toBe(3)
    expect(bankArrival(calendar, todayN, 'someone', 4)).toBe(10)
    expect(bankArrival({ ...calendar, direct: new Set(['someone']) }, todayN, 'someone', 1)).toBe(1)
    expect(bankArrival(depositCalendar(books(), TODAY), todayN, 'someone', 1)).toBe(1)
  })
})

describe('the forecast with deposit days', () => {
  const due = day(1 - 31)
  const open = [
    invoice('checks', 300_00, due, { customerId: 'mailer', txnDate: day(-59) }),
    invoice('wired', 500_00, due, { customerId: 'wire', txnDate: day(-59) }),
    invoice('said', 700_00, due, { customerId: 'mailer', txnDate: day(-59) })
  ]
  const paidOnTime = (customerId: string, k: number) => ({
    id: `${customerId}-${k}`,
    customerId,
    txnDate: day(-120 - 10 * k),
    dueDate: day(-90 - 10 * k),
    paidDate: day(-90 - 10 * k + 31),
    amountCents: 100_00
  })
  const direct = wired(day(-20), 100_00)

  it("counts a check on the company's deposit day, a transfer on its day, the user's date as said", () => {
    const b = books({
      openInvoices: open,
      // both customers pay 31 days after the due date, every time: tomorrow (a Tuesday)
      paidInvoices: [0, 1, 2, 3, 4].flatMap((k) => [paidOnTime('mailer', k), paidOnTime('wire', k)]),
      cashIn: [...thursdays(13), direct],
      undepositedFunds: [{ id: 'u', amountCents: 200_00, date: day(-2) }],
      expectations: { invoices: { said: { expectOn: day(1) } }, customers: {} }
    })
    const model = buildForecastModel(b, TODAY)
    const dayOf = (id: string): number[] =>
      model.events.filter((e) => 'id' in e.source && e.source.id === id).map((e) => e.day)
    // the mailed check reaches the bank with Thursday's deposit, the transfer the day it is made
    expect(dayOf('checks')).toEqual([3])
    expect(dayOf('wired')).toEqual([1])
    expect(model.invoices.get('checks')!.day).toBe(3)
    // and says so, for the weekly table's note
    const deposited = (id: string): boolean[] =>
      model.events.flatMap((e) =>
        e.source.kind === 'invoice' && e.source.id === id ? [e.source.deposited] : []
      )
    expect([deposited('checks'), deposited('wired'), deposited('said')]).toEqual([[true], [false], [false]])
    // "expect on Tuesday" is the bookkeeper's word on when the money comes
    expect(dayOf('said')).toEqual([1])
    // checks already received are the company's to take to the bank today
    expect(dayOf('u')).toEqual([0])
    const expected = (id: string): number => model.invoices.get(id)!.amountCents
    expect(model.inflow.slice(0, 4)).toEqual([
      200_00,
      expected('wired') + expected('said'),
      0,
      expected('checks')
    ])

    // Without deposit days (every payment straight into the bank) each comes on its own day.
    const plain = buildForecastModel({ ...b, cashIn: [direct] }, TODAY)
    expect(plain.inflow.slice(0, 4)).toEqual([
      200_00,
      expected('checks') + expected('wired') + expected('said'),
      0,
      0
    ])
  })
})
