import { describe, expect, it } from 'vitest'
import { buildForecastModel, weeksOf } from '../../../src/main/core/runway/forecast'
import {
  COLLECTION_CURVE,
  collectionChance,
  collectionHistory,
  defaultChance,
  paymentSpread,
  planReceivables,
  smoothingDays
} from '../../../src/main/core/runway/receivables'
import { evaluateScenario } from '../../../src/main/core/runway/scenarios'
import type { PaidInvoice } from '../../../src/main/core/runway/books'
import { businessDayOnOrAfter, toDayNumber } from '../../../src/shared/dates'
import { TODAY, books, day, invoice } from './fixtures'

/** A paid invoice of `customerId`, due `dueIn` days from today and paid `late` days after that. */
const paid = (
  customerId: string,
  dueIn: number,
  late: number,
  id = `${customerId}${dueIn}${late}`
): PaidInvoice => ({
  id,
  customerId,
  txnDate: day(dueIn - 30),
  dueDate: day(dueIn),
  paidDate: day(dueIn + late),
  amountCents: 1
})

describe('the default collection curve', () => {
  it("is the survey's figures at its points and a straight line between them", () => {
    expect(defaultChance(-5)).toBe(1)
    expect(defaultChance(30)).toBeCloseTo(0.899, 10)
    expect(defaultChance(90)).toBeCloseTo(0.696, 10)
    // halfway from 30 days (89.9%) to 60 (81.3%)
    expect(defaultChance(45)).toBeCloseTo(0.856, 10)
    expect(defaultChance(5000)).toBe(COLLECTION_CURVE.at(-1)!.chance)
  })

  it('is what a company without any payment history gets', () => {
    const history = collectionHistory(books())
    for (const o of [1, 30, 75, 182, 400]) {
      expect(collectionChance(history, 'c', o).chance).toBeCloseTo(defaultChance(o), 6)
    }
    expect(collectionChance(history, 'c', 10).basis).toBe('survey')
    expect(collectionChance(history, 'c', 0)).toEqual({ chance: 1, basis: 'not-due' })
  })
})

describe("a customer's own history moves the curve", () => {
  // Slow pays 50–80 days late, Prompt pays within two days of the due date.
  const slow = [50, 55, 60, 65, 70, 75, 80].map((late, i) => paid('slow', -200 + i * 20, late))
  const prompt = [0, 1, 2, 0, 1, 2, 1].map((late, i) => paid('prompt', -200 + i * 20, late))
  const history = collectionHistory(books({ paidInvoices: [...slow, ...prompt] }))

  it('keeps a good chance for an invoice as late as the customer usually is', () => {
    const at60 = collectionChance(history, 'slow', 60)
    expect(at60.basis).toBe('customer')
    expect(at60.chance).toBeGreaterThan(0.85)
    expect(at60.chance).toBeGreaterThan(defaultChance(60))
  })

  it('reads how late a customer is from the invoices that reached their due date unpaid', () => {
    // Early pays most invoices a week before they are due and the rest within four days after.
    const early = [-7, -7, -7, -7, -7, -7, 2, 3, 4, 4].map((late, i) => paid('early', -200 + i * 15, late))
    const h = collectionHistory(books({ paidInvoices: [...early, ...prompt] }))
    // Three days late, two of its four late invoices were later still: half of them, not a fifth
    // of all its invoices, which took the chance to 0.80 though it has always paid.
    const at3 = collectionChance(h, 'early', 3)
    expect(at3.basis).toBe('customer')
    expect(at3.chance).toBeGreaterThan(0.85)
    // Past its latest, doubtful: its few late invoices say little of a long wait.
    expect(collectionChance(h, 'early', 20).chance).toBeLessThan(defaultChance(20) - 0.2)
  })

  it('loses it quickly for a customer who has never been this late', () => {
    const at30 = collectionChance(history, 'prompt', 30)
    expect(at30.chance).toBeLessThan(defaultChance(30))
    // and past the latest the slow customer ever paid, the chance falls below even
    expect(collectionChance(history, 'slow', 95).chance).toBeLessThan(0.5)
  })

  it("gives a customer without a record the company's habits", () => {
    const stranger = collectionChance(history, 'new', 60)
    expect(stranger.basis).toBe('company')
    expect(stranger.chance).toBeLessThan(collectionChance(history, 'slow', 60).chance)
    expect(stranger.chance).toBeGreaterThan(collectionChance(history, 'prompt', 60).chance)
  })
})

