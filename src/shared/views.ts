// What the screens receive: plain data shaped for display, in integer cents and company-local dates.
// The core maps its engine's results into these; the renderer only reads them. (Not to be confused
// with the runway engine, src/main/core/runway/, which computes them.)

export type RunwayStatus = 'critical' | 'warning' | 'healthy' | 'excellent'

/** Days below which a company is critical, in warning, healthy; from `healthy` on, excellent. */
export interface StatusBands {
  critical: number
  warning: number
  healthy: number
}

// The predecessor's bands (7 / 30 / 90) called a company two weeks from running dry a "warning".
// Arranging cash takes weeks: a line-of-credit draw, a collections push or a talk with vendors
// needs two to three, so under three weeks is critical. Under two months is worth watching every
// week; under four months is healthy; beyond that nothing in sight needs the bookkeeper.
export const DEFAULT_STATUS_BANDS: StatusBands = { critical: 21, warning: 60, healthy: 120 }

/**
 * What a status's days rest on: the forecast's cash-zero day, the day cash falls below the
 * company's minimum, or (when cash lasts the whole forecast) the horizon plus how long the cash at
 * its end would last at the recent burn; 'no-burn' when nothing goes out at all.
 */
export type StatusBasis = 'cash-zero' | 'below-minimum' | 'beyond-horizon' | 'no-burn'

/**
 * The runway as every channel words it: whole days to the forecast's cash-zero date, "more than 13
 * weeks" when cash lasts the whole forecast.
 */
export function runwayLabel(days: number | null, horizonDays: number): string {
  if (days === null) return `more than ${Math.floor(horizonDays / 7)} weeks`
  if (days === 0) return 'cash short now'
  return `${days} day${days === 1 ? '' : 's'}`
}

/** Figures kept from the last complete sync because the books have not been whole since. */
export interface StaleMark {
  /** Why: the failed sync's error, or a sync still under way. */
  reason: string
  /** ISO instant it went stale: when the sync failed or began. */
  since: string
}

export interface ForecastWeekView {
  weekStart: string
  weekEnd: string
  /** Money in, the money in transit included. */
  inflowCents: number
  /** Undeposited funds on their way to the bank (week 1). */
  inTransitCents: number
  outflowCents: number
  endingCashCents: number
  lowestCashCents: number
}

/** A bank or card account kept in another currency, and how it entered the figures. */
export interface ForeignCashView {
  accountId: string
  name: string
  type: 'Bank' | 'Credit Card'
  currency: string
  /** In the account's currency. */
  balanceCents: number
  /** In the home currency; null when no rate was found and the account is left out. */
  homeCents: number | null
  /** Home currency per unit of `currency`: the latest rate on a QuickBooks transaction in that
   *  currency (QuickBooks keeps one on each). */
  rate: number | null
  rateDate: string | null
}

export interface AgingView {
  current: number
  d1_30: number
  d31_60: number
  d61_90: number
  d90plus: number
}

export interface RunwayView {
  companyId: string
  companyName: string
  asOf: string
  homeCurrency: string
  /** When the books these figures come from were last whole and up to date with QBO. */
  dataAsOf: string | null
  /** Set when the latest sync failed or has not finished: the figures are the last consistent ones. */
  stale: StaleMark | null
  /** Every bank account, foreign ones converted to the home currency (see foreignCash). */
  cashCents: number
  foreignCash: ForeignCashView[]
  reservedCents: number
  availableCashCents: number
  /** Undeposited funds counted as money in transit in week 1. */
  undepositedCents: number
  /** Older undeposited funds left out of the forecast (see hygiene). */
  undepositedLeftOutCents: number
  creditCardDebtCents: number
  /** Open invoices less unapplied payments and credit memos: QBO's A/R account. */
  arCents: number
  arGrossCents: number
  unappliedPaymentsCents: number
  /** Open bills less open vendor credits: QBO's A/P account. */
  apCents: number
  apGrossCents: number
  vendorCreditsCents: number
  overdueArCents: number
  overdueApCents: number
  dailyBurnCents: number
  netPositionCents: number
  /** THE runway: days to the forecast's cash-zero date (0 = short now); null = more than the
   *  horizon (runwayLabel words it). */
  runwayDays: number | null
  horizonDays: number
  /** The predecessor's formula, never called the runway: net position ÷ daily burn, "if sales
   *  stopped"; null when nothing burns. */
  simpleRunwayDays: number | null
  /** The days `status` is banded on, and what they rest on. */
  statusDays: number | null
  statusBasis: StatusBasis
  status: RunwayStatus
  /** First day the forecast goes below zero; null if it never does. */
  cashZeroDate: string | null
  minCashCents: number
  belowMinCashDate: string | null
  forecast: ForecastWeekView[]
  recurring: RecurringView[]
  receivables: ReceivablesView
  kpis: {
    dsoDays: number | null
    dpoDays: number | null
    arAging: AgingView
    apAging: AgingView
    burnCents: number
    netBurnCents: number
  }
}

