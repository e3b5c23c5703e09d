// What-if scenarios ("delay rent two weeks", "Acme pays by Friday", "a $20k tax payment on the
// 15th"), answered from the prepared forecast by deltas rather than by re-running it.
import type { Books, Cents } from './books'
import {
  prepareRunway,
  statusFor,
  type RunwayContext,
  type RunwayOptions,
  type RunwayStatus
} from './calculator'
import { isLocalDate, type LocalDate } from '../../../shared/dates'
import { addAmount, moveBill, moveInvoice, weeksOf, whatIf, type Delta, type ForecastWeek } from './forecast'

export type ScenarioChange =
  | { kind: 'delay-bill'; billId: string; to: LocalDate }
  | { kind: 'collect-invoice'; invoiceId: string; by: LocalDate }
  /** amountCents: positive = money in, negative = money out. */
  | { kind: 'one-off'; date: LocalDate; amountCents: Cents; label: string }

export interface ScenarioSide {
  forecast: ForecastWeek[]
  cashZeroDate: LocalDate | null
  belowMinCashDate: LocalDate | null
  /** The runway: days to cash zero; null when cash lasts the horizon. */
  runwayDays: number | null
  status: RunwayStatus
  endingCashCents: Cents
}

export interface ScenarioResult {
  base: ScenarioSide
  scenario: ScenarioSide
  delta: {
    /** scenario − base: 0 when both last the horizon, null when only one does. */
    runwayDays: number | null
    endingCashCents: Cents
    /** Per week, scenario − base ending cash. */
    weeklyEndingCashCents: { weekStart: LocalDate; deltaCents: Cents }[]
  }
  /** Changes that could not be applied (unknown or closed document, bad date), with why. */
  ignored: { change: ScenarioChange; reason: 'unknown-bill' | 'unknown-invoice' | 'invalid-date' }[]
}

export function evaluateScenario(
  books: Books,
  today: LocalDate,
  changes: readonly ScenarioChange[],
  opts: RunwayOptions = {}
): ScenarioResult {
  return evaluateScenarioIn(prepareRunway(books, today, opts), changes)
}

/** Same, on a prepared context: O(weeks + changes) per call. */
export function evaluateScenarioIn(ctx: RunwayContext, changes: readonly ScenarioChange[]): ScenarioResult {
  const { model } = ctx
  const ignored: ScenarioResult['ignored'] = []
  // A document moved twice in one scenario ends where the last change puts it.
  const billMoves = new Map<string, LocalDate>()
  const invoiceMoves = new Map<string, LocalDate>()
  const deltas: Delta[] = []
  for (const change of changes) {
    const date =
      change.kind === 'delay-bill' ? change.to : change.kind === 'collect-invoice' ? change.by : change.date
    if (!isLocalDate(date)) {
      ignored.push({ change, reason: 'invalid-date' })
      continue
    }
    if (change.kind === 'delay-bill') {
      if (model.bills.has(change.billId)) billMoves.set(change.billId, change.to)
      else ignored.push({ change, reason: 'unknown-bill' })
    } else if (change.kind === 'collect-invoice') {
      if (model.invoices.has(change.invoiceId) || model.outOfBase.has(change.invoiceId))
        invoiceMoves.set(change.invoiceId, change.by)
      else ignored.push({ change, reason: 'unknown-invoice' })
    } else deltas.push(...addAmount(model, change.date, change.amountCents))
  }
  for (const [billId, to] of billMoves) deltas.push(...moveBill(model, billId, to))
  for (const [invoiceId, by] of invoiceMoves) deltas.push(...moveInvoice(model, invoiceId, by))

  const base = side(ctx, [])
  const scenario = side(ctx, deltas)
  return {
    base,
    scenario,
    delta: {
      runwayDays:
        base.runwayDays === null && scenario.runwayDays === null
          ? 0
          : base.runwayDays === null || scenario.runwayDays === null
            ? null
            : scenario.runwayDays - base.runwayDays,
      endingCashCents: scenario.endingCashCents - base.endingCashCents,
      weeklyEndingCashCents: scenario.forecast.map((w, i) => ({
        weekStart: w.weekStart,
        deltaCents: w.endingCashCents - base.forecast[i]!.endingCashCents
      }))
    },
    ignored
  }
}

function side(ctx: RunwayContext, deltas: readonly Delta[]): ScenarioSide {
  const result = whatIf(ctx.model, deltas)
  return {
    forecast: weeksOf(ctx.model, deltas),
    cashZeroDate: result.cashZeroDate,
    belowMinCashDate: result.belowMinCashDate,
    runwayDays: result.cashZeroDay,
    status: statusFor(result.statusDays, ctx.bands),
    endingCashCents: result.endingCashCents
  }
}