describe("a customer's own lateness sets where doubt begins", () => {
  // Settles in halves: half 20 days late, the rest 80 days late (the money came 50 days late on
  // average), four times; Prompt pays on time.
  const halves = (customerId: string, dueIn: number): PaidInvoice => ({
    ...paid(customerId, dueIn, 80),
    amountCents: 2,
    payments: [
      { date: day(dueIn + 20), cents: 1 },
      { date: day(dueIn + 80), cents: 1 }
    ]
  })
  const slow = [-400, -360, -320, -280].map((d) => halves('halves', d))
  const prompt = [0, 1, 2, 0, 1, 2, 1].map((late, i) => paid('prompt', -200 + i * 20, late))

  it('an invoice is doubtful once it has waited longer than the customer ever left one (partly) unpaid', () => {
    const history = collectionHistory(books({ paidInvoices: [...slow, ...prompt] }))
    // 60 days late is before the last half of every one of its paid invoices came
    expect(collectionChance(history, 'halves', 60).chance).toBeGreaterThan(0.85)
    expect(collectionChance(history, 'halves', 95).chance).toBeLessThan(0.5)
  })

  it("hands off past the customer's longest wait, not before it; an ordinary customer's at 90 days", () => {
    const settled = [95, 100, 92, 98].map((late, i) => paid('slowest', -400 + i * 40, late))
    const plan = planReceivables(
      books({
        paidInvoices: [...settled, ...prompt],
        openInvoices: [
          invoice('slow93', 100_000, day(-93), { customerId: 'slowest' }),
          invoice('slow130', 100_000, day(-130), { customerId: 'slowest' }),
          invoice('prompt93', 100_000, day(-93), { customerId: 'prompt' })
        ]
      }),
      TODAY
    )
    const status = (id: string): string | undefined => plan.find((r) => r.invoice.id === id)?.status
    expect(status('slow93')).toBe('base')
    expect(status('slow130')).toBe('upside')
    expect(status('prompt93')).toBe('upside')
  })
})

/** The middles of `points` equal slices of `lates` smoothed by boxes `width` days either side and
 *  cut at `after`, found on a grid of hundredths of a day: the spread's dates by brute force. */
function gridLatenesses(lates: readonly number[], after: number, width: number, points = 5): number[] {
  const step = 0.01
  const from = after
  const to = Math.max(...lates) + width + 1
  const mass: number[] = []
  for (let x = from + step / 2; x < to; x += step) {
    let m = 0
    for (const t of lates) if (x > t - width && x < t + width) m += 1 / (2 * width)
    mass.push(m * step)
  }
  const total = mass.reduce((a, b) => a + b, 0)
  const out: number[] = []
  let k = 0
  let cumulative = 0
  for (let i = 0; i < mass.length && k < points; i++) {
    cumulative += mass[i]!
    while (k < points && cumulative >= ((k + 0.5) / points) * total) {
      out.push(Math.max(after + 1, Math.round(from + (i + 1) * step)))
      k++
    }
  }
  return out
}

function daysLate(p: PaidInvoice): number {
  return toDayNumber(p.paidDate) - toDayNumber(p.dueDate!)
}

describe('smoothingDays', () => {
  it('smears a history by its own spread: wide for a customer who pays anytime, narrow for a regular one, none for one that never varies', () => {
    // 1, 12, 20, 31, 43, 50, 55: standard deviation 20.2 (under the quartiles' 38 / 1.34),
    // × 0.9 × 7^−1/5 = 12.35 for the normal kernel; × √3 for a box of that spread: 21.4
    expect(smoothingDays([1, 12, 20, 31, 43, 50, 55])).toBeCloseTo(21.4, 1)
    expect(smoothingDays([14, 15, 16, 17, 18, 20])).toBeLessThan(3.5)
    expect(smoothingDays([30, 30, 30, 30])).toBe(0)
    expect(smoothingDays([30])).toBe(0)
  })
})

