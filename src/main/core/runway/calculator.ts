// The headline figures for one company: cash, what is owed both ways, burn, the simple runway the
// predecessor showed, and the forecast's cash-zero date that we lead with.
import { billDueDate, invoiceDueDate, sumCents, type Books, type Cents } from './books'
import { addDays, daysBetween, type LocalDate } from '../../../shared/dates'
import {
  buildForecastModel,
  weeksOf,
  whatIf,
  type ForecastModel,
  type ForecastOptions,
  type ForecastWeek
} from './forecast'
import { daysOfBurn, inWindow, type BurnWindow } from './history'
import type { Cadence } from './recurring'

export type RunwayStatus = 'critical' | 'warning' | 'healthy' | 'excellent'

// The predecessor's bands (7 / 30 / 90) called a company two weeks from running dry a "warning".
// Arranging cash takes weeks: a line-of-credit draw, a collections push or a talk with vendors
// needs two to three, so under three weeks is critical. Under two months is worth watching every
// week; under four months is healthy; beyond that nothing in sight needs the bookkeeper.
export const STATUS_BANDS: readonly { below: number; status: RunwayStatus }[] = [
  { below: 21, status: 'critical' },
  { below: 60, status: 'warning' },
  { below: 120, status: 'healthy' }
]

/** Runway days → band; null (nothing burns, cash never runs out) is excellent. */
export function statusFor(days: number | null): RunwayStatus {
  if (days === null) return 'excellent'
  return STATUS_BANDS.find((b) => days < b.below)?.status ?? 'excellent'
}

export interface Aging {
  current: Cents
  d1_30: Cents
  d31_60: Cents
  d61_90: Cents
  d90plus: Cents
}

export interface RunwayKpis {
  /** AR ÷ invoiced in the burn window × window days; null when nothing was invoiced. */
  dsoDays: number | null
  /** AP ÷ billed in the burn window × window days; null when nothing was billed. */
  dpoDays: number | null
  arAging: Aging
  apAging: Aging
  /** Gross cash out per 30 days over the burn window. */
  burnCents: Cents
  /** Cash out minus cash in per 30 days (negative = cash grows). */
  netBurnCents: Cents
}

export interface RunwayResult {
  asOf: LocalDate
  homeCurrency: string
  /** Sum of bank balances. */
  cashCents: Cents
  /** Cash earmarked by reserves still in force. */
  reservedCents: Cents
  /** cash − reserved: what the runway may spend. */
  availableCashCents: Cents
  /** Undeposited funds young enough to be counted as cash on its way to the bank. */
  undepositedCents: Cents
  creditCardDebtCents: Cents
  /** Open invoice balances less unapplied customer payments (what QBO's A/R account shows). */
  arCents: Cents
  unappliedPaymentsCents: Cents
  apCents: Cents
  overdueArCents: Cents
  overdueApCents: Cents
  /** Trailing gross burn per day, rounded for display; calculations keep the exact ratio. */
  dailyBurnCents: Cents
  /** available cash + undeposited + AR − AP − card debt. */
  netPositionCents: Cents
  /** Simple runway: net position ÷ daily burn, whole days, 0 when the net position is not positive;
   *  null = nothing burns (no runway limit to speak of). */
  runwayDays: number | null
  /** Days until the forecast's cash-zero date, or beyond the horizon extrapolated (see forecast). */
  forecastRunwayDays: number | null
  /** The smaller of the simple runway and the days to cash zero: what `status` is banded on. */
  effectiveRunwayDays: number | null
  status: RunwayStatus
  cashZeroDate: LocalDate | null
  belowMinCashDate: LocalDate | null
  startingCashCents: Cents
  forecast: ForecastWeek[]
  recurring: {
    payeeName: string
    cadence: Cadence
    amountCents: Cents
    lastDate: LocalDate
    active: boolean
  }[]
  /** Trailing spending the forecast spreads evenly (not bills, not recurring), over the window. */
  unscheduledSpendCents: Cents
  kpis: RunwayKpis
}

export interface RunwayContext {
  books: Books
  today: LocalDate
  model: ForecastModel
  runway: RunwayResult
}

/**
 * Builds the forecast model once and derives the headline from it; rules and scenarios take the
 * context so the model is not rebuilt per question.
 */
export function prepareRunway(books: Books, today: LocalDate, opts: ForecastOptions = {}): RunwayContext {
  const model = buildForecastModel(books, today, opts)
  return { books, today, model, runway: runwayFromModel(books, today, model) }
}

export function computeRunway(books: Books, today: LocalDate, opts: ForecastOptions = {}): RunwayResult {
  return prepareRunway(books, today, opts).runway
}

