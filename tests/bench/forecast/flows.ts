// Where the engine's error comes from, flow by flow: for each forecast, what the engine expected to
// come in or go out over the first h weeks beside what the bank saw, in five groups a bookkeeper
// reads a cash forecast by. "Error if exact" is the engine's error with that one group replaced by
// what really happened: the error the group is worth. (`--flows`; it builds each forecast's model a
// second time, so it doubles the engine's share of the run.)

import { buildForecastModel, PAYROLL_RE, type ForecastEvent } from '../../../src/main/core/runway'
import { bankDayIndex } from '../../../src/main/core/runway/forecast'
import { bankArrival, depositCalendar } from '../../../src/main/core/runway/deposits'
import type { Oracle } from './oracle'
import { addDays, toDayNumber, type LocalDate } from '../../../src/shared/dates'
import { parseMoney } from '../../../src/shared/money'
import { booksAsOf, cashAccounts, type RealmIndex } from './as-of-books'

export const FLOW_GROUPS = ['collections', 'new sales', 'bills', 'payroll', 'other'] as const
export type FlowGroup = (typeof FLOW_GROUPS)[number]
export const FLOW_WEEKS = [4, 8] as const

export interface FlowScore {
  /** Means per forecast over the first h weeks, signed (money in positive), in weeks of outflow. */
  expected: number[]
  actual: number[]
  /** Mean |engine error| with this group's expected money replaced by the actual. */
  errorIfExact: number[]
}

export interface FlowBreakdown {
  groups: Record<FlowGroup, FlowScore>
  /** The engine's own error at FLOW_WEEKS, from the groups: it equals the backtest's, which is how
   *  the groups are known to hold every movement of the bank and every expected one. */
  error: number[]
  /** The engine's error with the open invoices' collections expected as the generator draws them
   *  (oracle.ts); absent for a company without the generator's customers. */
  errorWithOracle?: number[]
  /** The error left when, besides, every other group is exact: the open invoices' own draws, which
   *  no forecast made on the day can know. */
  errorOfDraws?: number[]
}

type Json = Record<string, unknown>
const money = (v: unknown): number => (typeof v === 'number' || typeof v === 'string' ? parseMoney(v) : 0)
const lines = (r: Json): Json[] => (Array.isArray(r.Line) ? (r.Line as Json[]) : [])
const links = (l: Json): Json[] => (Array.isArray(l.LinkedTxn) ? (l.LinkedTxn as Json[]) : [])
const ref = (v: unknown, key: 'value' | 'name'): string | null => {
  const x = (v as Json | undefined)?.[key]
  return typeof x === 'string' ? x : null
}

/** A movement of the bank: its day and the group it belongs to, which may depend on the forecast's
 *  day (an invoice open on that day is a collection, one issued later new sales). */
interface Movement {
  day: number
  cents: number
  group: (lastDay: number) => FlowGroup
}

function movements(index: RealmIndex): Movement[] {
  const banks = new Set(cashAccounts(index).map((a) => a.id))
  const invoiceSeen = new Map(index.invoices.map((i) => [i.id, i.seen]))
  const out: Movement[] = []
  // A customer's payment reaches the bank on its own date when paid straight in, else with the
  // deposit that takes it out of Undeposited Funds.
  for (const p of index.payments) {
    const into = index.receivedInto.get(p.id)
    const day = into && banks.has(into) ? toDayNumber(p.txnDate) : index.depositedOn.get(p.id)?.[0]
    if (day === undefined) continue
    let linked = 0
    for (const l of lines(p.rec))
      for (const link of links(l)) {
        if (link.TxnType !== 'Invoice') continue
        const cents = money(l.Amount)
        linked += cents
        const seen = invoiceSeen.get(link.TxnId as string) ?? Infinity
        out.push({
          day,
          cents,
          group: (last) => (p.seen <= last || seen <= last ? 'collections' : 'new sales')
        })
      }
    const rest = money(p.rec.TotalAmt) - linked
    if (rest !== 0) out.push({ day, cents: rest, group: () => 'collections' })
  }
  for (const d of index.deposits) {
    if (!banks.has(ref(d.rec.DepositToAccountRef, 'value') ?? '')) continue
    for (const l of lines(d.rec))
      if (links(l).length === 0)
        out.push({ day: toDayNumber(d.txnDate), cents: money(l.Amount), group: () => 'other' })
  }
  const payee = (r: Json, key: string): string => ref(r[key], 'name') ?? ''
  for (const bp of index.billPayments) {
    if (bp.rec.PayType === 'CreditCard') continue
    const group: FlowGroup = PAYROLL_RE.test(payee(bp.rec, 'VendorRef')) ? 'payroll' : 'bills'
    out.push({ day: toDayNumber(bp.txnDate), cents: -money(bp.rec.TotalAmt), group: () => group })
  }
  for (const p of index.purchases) {
    if (!banks.has(ref(p.rec.AccountRef, 'value') ?? '')) continue
    const group: FlowGroup = PAYROLL_RE.test(payee(p.rec, 'EntityRef')) ? 'payroll' : 'other'
    const sign = p.rec.Credit === true ? 1 : -1
    out.push({ day: toDayNumber(p.txnDate), cents: sign * money(p.rec.TotalAmt), group: () => group })
  }
  return out
}