describe('when an open invoice is expected', () => {
  it("re-dates an invoice past its customer's usual date to the middle of their later payments", () => {
    // paid 10, 20, 30 and 40 days late: 25 on average. Due 28 days ago, the usual date (day −3) has
    // passed; of the payments later than 28 days (30, 40) the middle is 35 → day 7.
    const history = [10, 20, 30, 40].map((late, i) => paid('c', -150 + i * 30, late))
    const b = books({
      openInvoices: [invoice('i', 100_000, day(-28), { customerId: 'c' })],
      paidInvoices: history
    })
    const [r] = planReceivables(b, TODAY)
    expect(r).toMatchObject({ date: day(7), dateBasis: 'later-than-usual', status: 'base' })
    // a week on, still unpaid: only the 40-day payment is later, too few of the customer's own, so
    // the company's (the same four) … still just one: as late again as it is (35 days) → day 35
    const [later] = planReceivables(b, day(7))
    expect(later).toMatchObject({ date: day(7 + 35), dateBasis: 'as-late-again' })
  })

  it("spreads an invoice's money over the days its customer's invoices were paid, moving on with its age", () => {
    // paid 1, 12, 20, 31, 43, 50 and 55 days late: a customer who pays "sometime in the next two months"
    const lates = [1, 12, 20, 31, 43, 50, 55]
    const history = lates.map((late, i) => paid('v', -200 + i * 7, late))
    const b = books({
      openInvoices: [invoice('i', 100_000, day(10), { customerId: 'v' })],
      paidInvoices: history
    })
    const [r] = planReceivables(b, TODAY)
    // five equally likely days from the seven latenesses smoothed (the middles of five equal slices
    // of what is left after today), as a fine grid finds them
    const width = smoothingDays(lates)
    expect(width).toBeCloseTo(21.4, 1)
    expect(r!.parts).toEqual(
      gridLatenesses(lates, -10, width).map((late) => ({ date: day(10 + late), cents: 20_000 }))
    )
    // the smoothing reaches past the latest payment, by its width at most
    expect(r!.parts.at(-1)!.date > day(10 + 55)).toBe(true)
    expect(r!.parts.at(-1)!.date <= day(10 + 55 + Math.ceil(width))).toBe(true)
    // the single date the screens show stays the customer's habit (their average, 30 days late)
    expect(r).toMatchObject({ date: day(40), dateBasis: 'habit', expectedCents: 100_000 })
    const model = buildForecastModel(b, TODAY)
    const events = model.events.filter((e) => e.source.kind === 'invoice')
    // the forecast counts each on the business day it clears: day 10 + 31 = 41 is a Saturday
    expect(events.map((e) => [e.day, e.inflowCents])).toEqual(
      r!.parts.map((p) => [businessDayOnOrAfter(toDayNumber(p.date)) - toDayNumber(TODAY), p.cents])
    )
    expect(events.every((e) => e.source.kind === 'invoice' && e.source.share === 0.2)).toBe(true)
    // 25 days past due, the earlier days have passed: the same history cut at 25 days late
    const [aged] = planReceivables(b, day(35))
    // (four paid later than that: four dates)
    expect(aged!.parts.map((p) => p.date)).toEqual(
      gridLatenesses(lates, 25, width, 4).map((l) => day(10 + l))
    )
    expect(aged!.parts.every((p) => p.date > day(35))).toBe(true)
    expect(aged!.parts.reduce((s, p) => s + p.cents, 0)).toBe(aged!.expectedCents)
    // "collect it by Friday" replaces all the parts with the whole invoice on that day
    const moved = evaluateScenario(b, TODAY, [{ kind: 'collect-invoice', invoiceId: 'i', by: day(4) }])
    const change = moved.scenario.forecast.map((w, k) => w.inflowCents - moved.base.forecast[k]!.inflowCents)
    // each week loses the parts it held
    const lost = new Array<number>(13).fill(0)
    for (const e of events) lost[Math.floor(e.day / 7)]! -= e.inflowCents
    lost[0]! += 100_000
    expect(change).toEqual(lost)
  })

  it("expects a regular payer later than it has ever been over its usual few days, not the slow payers' weeks", () => {
    // Regular pays 14–20 days late, the company's slow customer 60–90; Erratic 5–45.
    const regular = [14, 15, 16, 17, 18, 20].map((late, i) => paid('regular', -200 + i * 25, late))
    const slow = [60, 70, 80, 90].map((late, i) => paid('slow', -250 + i * 25, late))
    const erratic = [5, 15, 30, 45].map((late, i) => paid('erratic', -250 + i * 25, late))
    const b = books({
      openInvoices: [
        invoice('r', 90_000, day(-21), { customerId: 'regular' }),
        invoice('e', 90_000, day(-46), { customerId: 'erratic' })
      ],
      paidInvoices: [...regular, ...slow, ...erratic]
    })
    const plan = planReceivables(b, TODAY)
    const [r, e] = ['r', 'e'].map((id) => plan.find((x) => x.invoice.id === id))
    // 21 days late, past every one of its own: over the width of its middle half (15 to 18: 3 days)
    expect(r).toMatchObject({ date: day(2), dateBasis: 'past-latest', status: 'base' })
    expect(r!.parts.map((p) => p.date)).toEqual([day(1), day(2), day(3)])
    expect(r!.parts.reduce((s, p) => s + p.cents, 0)).toBe(r!.expectedCents)
    // Erratic's own latenesses spread over weeks: it keeps the company's paid invoices this late
    // (the four paid later than 46 days: the slow customer's 60–90 days, smoothed), weeks out
    expect(e).toMatchObject({ dateBasis: 'later-than-usual' })
    const company = [...regular, ...slow, ...erratic].map((p) => daysLate(p)).sort((x, y) => x - y)
    expect(e!.parts.map((p) => p.date)).toEqual(
      gridLatenesses(company, 46, smoothingDays(company), 4).map((late) => day(-46 + late))
    )
    expect(e!.parts.every((p) => p.date >= day(7))).toBe(true)
  })

  it('keeps a single date when no history reaches as far as the invoice already is', () => {
    const history = [10, 20].map((late, i) => paid('c', -100 + i * 30, late))
    const [r] = planReceivables(
      books({ openInvoices: [invoice('i', 1_000, day(-30), { customerId: 'c' })], paidInvoices: history }),
      TODAY
    )
    expect(paymentSpread(r!.invoice, collectionHistory(books({ paidInvoices: history })), TODAY)).toBeNull()
    expect(r!.parts).toEqual([{ date: r!.date, cents: r!.expectedCents }])
  })

  it('never piles invoices of different ages into one week', () => {
    const ages = [5, 20, 35, 50, 65, 80]
    const model = buildForecastModel(
      books({ openInvoices: ages.map((a) => invoice(`a${a}`, 10_000, day(-a))) }),
      TODAY
    )
    const weeks = new Set([...model.invoices.values()].map((f) => Math.floor(f.day / 7)))
    expect(weeks.size).toBe(ages.length)
  })

  it('weighs an overdue invoice by its chance, in whole cents', () => {
    const model = buildForecastModel(books({ openInvoices: [invoice('i', 100_001, day(-30))] }), TODAY)
    const flow = model.invoices.get('i')!
    expect(flow.collectibleCents).toBe(100_001)
    expect(flow.amountCents).toBe(Math.round(100_001 * 0.899))
    expect(weeksOf(model).reduce((s, w) => s + w.inflowCents, 0)).toBe(flow.amountCents)
  })
})