function runwayFromModel(books: Books, today: LocalDate, model: ForecastModel): RunwayResult {
  const window = model.burnWindow
  const cashCents = model.bankCents
  const creditCardDebtCents = sumCents(books.creditCards, (c) => c.balanceCents)
  const openInvoices = books.openInvoices.filter((i) => i.balanceCents > 0)
  const openBills = books.openBills.filter((b) => b.balanceCents > 0)
  const invoiceTotal = sumCents(openInvoices, (i) => i.balanceCents)
  // Unapplied payments beyond what the customer's open invoices can absorb are prepayments; they
  // still sit in QBO's A/R as a credit, so AR is reduced by all of it.
  const unappliedPaymentsCents = sumCents(books.unappliedPayments, (u) => Math.max(0, u.amountCents))
  const arCents = invoiceTotal - unappliedPaymentsCents
  const apCents = sumCents(openBills, (b) => b.balanceCents)
  const overdueArCents = sumCents(
    openInvoices.filter((i) => invoiceDueDate(i) < today),
    (i) => i.balanceCents
  )
  const overdueApCents = sumCents(
    openBills.filter((b) => billDueDate(b) < today),
    (b) => b.balanceCents
  )
  const undepositedCents = model.events
    .filter((e) => e.source.kind === 'undeposited')
    .reduce((s, e) => s + e.inflowCents, 0)
  const availableCashCents = cashCents - model.reservedCents

  // Card debt is subtracted like AP: it falls due within a statement cycle, and leaving it out made
  // card-paying agencies look richer than their bank balance can bear.
  //
  // The simple runway keeps the predecessor's shape on purpose: AP is netted off AND the trailing
  // burn (which includes bill payments) keeps running. In cash terms that counts today's open
  // bills twice for their first few weeks — (cash + AR − AP) / burn is the cash-basis runway minus
  // roughly DPO days — which makes it the conservative "if sales stopped and every open bill were
  // settled" figure. The forecast is where timing is modelled without that overlap (see
  // forecast.unscheduledSpend), and the status takes whichever of the two runs out first.
  const netPositionCents = availableCashCents + undepositedCents + arCents - apCents - creditCardDebtCents
  const simple = daysOfBurn(netPositionCents, model.burn)
  const runwayDays = simple === null ? null : Math.max(0, simple)

  const base = whatIf(model)
  // Status follows whichever runs out first. The simple figure ignores timing (a large invoice due
  // in four months props it up while payroll empties the bank next week); the forecast ignores the
  // obligations beyond its horizon. The bookkeeper must act on the nearer danger.
  const candidates = [runwayDays, base.cashZeroDay].filter((d): d is number => d !== null)
  const effectiveRunwayDays = candidates.length > 0 ? Math.min(...candidates) : null

  return {
    asOf: today,
    homeCurrency: books.homeCurrency,
    cashCents,
    reservedCents: model.reservedCents,
    availableCashCents,
    undepositedCents,
    creditCardDebtCents,
    arCents,
    unappliedPaymentsCents,
    apCents,
    overdueArCents,
    overdueApCents,
    dailyBurnCents: Math.round(window.cashOutCents / window.days),
    netPositionCents,
    runwayDays,
    forecastRunwayDays: base.runwayDays,
    effectiveRunwayDays,
    status: statusFor(effectiveRunwayDays),
    cashZeroDate: base.cashZeroDate,
    belowMinCashDate: base.belowMinCashDate,
    startingCashCents: model.startingCashCents,
    forecast: weeksOf(model),
    recurring: model.recurring.map((s) => ({
      payeeName: s.payeeName,
      cadence: s.cadence,
      amountCents: s.amountCents,
      lastDate: s.lastDate,
      active: s.active
    })),
    unscheduledSpendCents: model.unscheduledSpendCents,
    kpis: kpis(books, today, window, arCents, apCents)
  }
}

/** Whole days past due → aging bucket (QBO's A/R and A/P aging use the same cut-offs). */
export function agingBucket(daysPastDue: number): keyof Aging {
  if (daysPastDue <= 0) return 'current'
  if (daysPastDue <= 30) return 'd1_30'
  if (daysPastDue <= 60) return 'd31_60'
  if (daysPastDue <= 90) return 'd61_90'
  return 'd90plus'
}

export function emptyAging(): Aging {
  return { current: 0, d1_30: 0, d31_60: 0, d61_90: 0, d90plus: 0 }
}

export function agingOf<T>(
  items: readonly T[],
  today: LocalDate,
  due: (item: T) => LocalDate,
  amount: (item: T) => Cents
): Aging {
  const aging = emptyAging()
  for (const item of items) aging[agingBucket(daysBetween(due(item), today))] += amount(item)
  return aging
}

function kpis(
  books: Books,
  today: LocalDate,
  window: BurnWindow,
  arCents: Cents,
  apCents: Cents
): RunwayKpis {
  // DSO/DPO the standard way (balance ÷ sales or purchases of the period × its days), over the burn
  // window so every KPI here speaks of the same 90 days. Open and paid documents are both counted so
  // that fast payers do not vanish from the denominator.
  const invoiced =
    sumCents(
      books.openInvoices.filter((i) => inWindow(i.txnDate, window)),
      (i) => i.totalCents
    ) +
    sumCents(
      books.paidInvoices.filter((i) => inWindow(i.txnDate, window)),
      (i) => i.amountCents
    )
  const billed =
    sumCents(
      books.openBills.filter((b) => inWindow(b.txnDate, window)),
      (b) => b.totalCents
    ) +
    sumCents(
      books.paidBills.filter((b) => inWindow(b.txnDate, window)),
      (b) => b.amountCents
    )
  const openInvoices = books.openInvoices.filter((i) => i.balanceCents > 0)
  const openBills = books.openBills.filter((b) => b.balanceCents > 0)
  return {
    dsoDays: invoiced > 0 ? Math.round((Math.max(0, arCents) * window.days) / invoiced) : null,
    dpoDays: billed > 0 ? Math.round((apCents * window.days) / billed) : null,
    arAging: agingOf(openInvoices, today, invoiceDueDate, (i) => i.balanceCents),
    apAging: agingOf(openBills, today, billDueDate, (b) => b.balanceCents),
    burnCents: Math.round((window.cashOutCents * 30) / window.days),
    netBurnCents: Math.round(((window.cashOutCents - window.cashInCents) * 30) / window.days)
  }
}

/** The date `days` of runway from today reaches, for "runs out on" labels. */
export function runwayEndDate(today: LocalDate, days: number | null): LocalDate | null {
  return days === null ? null : addDays(today, days)
}