export interface BillRow {
  id: string
  vendorId: string
  vendorName: string
  docNumber: string | null
  totalCents: number
  balanceCents: number
  dueDate: string | null
  /** Where the forecast pays it: the user's scheduled date, else the due date (never before today). */
  plannedDate: string
  /** The date the user scheduled ("delay"), if any. */
  scheduledPayOn: string | null
  daysUntilDue: number
  category: 'must-pay' | 'can-delay'
  reasons: string[]
  priority: number
  risk: 'high' | 'medium' | 'low'
  criticalVendor: boolean
  impact: {
    simpleImpactDays: number | null
    payNowDays: number | null
    delayTo: string
    delayTodayDays: number | null
    delayAfterDays: number | null
    delayGainDays: number | null
  }
  /** An action on this bill waits in the offline outbox. */
  pending: boolean
}

export interface InvoiceRow {
  id: string
  customerId: string
  customerName: string
  docNumber: string | null
  totalCents: number
  balanceCents: number
  dueDate: string | null
  daysOverdue: number
  email: string | null
  priority: 'critical' | 'high' | 'medium' | 'low'
  score: number
  stage: 'gentle' | 'firm' | 'final' | 'hand-off'
  reminderCount: number
  lastReminderAt: string | null
  /** Who sent the last reminder, in firm mode, when it was someone other than this computer's person. */
  lastReminderBy: string | null
  reminder:
    | { action: 'send'; stage: string; attempt: number }
    | { action: 'wait'; until: string }
    | { action: 'manual'; reason: string }
    | { action: 'none'; reason: string }
  /** A reminder for it waits in the outbox for QuickBooks: another one is refused until it has gone. */
  reminderPending: boolean
  /** The customer's usual lateness in days, from paid history (negative = pays early). */
  customerAvgDaysLate: number | null
  /** Where the forecast has it; null when the customer's unapplied credits already cover it. */
  forecast: InvoiceForecastView | null
  /** The user's word on it (its own, or its customer's). */
  expectation: ExpectationView | null
}

/** An open invoice as the forecast counts it. */
export interface InvoiceForecastView {
  /** 'base': in the forecast; 'upside': past realistic collection, left out; 'wont-collect': the
   *  user said so. */
  status: 'base' | 'upside' | 'wont-collect'
  /** When the money is expected; null when it will not be collected. */
  expectedDate: string | null
  /** 'habit': due date + the customer's usual lateness; 'later-than-usual': re-dated from the paid
   *  invoices that took longer; 'past-latest': a regular payer later than it has ever been, within
   *  its usual band from tomorrow; 'as-late-again': no one paid this late before, as late again as
   *  it is; 'expected-on': the user's date. */
  dateBasis: 'habit' | 'later-than-usual' | 'past-latest' | 'as-late-again' | 'expected-on' | null
  /** The chance it is collected at all, 0–1. */
  chance: number
  /** 'not-due': counted in full; 'customer' | 'company' | 'survey': whose history the chance comes
   *  from (README, "Receivables"); 'expected-on': the user's word. */
  chanceBasis: 'not-due' | 'customer' | 'company' | 'survey' | 'expected-on'
  /** Open balance less the customer's unapplied credits. */
  collectibleCents: number
  /** What the base forecast counts: collectible × chance, 0 outside the base. */
  expectedCents: number
}

export interface ExpectationView {
  /** Whose word it is: the invoice's own, or its customer's (which covers all their invoices). */
  scope: 'invoice' | 'customer'
  expectOn: string | null
  wontCollect: boolean
  /** The "expect on" date passed with the invoice still open: the history dates it again. */
  lapsed: boolean
}

/** Open receivables as the forecast counts them. */
export interface ReceivablesView {
  /** Open invoices less unapplied credits. */
  collectibleCents: number
  /** What the base forecast counts: each invoice weighed by its chance. */
  expectedCents: number
  /** What the chances take off the invoices in the base forecast. */
  discountCents: number
  /** Past realistic collection: out of the base forecast, money that may still come. */
  upsideCents: number
  /** Out of the forecast because the user said it will not be collected. */
  wontCollectCents: number
  /** The invoices out of the base forecast, oldest first. */
  outOfBase: {
    invoiceId: string
    customerId: string
    customerName: string
    docNumber: string | null
    collectibleCents: number
    daysPastDue: number
    chance: number
    reason: 'past-collection' | 'wont-collect'
  }[]
}