describe('past realistic collection', () => {
  it('leaves a 120-day-old invoice out of the base forecast and counts it as upside', () => {
    const b = books({
      openInvoices: [
        invoice('old', 500_000, day(-90), { txnDate: day(-120) }),
        invoice('fresh', 200_000, day(10), { txnDate: day(-20) })
      ]
    })
    const plan = planReceivables(b, TODAY)
    expect(plan.find((r) => r.invoice.id === 'old')).toMatchObject({ status: 'upside', expectedCents: 0 })
    const model = buildForecastModel(b, TODAY)
    expect(model.invoices.has('old')).toBe(false)
    expect(model.outOfBase.get('old')).toBe(500_000)
    expect(weeksOf(model).reduce((s, w) => s + w.inflowCents, 0)).toBe(200_000)
    // "what if it is collected after all" still works from the scenario
    const scenario = evaluateScenario(b, TODAY, [{ kind: 'collect-invoice', invoiceId: 'old', by: day(20) }])
    expect(scenario.ignored).toEqual([])
    expect(scenario.delta.endingCashCents).toBe(500_000)
  })

  it('also leaves out a younger invoice whose chance has fallen below even', () => {
    // a customer who always paid on the day: at 85 days past due nobody in this company has waited so long
    const history = [0, 0, 0, 0, 0, 0, 0, 0].map((late, i) => paid('c', -170 + i * 10, late))
    const [r] = planReceivables(
      books({ openInvoices: [invoice('i', 1_000, day(-85), { customerId: 'c' })], paidInvoices: history }),
      TODAY
    )
    expect(r!.chance).toBeLessThan(0.5)
    expect(r!.status).toBe('upside')
  })
})

