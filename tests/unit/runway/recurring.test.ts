import { describe, expect, it } from 'vitest'
import type { OpenBill, PaidBill } from '../../../src/main/core/runway/books'
import { buildForecastModel, weeksOf } from '../../../src/main/core/runway/forecast'
import { detectRecurring } from '../../../src/main/core/runway/recurring'
import { TODAY, bank, books, out } from './fixtures'

const landlord = { id: 'v-rent', name: 'Pearl District Properties', hasTerms: true, critical: false }

/** A rent bill dated `date`, due on receipt and paid that day. */
const paidRent = (date: string, cents = 980_000): PaidBill => ({
  id: `rent-${date}`,
  vendorId: landlord.id,
  txnDate: date,
  dueDate: date,
  paidDate: date,
  amountCents: cents
})

const openRent = (date: string, balance: number, cents = 980_000): OpenBill => ({
  id: `rent-${date}`,
  vendorId: landlord.id,
  vendorName: landlord.name,
  txnDate: date,
  dueDate: date,
  totalCents: cents,
  balanceCents: balance
})

describe('recurring outflows paid through bills', () => {
  // Rent billed on the 1st. March and April are paid; May's is half paid and June's is open.
  const rent = books({
    bankAccounts: [bank(10_000_000)],
    vendors: [landlord],
    paidBills: [paidRent('2024-02-01'), paidRent('2024-03-01'), paidRent('2024-04-01')],
    openBills: [openRent('2024-05-01', 490_000), openRent('2024-06-01', 980_000)],
    // the payments came late and in parts: no rhythm in them
    cashOut: [
      out('2024-02-20', 980_000, landlord.name, 'bill-payment', landlord.id),
      out('2024-03-29', 490_000, landlord.name, 'bill-payment', landlord.id),
      out('2024-04-24', 490_000, landlord.name, 'bill-payment', landlord.id),
      out('2024-05-17', 1_470_000, landlord.name, 'bill-payment', landlord.id)
    ]
  })

  it("finds the landlord's bills as a monthly series with the next date and amount", () => {
    const [series] = detectRecurring(rent, TODAY)
    expect(series).toMatchObject({
      key: `bill:id:${landlord.id}`,
      source: 'bill',
      payroll: false,
      payeeName: landlord.name,
      cadence: 'monthly',
      amountCents: 980_000,
      lastDate: '2024-06-01',
      nextDate: '2024-07-01',
      active: true,
      projected: true,
      decision: null
    })
  })

  it('projects the bills not yet entered, after the open ones the forecast already pays', () => {
    const model = buildForecastModel(rent, TODAY)
    const projected = model.events.filter((e) => e.source.kind === 'recurring').map((e) => e.date)
    // 1 September, the horizon's last day, is a Sunday: that rent clears on the Monday after it
    expect(projected).toEqual(['2024-07-01', '2024-08-01'])
    // the open bills are paid today (May's rest, June's) and nothing else is paid twice
    expect(weeksOf(model)[0]!.outflowCents).toBe(490_000 + 980_000)
    expect(model.unscheduledSpendCents).toBe(0)
  })

  it('takes a fixed amount as it now is: rent after its yearly raise', () => {
    const raised = (months: string[], raisedFrom: number) =>
      books({
        vendors: [landlord],
        paidBills: months.map((m, i) => paidRent(`2024-${m}-01`, i >= raisedFrom ? 1_019_200 : 980_000))
      })
    // raised in April and May: the new rent
    expect(detectRecurring(raised(['01', '02', '03', '04', '05'], 3), TODAY)[0]!.amountCents).toBe(1_019_200)
    // one different month alone does not move it yet (the median of the run)
    expect(detectRecurring(raised(['01', '02', '03', '04', '05'], 4), TODAY)[0]!.amountCents).toBe(980_000)
  })

  it("pays a projected bill on the vendor's usual terms", () => {
    const net15 = books({
      vendors: [landlord],
      paidBills: ['2024-03-05', '2024-04-05', '2024-05-05'].map((d) => ({
        ...paidRent(d),
        dueDate: `${d.slice(0, 8)}20`,
        paidDate: `${d.slice(0, 8)}20`
      }))
    })
    const [series] = detectRecurring(net15, TODAY)
    expect(series).toMatchObject({ cashAfterDays: 15, nextDate: '2024-06-20' })
  })

  it('pays a projected bill as late as the company has paid that vendor, whatever the terms say', () => {
    // due on receipt, paid 18, 22 and 20 days after each bill: the next one is paid 20 days after it
    const late = books({
      vendors: [landlord],
      paidBills: [
        ['2024-03-05', '2024-03-23'],
        ['2024-04-05', '2024-04-27'],
        ['2024-05-05', '2024-05-25']
      ].map(([d, paid]) => ({ ...paidRent(d!), paidDate: paid! }))
    })
    const [series] = detectRecurring(late, TODAY)
    expect(series).toMatchObject({ cashAfterDays: 20, nextDate: '2024-06-25' })
    const model = buildForecastModel(late, TODAY)
    const rent = model.events.filter((e) => e.source.kind === 'recurring')
    expect(rent.map((e) => e.date)).toContain('2024-06-25')
    expect(rent.map((e) => e.date)).not.toContain('2024-06-05')
  })

  it('lets a series go when no bill has come for longer than its cadence allows, unless confirmed', () => {
    const stopped = books({
      vendors: [landlord],
      paidBills: ['2024-02-01', '2024-03-01', '2024-04-01'].map((d) => paidRent(d))
    })
    // 63 days since the April bill (> 35)
    expect(detectRecurring(stopped, TODAY)[0]).toMatchObject({
      active: false,
      projected: false,
      nextDate: null
    })
    const confirmed = { ...stopped, recurringDecisions: { [`bill:id:${landlord.id}`]: 'confirmed' as const } }
    const [series] = detectRecurring(confirmed, TODAY)
    // May's bill did not come and is not invented; June's is two days late (not entered yet, within
    // the cadence's slack) and is paid today
    expect(series).toMatchObject({ active: true, projected: true, decision: 'confirmed', nextDate: TODAY })
    const model = buildForecastModel(confirmed, TODAY)
    expect(model.events.filter((e) => e.source.kind === 'recurring').map((e) => e.date)).toEqual([
      TODAY,
      '2024-07-01',
      '2024-08-01'
    ])
  })
})