/** A recurring outflow found in the books. */
export interface RecurringView {
  /** Stable across syncs: what recurring.setDecision takes. */
  key: string
  payeeName: string
  /** How it is paid: a vendor's bills, checks and expenses from the bank, or card charges. */
  source: 'bill' | 'expense' | 'card'
  payroll: boolean
  cadence: 'weekly' | 'biweekly' | 'monthly' | 'quarterly'
  amountCents: number
  lastDate: string
  /** When the next one's cash goes out (a card charge: when it is charged); null once it stopped. */
  nextDate: string | null
  active: boolean
  decision: 'confirmed' | 'dismissed' | null
  /** Projected by the forecast itself (card charges are carried by the card's payment). */
  inForecast: boolean
}

export interface HygieneView {
  score: number
  totalErrorDays: number
  topFixesErrorDays: number
  checks: {
    id: string
    title: string
    fix: string
    count: number
    errorDays: number
    items: { id: string; label: string; amountCents?: number; date?: string }[]
  }[]
  topFixes: string[]
}

export interface ScenarioSide {
  cashZeroDate: string | null
  /** The runway under this side: days to its cash-zero date, null past the horizon. */
  runwayDays: number | null
  status: RunwayStatus
  forecast: ForecastWeekView[]
}

export interface ScenarioView {
  base: ScenarioSide
  scenario: ScenarioSide
  horizonDays: number
  /** Days the runway moves (positive = longer): 0 when both sides last the horizon, null when only
   *  one does. */
  deltaDays: number | null
  ignored: { change: unknown; reason: string }[]
}

/** Rows of the client list a screen asks for at a time (portfolio.list's window): the one or two
 *  blocks its rows in view fall in. */
export const PORTFOLIO_BLOCK = 40

export interface PortfolioRow {
  companyId: string
  name: string
  connection: 'connected' | 'needs-reconnect' | 'disconnected'
  /** A test-drive company (demo books). */
  demo: boolean
  lastSyncAt: string | null
  /** The latest sync failed: the snapshot is the last consistent one. */
  stale: StaleMark | null
  /** null until the company's first runway snapshot exists (before its first sync). */
  snapshot: {
    at: string
    asOf: string
    status: RunwayStatus
    /** The runway (see RunwayView.runwayDays). */
    runwayDays: number | null
    horizonDays: number
    /** What the status is banded on; orders companies within a band. */
    statusDays: number | null
    cashZeroDate: string | null
    cashCents: number
    overdueArCents: number
    apCents: number
    /** The forecast's lowest end-of-day cash over the horizon, and the day it falls on. */
    lowestCashCents: number
    lowestCashDate: string
    /** Must-pay bills the forecast pays within the next 7 days (overdue ones included). */
    mustPayWeekCents: number
    mustPayWeekCount: number
    /** Change in runway days since the snapshot a week before; null without one or when either
     *  side lasts the horizon. */
    weekChangeDays: number | null
  } | null
}

export interface BankAccountView {
  id: string
  name: string
  type: 'Bank' | 'Credit Card'
  /** In the home currency. */
  balanceCents: number
  /** The account's own currency and the rate it was converted at, when it is not the home one. */
  foreign: { currency: string; balanceCents: number; rate: number; rateDate: string } | null
}

export interface ReserveView {
  id: string
  name: string
  amountCents: number
  until: string | null
}

export interface PayResult {
  status: 'paid' | 'queued'
  billPaymentId: string | null
  requestId: string
  /** The runway (RunwayView.runwayDays) before and after the payment. */
  runwayBefore: number | null
  runwayAfter: number | null
}

export interface OutboxItem {
  id: string
  /** Null for the portfolio digest's emails, which are no one company's. */
  companyId: string | null
  /** A QBO action ('bills.pay', ...) or 'digest.send', an email waiting for the mail server. */
  action: string
  summary: string
  status: 'pending' | 'done' | 'conflict' | 'failed'
  createdAt: string
  attempts: number
  /** What stood in the way (conflict or failure), for the user. */
  problem: string | null
  /** A digest email's week and recipients. */
  digest?: { weekEnd: string; to: string[] }
}

