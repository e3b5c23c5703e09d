// The runway engine: pure functions from one company's books (plain data, home currency) and a
// `today` to runway figures, a 13-week forecast, decisions and scenarios. No I/O, no clock.
export type {
  BankAccount,
  Books,
  CashIn,
  CashOut,
  CashOutKind,
  Cents,
  AccountLeftOut,
  CreditCard,
  ForeignBalance,
  Expectation,
  Customer,
  OpenBill,
  OpenInvoice,
  PaidBill,
  PaidInvoice,
  Reserve,
  UnappliedPayment,
  UncategorizedTransaction,
  UndepositedFund,
  VendorCredit,
  Vendor
} from './books'
export { billDueDate, invoiceDueDate, LOCAL_DECISIONS } from './books'
export { payableBills, type PayableBill } from './payables'

export {
  computeRunway,
  prepareRunway,
  statusFor,
  agingBucket,
  DEFAULT_STATUS_BANDS,
  type Aging,
  type RunwayContext,
  type RunwayKpis,
  type RunwayOptions,
  type RunwayResult,
  type RunwayStatus,
  type StatusBands,
  type StatusBasis
} from './calculator'

export {
  buildForecastModel,
  whatIf,
  weeksOf,
  moveBill,
  removeBill,
  moveInvoice,
  addAmount,
  DEFAULT_HORIZON_WEEKS,
  type Delta,
  type ForecastEvent,
  type ForecastModel,
  type ForecastOptions,
  type ForecastSource,
  type ForecastWeek,
  type WhatIf,
  type WorkMeter
} from './forecast'

export {
  trailingBurn,
  paymentHabits,
  latenessFor,
  type BurnWindow,
  type CustomerHabit,
  type PaymentHabits
} from './history'
export {
  detectRecurring,
  PAYROLL_RE,
  projectSeries,
  type Cadence,
  type RecurringSeries,
  type SeriesDecision,
  type SeriesSource
} from './recurring'
export {
  COLLECTION_CURVE,
  HAND_OFF_DAYS,
  REALISTIC_CHANCE,
  collectionChance,
  expectedPaymentDate,
  planReceivables,
  type ChanceBasis,
  type DateBasis,
  type Receivable,
  type ReceivableStatus
} from './receivables'

export {
  assessBills,
  assessBill,
  billRunwayImpact,
  billPriorityScore,
  isCriticalName,
  CRITICAL_PAYEE_RE,
  planCollections,
  reminderDecision,
  collectionPriority,
  collectionScore,
  escalationStage,
  customerAging,
  type BillAssessment,
  type BillRulesOptions,
  type BillRunwayImpact,
  type CanDelayReason,
  type MustPayReason,
  type CollectionItem,
  type CollectionOptions,
  type CollectionPriority,
  type CustomerAging,
  type EscalationStage,
  type ReminderDecision
} from './rules'

export {
  checkHygiene,
  type HygieneCheck,
  type HygieneCheckId,
  type HygieneItem,
  type HygieneOptions,
  type HygieneReport
} from './hygiene'

export {
  evaluateScenario,
  evaluateScenarioIn,
  type ScenarioChange,
  type ScenarioResult,
  type ScenarioSide
} from './scenarios'