function groupOf(e: ForecastEvent): FlowGroup {
  const s = e.source
  switch (s.kind) {
    case 'invoice':
    case 'undeposited':
      return 'collections'
    case 'run-rate':
      return s.side === 'sales' ? 'new sales' : 'bills'
    case 'bill':
      return 'bills'
    case 'recurring':
      return s.payroll ? 'payroll' : s.source === 'bill' ? 'bills' : 'other'
  }
}

export function flowBreakdown(
  index: RealmIndex,
  origins: readonly LocalDate[],
  weeklyOutflowCents: number,
  oracle: Oracle | null = null
): FlowBreakdown {
  const moves = movements(index)
  const total = [0, 0]
  const withOracle = [0, 0]
  const ofDraws = [0, 0]
  const sums = Object.fromEntries(
    FLOW_GROUPS.map((g) => [g, { expected: [0, 0], actual: [0, 0], errorIfExact: [0, 0] }])
  ) as Record<FlowGroup, FlowScore>
  for (const date of origins) {
    const lastDay = addDays(date, -1)
    const last = toDayNumber(lastDay)
    const books = booksAsOf(index, lastDay)
    const model = buildForecastModel(books, date)
    // The invoices the oracle knows, each with the forecast day its money reaches the bank on.
    const known = new Map<string, { day: number; cents: number }[]>()
    if (oracle) {
      const deposits = depositCalendar(books, date)
      for (const inv of books.openInvoices) {
        const parts = oracle(inv, date)
        if (parts === null) continue
        known.set(
          inv.id,
          parts.map((p) => ({
            day: bankArrival(deposits, toDayNumber(date), inv.customerId, bankDayIndex(model, p.date)),
            cents: p.cents
          }))
        )
      }
    }
    FLOW_WEEKS.forEach((h, i) => {
      const days = 7 * h
      const expected = Object.fromEntries(FLOW_GROUPS.map((g) => [g, 0])) as Record<FlowGroup, number>
      const actual = { ...expected }
      let eventsOut = 0
      let oracleShift = 0
      for (const e of model.events) {
        if (e.day >= days) continue
        expected[groupOf(e)] += e.inflowCents - e.outflowCents
        eventsOut += e.outflowCents
        if (e.source.kind === 'invoice' && known.has(e.source.id)) oracleShift -= e.inflowCents
      }
      for (const parts of known.values()) for (const p of parts) if (p.day < days) oracleShift += p.cents
      // What no event stands for: the unscheduled spending spread over the days.
      let out = 0
      for (let d = 0; d < days; d += 1) out += model.outflow[d]!
      expected.other -= out - eventsOut
      const first = toDayNumber(date)
      for (const m of moves) if (m.day >= first && m.day < first + days) actual[m.group(last)] += m.cents
      let error = 0
      for (const g of FLOW_GROUPS) error += expected[g] - actual[g]
      total[i]! += Math.abs(error)
      withOracle[i]! += Math.abs(error + oracleShift)
      ofDraws[i]! += Math.abs(expected.collections + oracleShift - actual.collections)
      for (const g of FLOW_GROUPS) {
        sums[g].expected[i]! += expected[g]
        sums[g].actual[i]! += actual[g]
        sums[g].errorIfExact[i]! += Math.abs(error - (expected[g] - actual[g]))
      }
    })
  }
  const scale = (x: number): number => x / origins.length / weeklyOutflowCents
  for (const g of FLOW_GROUPS)
    for (const k of ['expected', 'actual', 'errorIfExact'] as const) sums[g][k] = sums[g][k].map(scale)
  return {
    groups: sums,
    error: total.map(scale),
    ...(oracle ? { errorWithOracle: withOracle.map(scale), errorOfDraws: ofDraws.map(scale) } : {})
  }
}
