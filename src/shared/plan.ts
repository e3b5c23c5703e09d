// The payment plan as the console shows it: which bill is paid on which day, and why.

export interface PlannedBillView {
  billId: string
  vendorName: string
  docNumber: string | null
  amountCents: number
  dueDate: string | null
  /** Null: beyond the forecast's horizon (cash does not allow it within it). */
  payOn: string | null
  tier: 'critical' | 'costly' | 'normal'
  /** In a few words: "payroll: pays when due", "waits for Willamette's expected $12,850". */
  reason: string
  /**
   * Cash just after this payment: the pay day's closing cash with the plan's payments listed after
   * it that day not yet made (the day's other flows all counted), so a day reads as a register.
   */
  cashAfterCents: number | null
  /** The user scheduled it; the plan keeps its date unless told to move it. */
  fixed: boolean
  /** The plan with this bill paid today instead, the rest as planned (null: the plan pays it today). */
  ifPaidToday: PlanCashPoint | null
  /** The plan with this bill left past the horizon instead (null: the plan already leaves it there). */
  ifDeferred: PlanCashPoint | null
}

/** Where a cash path bottoms out and when it first goes below zero. */
export interface PlanCashPoint {
  lowestCashCents: number
  cashZeroDate: string | null
}

export interface PaymentPlanView {
  /** Names this plan for these books and settings: the same books give the same id. */
  planId: string
  companyId: string
  asOf: string
  minCashCents: number
  horizonEnd: string
  /** By pay date, then by the order the plan placed them. */
  bills: PlannedBillView[]
  /** How much is missing to keep the minimum at the worst point, and from when. */
  shortfall: { amountCents: number; from: string } | null
  /** The forecast as it stands and with the plan applied. */
  before: PlanCashPoint
  after: PlanCashPoint
}

export interface PlanApplied {
  planId: string
  scheduledBillIds: string[]
}
