import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  proposePlan,
  withPaymentMoved,
  type PlanBill,
  type PlanInput
} from '../../../src/main/core/runway/plan'

const H = 8

/** Cash per day under an assignment of bills to days (null: beyond the horizon). */
function cashUnder(input: PlanInput, days: (number | null)[]): number[] {
  const cash = [...input.baseline]
  input.bills.forEach((bill, i) => {
    const day = days[i]
    if (day === null || day === undefined) return
    for (let d = day; d < cash.length; d++) cash[d]! -= bill.amountCents
  })
  return cash
}

const worstShortfall = (cash: number[], min: number): number => Math.max(0, ...cash.map((c) => min - c))

/** Every day a bill may go on: a critical one by its due date at the latest, any other anywhere or beyond. */
function choices(bill: PlanBill, horizon: number): (number | null)[] {
  const last = Math.min(bill.preferredDay, horizon - 1)
  if (bill.tier === 'critical' && bill.preferredDay < horizon)
    return Array.from({ length: last + 1 }, (_, d) => d)
  return [...Array.from({ length: horizon }, (_, d) => d), null]
}

function* assignments(input: PlanInput, i = 0, acc: (number | null)[] = []): Generator<(number | null)[]> {
  if (i === input.bills.length) {
    yield acc
    return
  }
  for (const day of choices(input.bills[i]!, input.baseline.length))
    yield* assignments(input, i + 1, [...acc, day])
}

const smallCase = fc
  .record({
    start: fc.integer({ min: -2_000, max: 20_000 }),
    steps: fc.array(fc.integer({ min: -6_000, max: 8_000 }), { minLength: H - 1, maxLength: H - 1 }),
    min: fc.integer({ min: 0, max: 5_000 }),
    bills: fc.array(
      fc.record({
        amountCents: fc.integer({ min: 100, max: 9_000 }),
        preferredDay: fc.integer({ min: 0, max: H + 1 }),
        tier: fc.constantFrom<PlanBill['tier']>('critical', 'costly', 'normal')
      }),
      { minLength: 1, maxLength: 4 }
    )
  })
  .map(({ start, steps, min, bills }): PlanInput => {
    const baseline = [start]
    for (const s of steps) baseline.push(baseline[baseline.length - 1]! + s)
    return { baseline, minCashCents: min, bills: bills.map((b, i) => ({ ...b, id: `b${i}` })) }
  })

