// The least error any forecast made on the day could have, on average: the generator itself is run
// on from each forecast's day into many futures (simulate.ts, `branch`), each drawn afresh from that
// day on, its open invoices' money too (given it has not come yet), and the forecast that makes the
// mean absolute error least is the median of those futures' closing balances. No rule reading the
// books can know more than the generator's own odds; this one knows more still (the documents the
// generator planned at the start of the month, the days its open bills will be paid), so its
// error is a floor under any rule's, not a level one could reach. (`--bound`)

import { generateCompanies } from '../../../packages/qbo-sandbox/src/demo/generate'
import { addDays, toDayNumber, type LocalDate } from '../../../src/shared/dates'
import { bankBalances, indexRealm, type RealmIndex } from './as-of-books'
import { HORIZON_DAYS, REPORTED_WEEKS } from './backtest'

/** Futures per forecast day: the median of 40 is within a few percent of the distribution's. */
export const BRANCHES = 40

export interface BoundScore {
  /** Mean |median of the futures − actual| closing balance at REPORTED_WEEKS, in weeks of outflow. */
  median: number[]
  /** The same for the futures' mean, the forecast an expected value gives. */
  mean: number[]
}

/** A company's real books and its average weekly bank outflow (what the errors are scaled by). */
export interface RealBooks {
  index: RealmIndex
  weeklyOutflowCents: number
}

export interface BoundInput {
  seed: number
  size: 'demo' | 'large'
  today: LocalDate
  now: string
  origins: readonly LocalDate[]
  /** The companies of that size by name, each with its real books and weekly outflow. */
  companies: ReadonlyMap<string, RealBooks>
  branches?: number
}

/** Balance changes from the evening before `date` to the end of each reported week. */
function changes(index: RealmIndex, date: LocalDate): number[] {
  const balances = bankBalances(index, addDays(date, -1), addDays(date, HORIZON_DAYS - 1))
  return REPORTED_WEEKS.map((h) => balances[7 * h]! - balances[0]!)
}

/** The days before `date` as the books say they went: a branch must leave them alone. */
function past(index: RealmIndex, date: LocalDate): number[] {
  const balances = bankBalances(index, addDays(date, -57), addDays(date, -1))
  return balances.map((b) => b - balances[0]!)
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

export function branchBounds(input: BoundInput): Map<string, BoundScore> {
  const branches = input.branches ?? BRANCHES
  const sums = new Map(
    [...input.companies.keys()].map((name) => [name, { median: [0, 0, 0, 0], mean: [0, 0, 0, 0] }])
  )
  for (const date of input.origins) {
    const futures = new Map([...input.companies.keys()].map((name) => [name, [] as number[][]]))
    const before = new Map([...input.companies].map(([name, real]) => [name, past(real.index, date)]))
    for (let k = 0; k < branches; k += 1) {
      const realms = generateCompanies({
        seed: input.seed,
        size: input.size,
        today: input.today,
        now: input.now,
        branch: { day: date, seed: toDayNumber(date) * 1_000 + k }
      })
      for (const realm of realms) {
        const real = input.companies.get(realm.companyName)
        if (!real) continue
        const index = indexRealm(realm)
        if (k === 0 && past(index, date).some((x, i) => x !== before.get(realm.companyName)![i]))
          throw new Error(`${realm.companyName}: a branch on ${date} changed the days before it`)
        futures.get(realm.companyName)!.push(changes(index, date))
      }
    }
    for (const [name, real] of input.companies) {
      const actual = changes(real.index, date)
      const runs = futures.get(name)!
      const sum = sums.get(name)!
      REPORTED_WEEKS.forEach((_, i) => {
        const at = runs.map((r) => r[i]!)
        sum.median[i]! += Math.abs(median(at) - actual[i]!)
        sum.mean[i]! += Math.abs(at.reduce((s, x) => s + x, 0) / at.length - actual[i]!)
      })
    }
  }
  const out = new Map<string, BoundScore>()
  for (const [name, sum] of sums) {
    const scale = (x: number): number =>
      x / input.origins.length / input.companies.get(name)!.weeklyOutflowCents
    out.set(name, { median: sum.median.map(scale), mean: sum.mean.map(scale) })
  }
  return out
}