export interface DigestView {
  companyId: string
  companyName: string
  /** The seven days the digest covers, company-local dates. */
  weekStart: string
  weekEnd: string
  generatedAt: string
  headline: {
    status: RunwayStatus
    cashZeroDate: string | null
    runwayDays: number | null
    horizonDays: number
    /** What the status is banded on (RunwayView.statusDays); absent from digests made before it was kept. */
    statusDays?: number | null
    /** The predecessor's "if sales stopped" figure, secondary. */
    simpleRunwayDays: number | null
    cashCents: number
    availableCashCents: number
    /** Change of runway days since the snapshot a week earlier; null without one. */
    changeDays: number | null
    cashChangeCents: number | null
  }
  /** Plain sentences on what moved the runway ("Runway dropped 8 days: 4 new bills ($12,400)"). */
  variance: string[]
  week: {
    newBills: { count: number; totalCents: number }
    billsPaid: { count: number; totalCents: number }
    invoicesSent: { count: number; totalCents: number }
    paymentsReceived: { count: number; totalCents: number }
  }
  mustPay: {
    id: string
    vendorName: string
    balanceCents: number
    dueDate: string | null
    reasons: string[]
  }[]
  toChase: { id: string; customerName: string; balanceCents: number; daysOverdue: number; stage: string }[]
  decisions: { at: string; action: string; summary: string }[]
  hygieneScore: number
  /** The figures are the last consistent ones (see RunwayView.stale). */
  stale: StaleMark | null
  // What a client-ready report needs besides; absent from digests made before they were kept, which
  // the report then leaves out rather than fill in with today's figures.
  homeCurrency?: string
  /** Why the runway moved since the forecast of the day before the week began. */
  causes?: VarianceView | null
  /** The 13 weeks as the forecast had them when the digest was made. */
  forecast?: ForecastWeekView[]
  minCashCents?: number
  belowMinCashDate?: string | null
  /** The top hygiene fixes, with the days of forecast accuracy each is worth. */
  hygieneFixes?: { title: string; fix: string; count: number; errorDays: number }[]
  /** Every open bill and invoice when it was made (the lists above are the week's top five). */
  openItems?: DigestOpenItem[]
  /** Made after its week was over (the app was closed): its figures are those of this day. */
  madeLate?: { on: string } | null
}

export interface DigestOpenItem {
  kind: 'bill' | 'invoice'
  id: string
  name: string
  docNumber: string | null
  balanceCents: number
  dueDate: string | null
  /** Negative: due in that many days. */
  daysOverdue: number
  /** A bill's 'must-pay' or 'can-delay'; an invoice's collection stage. */
  standing: string
}

export type VarianceCauseKind =
  | 'time'
  | 'decisions'
  | 'new-bills'
  | 'new-invoices'
  | 'payments-in'
  | 'payments-out'
  | 'recurring'
  | 'invoices-redated'
  | 'bills-redated'
  | 'other-spending'
  | 'other'

export interface VarianceCause {
  kind: VarianceCauseKind
  label: string
  /** What this cause moved the runway by; the causes' days add up to the change. */
  days: number
  /** The money behind it (money in positive, out negative), when there is one figure for it. */
  amountCents: number | null
  /** Documents (or days, for the passage of time) it stands for. */
  count: number
  /** The largest ones, by name. */
  examples: { label: string; cents: number }[]
}

/**
 * The runway's change between two forecasts, by cause. Days past the horizon are an estimate at
 * the recent burn (the status's own), so a runway of "more than 13 weeks" has a number to change.
 */
export interface VarianceView {
  from: string
  to: string
  fromDays: number
  toDays: number
  changeDays: number
  horizonDays: number
  causes: VarianceCause[]
}

/** A week of one company in the list of digests. */
export interface DigestListItem {
  companyId: string
  companyName: string
  weekEnd: string
  generatedAt: string
  status: RunwayStatus
  runwayDays: number | null
  horizonDays: number
  cashZeroDate: string | null
  changeDays: number | null
  /** Emails of this week's digest: sent, or waiting in the outbox. */
  sends: DigestSendView[]
}

export interface DigestSendView {
  to: string
  status: 'sent' | 'queued' | 'failed'
  at: string
  forced: boolean
}

/** Files an export wrote. */
export interface DigestExportResult {
  files: string[]
  /** The folder they are in. */
  folder: string
}

export interface DigestSendResult {
  status: 'sent' | 'queued'
  to: string[]
  /** The SMTP server's message id, once sent. */
  messageId: string | null
}

/** A drop of a company's runway after a sync, or a band crossed, with why. */
export interface RunwayAlert {
  companyId: string
  companyName: string
  fromDays: number | null
  toDays: number | null
  horizonDays: number
  fromStatus: RunwayStatus
  toStatus: RunwayStatus
  /** A sentence: "Runway dropped 9 days (51 days → 42 days): 3 new bills …". */
  message: string
  causes: VarianceView | null
}