describe('payment plan', () => {
  it('keeps cash above the minimum whenever any plan can, and otherwise misses by no more than the best plan (exhaustive search)', () => {
    fc.assert(
      fc.property(smallCase, (input) => {
        let best = Infinity
        for (const days of assignments(input))
          best = Math.min(best, worstShortfall(cashUnder(input, days), input.minCashCents))
        const plan = proposePlan(input)
        const missing = worstShortfall(plan.cash, input.minCashCents)
        expect(missing).toBe(best)
        expect(plan.shortfall?.amountCents ?? 0).toBe(best)
        // The plan's own cash is what its days make.
        expect(plan.cash).toEqual(
          cashUnder(
            input,
            plan.bills.map((b) => b.day)
          )
        )
      }),
      { numRuns: 400 }
    )
  })

  it('pays a critical bill when due, and no other bill ever takes the cash it needs', () => {
    fc.assert(
      fc.property(smallCase, (input) => {
        const plan = proposePlan(input)
        input.bills.forEach((bill, i) => {
          const day = plan.bills[i]!.day
          if (bill.tier === 'critical') {
            expect(day).toBe(bill.preferredDay < H ? bill.preferredDay : null)
            return
          }
          if (day === null) return
          // Moving this bill beyond the horizon would lift no day that is now below the minimum:
          // it sits only where it fits, so it cannot have pushed a critical payment under water.
          const without = cashUnder(
            input,
            plan.bills.map((b, j) => (j === i ? null : b.day))
          )
          for (let d = day; d < H; d++) {
            if (plan.cash[d]! < input.minCashCents) expect(without[d]! < input.minCashCents).toBe(true)
          }
          // And it never pays before it is due.
          expect(day).toBeGreaterThanOrEqual(Math.min(bill.preferredDay, H))
        })
      }),
      { numRuns: 400 }
    )
  })

  it('is the same plan for the same books, whatever order the bills come in', () => {
    fc.assert(
      fc.property(smallCase, fc.integer(), (input, seed) => {
        const shuffled = [...input.bills].sort(
          (a, b) => ((a.id.charCodeAt(1) * seed) % 7) - ((b.id.charCodeAt(1) * seed) % 7)
        )
        const a = proposePlan(input)
        const b = proposePlan({ ...input, bills: shuffled })
        const byId = (p: typeof a): Record<string, number | null> =>
          Object.fromEntries(p.bills.map((x) => [x.billId, x.day]))
        expect(byId(b)).toEqual(byId(a))
      }),
      { numRuns: 200 }
    )
  })

  it('says why: the receipt a bill waits for, and how much is missing from when', () => {
    // 1,000 in the bank, a 3,000 bill due today, Willamette's 5,000 arrives on day 3; payroll of 4,000
    // due on day 1 is critical and cannot be covered.
    const plan = proposePlan({
      baseline: [1_000, 1_000, 1_000, 6_000, 6_000],
      minCashCents: 0,
      bills: [
        { id: 'supplies', amountCents: 3_000, preferredDay: 0, tier: 'normal' },
        { id: 'payroll', amountCents: 4_000, preferredDay: 1, tier: 'critical', why: 'payroll' }
      ],
      inflows: [{ day: 3, amountCents: 5_000, label: 'Willamette Wedding Co.' }]
    })
    expect(plan.bills).toEqual([
      { billId: 'supplies', day: null, reason: 'waits: cash does not allow it within the forecast' },
      { billId: 'payroll', day: 1, reason: 'payroll: pays when due' }
    ])
    expect(plan.shortfall).toEqual({ amountCents: 3_000, fromDay: 1 })

    const later = proposePlan({
      baseline: [1_000, 1_000, 1_000, 6_000, 6_000],
      minCashCents: 0,
      bills: [{ id: 'supplies', amountCents: 3_000, preferredDay: 0, tier: 'normal' }],
      inflows: [{ day: 3, amountCents: 5_000, label: 'Willamette Wedding Co.' }]
    })
    expect(later.bills[0]).toEqual({
      billId: 'supplies',
      day: 3,
      reason: "waits for Willamette Wedding Co.'s expected $50"
    })
    expect(later.shortfall).toBeNull()
  })
})

describe('pay days', () => {
  it('pays only on days money can leave the bank: a weekend due date waits for the Monday', () => {
    // Days 5 and 6 are a weekend; a critical bill due on day 5 and a normal one that cannot fit
    // before day 6 both go on day 7, where the forecast, applied, would take them.
    const payDays = Array.from({ length: 10 }, (_, d) => d !== 5 && d !== 6)
    const baseline = [1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 3_000, 3_000, 3_000, 3_000]
    const plan = proposePlan({
      baseline,
      payDays,
      minCashCents: 0,
      bills: [
        { id: 'rent', amountCents: 500, preferredDay: 5, tier: 'critical' },
        { id: 'supplies', amountCents: 2_000, preferredDay: 4, tier: 'normal' }
      ]
    })
    expect(plan.bills.map((b) => [b.billId, b.day])).toEqual([
      ['rent', 7],
      ['supplies', 7]
    ])
    expect(plan.cash).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 3_000, 500, 500, 500])
  })
})

describe("a row's impact on the plan", () => {
  it('is the plan re-walked with one payment moved: earlier, later or past the horizon', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 4_000 }),
        fc.option(fc.integer({ min: 0, max: 14 })),
        fc.option(fc.integer({ min: 0, max: 14 })),
        (cash, amount, from, to) => {
          // The slow way: take the payment out where it was, put it back where it goes.
          const moved = cash.map((c, d) => {
            const paidBefore = from !== null && d >= from ? amount : 0
            const paidAfter = to !== null && d >= to ? amount : 0
            return c + paidBefore - paidAfter
          })
          const zero = moved.findIndex((c) => c < 0)
          expect(withPaymentMoved(cash, amount, from, to)).toEqual({
            lowestCents: Math.min(...moved),
            zeroDay: zero < 0 ? null : zero
          })
        }
      )
    )
  })
})
