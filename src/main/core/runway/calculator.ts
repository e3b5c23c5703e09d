// The headline figures for one company: cash, what is owed both ways, burn, and the one runway —
// the days until the forecast's cash-zero date — with the status banded on it.
import { billDueDate, invoiceDueDate, sumCents, type Books, type Cents } from './books'
import { daysBetween, type LocalDate } from '../../../shared/dates'
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
import {
  DEFAULT_STATUS_BANDS,
  type RunwayStatus,
  type StatusBands,
  type StatusBasis
} from '../../../shared/views'

export { DEFAULT_STATUS_BANDS, type RunwayStatus, type StatusBands, type StatusBasis }

/** Days → band; null (nothing burns and cash never runs short) is excellent. */
export function statusFor(days: number | null, bands: StatusBands = DEFAULT_STATUS_BANDS): RunwayStatus {
  if (days === null) return 'excellent'
  if (days < bands.critical) return 'critical'
  if (days < bands.warning) return 'warning'
  if (days < bands.healthy) return 'healthy'
  return 'excellent'
}

export interface RunwayOptions extends ForecastOptions {
  bands?: StatusBands
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
  /** Every bank account, foreign ones converted (see Books). */
  cashCents: Cents
  /** Cash earmarked by reserves still in force. */
  reservedCents: Cents
  /** cash − reserved: what the runway may spend. */
  availableCashCents: Cents
  /** Undeposited funds young enough to be money on its way to the bank: in week 1 of the forecast. */
  undepositedCents: Cents
  /** Older undeposited funds, left out of the forecast: more likely a deposit recorded against the
   *  bank instead of them than money still to deposit (hygiene lists them). */
  undepositedLeftOutCents: Cents
  creditCardDebtCents: Cents
  /** Open invoices less unapplied customer payments and credit memos (QBO's A/R account). */
  arCents: Cents
  /** Open invoice balances. */
  arGrossCents: Cents
  unappliedPaymentsCents: Cents
  /** Open bills less open vendor credits (QBO's A/P account). */
  apCents: Cents
  /** Open bill balances. */
  apGrossCents: Cents
  vendorCreditsCents: Cents
  overdueArCents: Cents
  overdueApCents: Cents
  /** Trailing gross burn per day, rounded for display; calculations keep the exact ratio. */
  dailyBurnCents: Cents
  /** available cash + undeposited + AR − AP − card debt. */
  netPositionCents: Cents
  /** The runway: days until the forecast's cash-zero date (0 = short today); null when cash lasts
   *  the whole forecast ("more than 13 weeks"). */
  runwayDays: number | null
  /** Days the forecast covers: what a null runway is "more than". */
  horizonDays: number
  /** The predecessor's formula, a secondary figure only: net position ÷ daily burn, "if sales
   *  stopped today and every open bill were settled"; 0 when the net position is not positive,
   *  null when nothing burns. */
  simpleRunwayDays: number | null
  /** Days to cash zero or to below the minimum, whichever comes first; past the horizon, estimated
   *  (see forecast.statusDays). What `status` is banded on. */
  statusDays: number | null
  statusBasis: StatusBasis
  status: RunwayStatus
  cashZeroDate: LocalDate | null
  belowMinCashDate: LocalDate | null
  startingCashCents: Cents
  /** The weeks, each with the money in transit (undeposited funds) counted in its inflow. */
  forecast: (ForecastWeek & { inTransitCents: Cents })[]
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
  bands: StatusBands
  runway: RunwayResult
}

/**
 * Builds the forecast model once and derives the headline from it; rules and scenarios take the
 * context so the model is not rebuilt per question.
 */
export function prepareRunway(books: Books, today: LocalDate, opts: RunwayOptions = {}): RunwayContext {
  const model = buildForecastModel(books, today, opts)
  const bands = opts.bands ?? DEFAULT_STATUS_BANDS
  return { books, today, model, bands, runway: runwayFromModel(books, today, model, bands) }
}

export function computeRunway(books: Books, today: LocalDate, opts: RunwayOptions = {}): RunwayResult {
  return prepareRunway(books, today, opts).runway
}