// -- the weekly table (forecast.table) ------------------------------------------------------------

/** Where a table row sits: the money-in and money-out groups, as Float and Cash Flow Frog group them. */
export type ForecastGroupId =
  | 'collections'
  | 'new-sales'
  | 'in-transit'
  | 'other-income'
  | 'bills'
  | 'new-bills'
  | 'planned'
  | 'payroll'
  | 'recurring'
  | 'other-spending'
  | 'reserves'

export interface ForecastTableRow {
  /** Stable across loads: 'opening', 'inflows', 'in:collections', 'in:collections:<customer>', … */
  id: string
  kind: 'opening' | 'inflows' | 'outflows' | 'group' | 'line' | 'net' | 'closing' | 'lowest' | 'minimum'
  label: string
  /** The group row a line belongs to, the total row a group belongs to. */
  parentId: string | null
  group: ForecastGroupId | null
  /** Integer cents, one per week. Flows are positive in their own direction (money in on an inflow
   *  row, money out on an outflow row); a reserve released is a negative outflow. */
  cells: number[]
  /** The 13 weeks added up, for flows; null for balances (opening, closing, lowest, minimum). */
  totalCents: number | null
}

interface ItemBase {
  /** The row whose cells it adds up to (a line, or a group without lines). */
  rowId: string
  /** Index into `weeks`. */
  week: number
  /** The day it falls on in the forecast. */
  date: string
  /** In the direction of its row (see ForecastTableRow.cells). */
  amountCents: number
}

/** One thing a cell is made of: the drill-down behind every figure in the table. */
export type ForecastItemView =
  | (ItemBase & {
      kind: 'invoice'
      invoiceId: string
      docNumber: string | null
      customerName: string
      dueDate: string | null
      /** Why it falls on `date`: 'habit', 'later-than-usual', 'past-latest', 'as-late-again',
       *  'expected-on'. */
      basis: string
      /** The chance it is collected at all; the invoice counts its open amount × this chance. */
      chance: number
      /** The part of that in this week: below 1 where it is spread over the days the customer's
       *  invoices have been paid; `amountCents` = open amount × chance × share. */
      share: number
      /** The last day of its part in this week (`date` the first; the same when it is one day). */
      lastDate: string
      openCents: number
      /** Counted on the company's deposit day, after the day the customer is expected to pay. */
      deposited: boolean
    })
  | (ItemBase & {
      kind: 'bill'
      billId: string
      docNumber: string | null
      vendorName: string
      dueDate: string | null
      /** 'due' on its due date; 'habit' when the company usually pays this vendor, 'later-than-usual'
       *  re-dated past that; 'planned' on the date the user scheduled; 'overdue-now' today. */
      basis: string
      /** The share of the bill counted from the bank; below 1 when the company pays this vendor's
       *  bills partly by card (that share leaves with the card's payment). */
      bankShare: number
      openCents: number
    })
  | (ItemBase & { kind: 'recurring'; payeeName: string; cadence: string; payroll: boolean; source: string })
  | (ItemBase & { kind: 'undeposited'; depositId: string; receivedOn: string | null })
  | (ItemBase & {
      /** A week of a customer's new invoices (or a vendor's new bills) not yet in the books,
       *  projected from the recent past: projected, not booked. */
      kind: 'run-rate'
      side: 'sales' | 'bills'
      name: string
      /** Invoiced to the customer (paid to the vendor on bills) over the last `windowDays`. */
      windowCents: number
      windowDays: number
      /** Whose payment timing it follows: the party's own, or the company's. */
      lagBasis: 'own' | 'company'
    })
  | (ItemBase & { kind: 'reserve'; name: string; action: 'held' | 'released' })
  | (ItemBase & {
      kind: 'spread'
      /** The trailing spending (card payments, ad-hoc purchases) the forecast spreads evenly. */
      windowCents: number
      windowDays: number
    })
  | (ItemBase & { kind: 'account'; name: string })
  | (ItemBase & { kind: 'other'; label: string })

export interface ForecastTableView {
  companyId: string
  companyName: string
  asOf: string
  homeCurrency: string
  weeks: { weekStart: string; weekEnd: string }[]
  /** In reading order: opening cash, money in and its groups, money out and its groups, net,
   *  closing cash, the week's lowest point, the minimum. Opening + in − out = closing, every week. */
  rows: ForecastTableRow[]
  items: ForecastItemView[]
  minCashCents: number
  cashZeroDate: string | null
  belowMinCashDate: string | null
}
