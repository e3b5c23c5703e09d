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
  /** Cash at the end of its pay day, with the plan's payments up to then. */
  cashAfterCents: number | null
  /** The user scheduled it; the plan keeps its date unless told to move it. */
  fixed: boolean
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
  before: { cashZeroDate: string | null; lowestCashCents: number }
  after: { cashZeroDate: string | null; lowestCashCents: number }
}

export interface PlanApplied {
  planId: string
  scheduledBillIds: string[]
}