/** What a status's days rest on, for a what-if of the forecast. */
export function statusBasis(w: {
  cashZeroDay: number | null
  belowMinCashDay: number | null
  statusDays: number | null
}): StatusBasis {
  if (w.statusDays === null) return 'no-burn'
  if (w.belowMinCashDay !== null && (w.cashZeroDay === null || w.belowMinCashDay < w.cashZeroDay))
    return 'below-minimum'
  return w.cashZeroDay !== null ? 'cash-zero' : 'beyond-horizon'
}

function runwayFromModel(
  books: Books,
  today: LocalDate,
  model: ForecastModel,
  bands: StatusBands
): RunwayResult {
  const window = model.burnWindow
  const cashCents = model.bankCents
  const creditCardDebtCents = sumCents(books.creditCards, (c) => c.balanceCents)
  const openInvoices = books.openInvoices.filter((i) => i.balanceCents > 0)
  const openBills = books.openBills.filter((b) => b.balanceCents > 0)
  const arGrossCents = sumCents(openInvoices, (i) => i.balanceCents)
  // Unapplied payments beyond what the customer's open invoices can absorb are prepayments; they
  // still sit in QBO's A/R as a credit, so AR is reduced by all of it. Vendor credits are the same
  // on the other side of the books.
  const unappliedPaymentsCents = sumCents(books.unappliedPayments, (u) => Math.max(0, u.amountCents))
  const arCents = arGrossCents - unappliedPaymentsCents
  const apGrossCents = sumCents(openBills, (b) => b.balanceCents)
  const vendorCreditsCents = sumCents(books.vendorCredits ?? [], (c) => Math.max(0, c.amountCents))
  const apCents = apGrossCents - vendorCreditsCents
  const overdueArCents = sumCents(
    openInvoices.filter((i) => invoiceDueDate(i) < today),
    (i) => i.balanceCents
  )
  const overdueApCents = sumCents(
    openBills.filter((b) => billDueDate(b) < today),
    (b) => b.balanceCents
  )
  const weeks = weeksOf(model)
  const inTransit = weeks.map(() => 0)
  for (const e of model.events)
    if (e.source.kind === 'undeposited') inTransit[Math.floor(e.day / 7)]! += e.inflowCents
  const undepositedCents = sumCents(inTransit, (c) => c)
  const availableCashCents = cashCents - model.reservedCents

  // Card debt is subtracted like AP: it falls due within a statement cycle, and leaving it out made
  // card-paying agencies look richer than their bank balance can bear.
  //
  // The simple runway keeps the predecessor's shape on purpose: AP is netted off AND the trailing
  // burn (which includes bill payments) keeps running. In cash terms that counts today's open
  // bills twice for their first few weeks, which makes it the conservative "if sales stopped and
  // every open bill were settled" figure. It is only ever shown as that, beside the runway.
  const netPositionCents = availableCashCents + undepositedCents + arCents - apCents - creditCardDebtCents
  const simple = daysOfBurn(netPositionCents, model.burn)

  const base = whatIf(model)
  return {
    asOf: today,
    homeCurrency: books.homeCurrency,
    cashCents,
    reservedCents: model.reservedCents,
    availableCashCents,
    undepositedCents,
    undepositedLeftOutCents:
      sumCents(books.undepositedFunds, (u) => Math.max(0, u.amountCents)) - undepositedCents,
    creditCardDebtCents,
    arCents,
    arGrossCents,
    unappliedPaymentsCents,
    apCents,
    apGrossCents,
    vendorCreditsCents,
    overdueArCents,
    overdueApCents,
    dailyBurnCents: Math.round(window.cashOutCents / window.days),
    netPositionCents,
    runwayDays: base.cashZeroDay,
    horizonDays: model.horizonDays,
    simpleRunwayDays: simple === null ? null : Math.max(0, simple),
    statusDays: base.statusDays,
    statusBasis: statusBasis(base),
    status: statusFor(base.statusDays, bands),
    cashZeroDate: base.cashZeroDate,
    belowMinCashDate: base.belowMinCashDate,
    startingCashCents: model.startingCashCents,
    forecast: weeks.map((w, i) => ({ ...w, inTransitCents: inTransit[i]! })),
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