describe("the bookkeeper's word", () => {
  const open = [
    invoice('a', 100_000, day(-100), { customerId: 'acme' }),
    invoice('b', 50_000, day(5), { customerId: 'acme' }),
    invoice('c', 70_000, day(12), { customerId: 'zeta' })
  ]

  it('"expect on DATE" puts the whole invoice on that date, even one past collection', () => {
    const model = buildForecastModel(
      books({ openInvoices: open, expectations: { invoices: { a: { expectOn: day(16) } }, customers: {} } }),
      TODAY
    )
    expect(model.invoices.get('a')).toEqual({
      day: 16,
      amountCents: 100_000,
      collectibleCents: 100_000,
      parts: [{ day: 16, amountCents: 100_000 }]
    })
    expect(model.outOfBase.has('a')).toBe(false)
  })

  it('"won\'t collect" on a customer takes all its invoices out; an invoice\'s own word outranks it', () => {
    const model = buildForecastModel(
      books({
        openInvoices: open,
        expectations: { invoices: { b: { expectOn: day(3) } }, customers: { acme: { wontCollect: true } } }
      }),
      TODAY
    )
    expect(model.invoices.has('a')).toBe(false)
    expect(model.receivables.find((r) => r.invoice.id === 'a')).toMatchObject({
      status: 'wont-collect',
      override: { scope: 'customer' }
    })
    expect(model.invoices.get('b')!.day).toBe(3)
    // day 12 is a Saturday: the money clears on the Monday
    expect(model.invoices.get('c')!.day).toBe(14)
  })

  it('an "expect on" date that has passed gives the invoice back to its history', () => {
    const [r] = planReceivables(
      books({
        openInvoices: [invoice('b', 50_000, day(5))],
        expectations: { invoices: { b: { expectOn: day(-1) } }, customers: {} }
      }),
      TODAY
    )
    expect(r).toMatchObject({ date: day(5), dateBasis: 'habit', override: { lapsed: true } })
  })
})

describe('a history of invoices paid in parts', () => {
  it('is dated by when the money came: a quarter 10 days late and the rest 50 days late is 40', () => {
    const inParts: PaidInvoice = {
      ...paid('c1', -100, 50),
      amountCents: 400_00,
      payments: [
        { date: day(-90), cents: 100_00 },
        { date: day(-50), cents: 300_00 }
      ]
    }
    const history = collectionHistory(books({ paidInvoices: [inParts, paid('c1', -80, 20)] }))
    expect(history.byCustomer.get('c1')).toEqual([20, 40])
  })
})