describe('recurring outflows from the bank and the card', () => {
  const payroll = ['2024-04-12', '2024-04-26', '2024-05-10', '2024-05-24'].map((d) =>
    out(d, 2_000_000, 'Gusto Payroll', 'purchase', 'v-gusto')
  )
  const adobe = ['2024-03-03', '2024-04-03', '2024-05-03'].map((d) =>
    out(d, 45_000, 'Adobe', 'purchase', 'v-adobe')
  )

  it('finds payroll debits as a payroll series and card subscriptions as card series', () => {
    const found = detectRecurring(books({ cashOut: payroll, cardCharges: adobe }), TODAY)
    expect(found.map((s) => [s.key, s.source, s.payroll, s.cadence, s.nextDate])).toEqual([
      ['card:id:v-adobe', 'card', false, 'monthly', '2024-06-03'],
      ['expense:id:v-gusto', 'expense', true, 'biweekly', '2024-06-07']
    ])
  })

  it('leaves card charges to the card payment in the forecast', () => {
    const model = buildForecastModel(books({ cardCharges: adobe }), TODAY)
    expect(model.recurring[0]).toMatchObject({ source: 'card', active: true, projected: false })
    expect(model.events).toHaveLength(0)
  })

  it('a payroll service that invoices is a payroll series of bills', () => {
    const adp = { id: 'v-adp', name: 'ADP Payroll Services', hasTerms: true, critical: false }
    const bills = ['2024-04-19', '2024-05-03', '2024-05-17', '2024-05-31'].map((d): PaidBill => ({
      id: d,
      vendorId: adp.id,
      txnDate: d,
      dueDate: d,
      paidDate: d,
      amountCents: 1_800_000
    }))
    const [series] = detectRecurring(books({ vendors: [adp], paidBills: bills }), TODAY)
    expect(series).toMatchObject({
      source: 'bill',
      payroll: true,
      cadence: 'biweekly',
      nextDate: '2024-06-14'
    })
  })

  it('a dismissed series leaves the forecast, and its past payments are not spread instead', () => {
    const key = 'expense:id:v-gusto'
    const kept = buildForecastModel(books({ cashOut: payroll }), TODAY)
    const dismissed = buildForecastModel(
      books({ cashOut: payroll, recurringDecisions: { [key]: 'dismissed' } }),
      TODAY
    )
    expect(dismissed.recurring[0]).toMatchObject({ key, decision: 'dismissed', projected: false })
    expect(kept.events.filter((e) => e.source.kind === 'recurring')).toHaveLength(7)
    expect(dismissed.events).toHaveLength(0)
    expect(dismissed.unscheduledSpendCents).toBe(0)
    expect(weeksOf(dismissed).reduce((s, w) => s + w.outflowCents, 0)).toBe(0)
  })
})

describe('federal estimated tax', () => {
  // 15 January 2024 was a Monday; 15 June 2024 is a Saturday and 15 September a Sunday, so those
  // installments are paid on the Mondays after.
  const irs = (date: string, cents: number) => out(date, cents, 'Internal Revenue Service', 'purchase', 'irs')

  it('pays the next installment on its due date, as much as the last ones on average', () => {
    const b = books({ cashOut: [irs('2024-01-16', 900_000), irs('2024-04-15', 1_100_000)] })
    const [series] = detectRecurring(b, TODAY)
    expect(series).toMatchObject({
      key: 'expense:id:irs',
      cadence: 'quarterly',
      amountCents: 1_000_000,
      nextDate: '2024-06-17',
      projected: true
    })
    const model = buildForecastModel(b, TODAY)
    // the 17 June installment in week 3, the 16 September one past the horizon (1 September)
    expect(
      model.events.filter((e) => e.source.kind === 'recurring').map((e) => [e.date, e.outflowCents])
    ).toEqual([['2024-06-17', 1_000_000]])
    expect(weeksOf(model).map((w) => w.outflowCents)).toEqual([0, 0, 1_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    // and April's payment is not spread over the horizon as well
    expect(model.unscheduledSpendCents).toBe(0)
  })

  it('is not a series when a payment falls off the tax calendar, or the payee is not the IRS', () => {
    const offCalendar = books({ cashOut: [irs('2024-02-20', 900_000), irs('2024-04-15', 1_100_000)] })
    expect(detectRecurring(offCalendar, TODAY)).toEqual([])
    const twice = books({ cashOut: [irs('2024-04-15', 900_000), irs('2024-04-16', 1_100_000)] })
    expect(detectRecurring(twice, TODAY)).toEqual([])
    const other = books({
      cashOut: [out('2024-01-16', 900_000, 'Acme Supply'), out('2024-04-15', 900_000, 'Acme Supply')]
    })
    expect(detectRecurring(other, TODAY)).toEqual([])
    // without the rule the IRS's April payment is spread as unscheduled spending
    expect(buildForecastModel(offCalendar, TODAY).unscheduledSpendCents).toBe(1_100_000)
  })
})
