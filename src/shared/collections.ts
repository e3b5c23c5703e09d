// Collections per customer, as the screens and scripts see them: one reminder per customer for all
// of their overdue invoices, its preview, and the customer's payment profile.

export type CustomerReminderStage = 'gentle' | 'firm' | 'final'

/** The message of each stage; {customer}, {total}, {invoices}, {company}, {oldestDays}, {count} are filled in. */
export type ReminderTemplates = Record<CustomerReminderStage, string>

export const REMINDER_PLACEHOLDERS = [
  'customer',
  'total',
  'invoices',
  'company',
  'oldestDays',
  'count'
] as const

export const DEFAULT_REMINDER_TEMPLATES: ReminderTemplates = {
  gentle:
    'Hello {customer}, a friendly reminder that {count} from {company} are past due, {total} in all:\n{invoices}\nIf you have already paid, thank you, and please ignore this note.',
  firm: 'Hello {customer}, {count} from {company} are now overdue, the oldest by {oldestDays} days, {total} in all:\n{invoices}\nPlease arrange payment this week or tell us when it will come.',
  final:
    'Hello {customer}, this is our final notice: {count} from {company} are overdue, the oldest by {oldestDays} days, {total} in all:\n{invoices}\nPlease pay within 7 days; after that we will have to call you about it.'
}

export interface ReminderInvoice {
  invoiceId: string
  docNumber: string | null
  dueDate: string
  daysOverdue: number
  totalCents: number
  /** What is left to pay: the balance less any payment the customer made that no invoice took yet. */
  owedCents: number
}

export type CustomerReminderState =
  | { action: 'send' }
  | { action: 'wait'; until: string }
  | { action: 'manual'; reason: 'hand-off' | 'max-attempts' | 'no-email' }

export interface CustomerReminderRow {
  customerId: string
  customerName: string
  email: string | null
  stage: CustomerReminderStage | 'hand-off'
  invoices: ReminderInvoice[]
  overdueCents: number
  oldestDaysOverdue: number
  /** Reminders already sent for these invoices (the most of any of them). */
  remindersSent: number
  lastReminderAt: string | null
  /** Who sent the last reminder, in firm mode, when it was someone other than this computer's person. */
  lastReminderBy: string | null
  state: CustomerReminderState
  /** Sendable now or within the coming week. */
  dueThisWeek: boolean
  /** A reminder for one of these invoices is on its way or waiting in the outbox. */
  pending: boolean
}

export interface CustomerReminderPreview {
  to: string | null
  subject: string
  /** The message as it goes on the oldest invoice (QuickBooks adds its own greeting and sign-off around it). */
  body: string
  invoices: ReminderInvoice[]
  stage: CustomerReminderStage
  /** The invoice QuickBooks emails: the oldest overdue one. */
  sendInvoiceId: string
  totalCents: number
}

export interface CustomerReminderResult {
  status: 'sent' | 'queued'
  stage: CustomerReminderStage
  sentAt: string
  invoiceIds: string[]
}

export interface CustomerProfile {
  customerId: string
  customerName: string
  /** Paid invoices in the books' history (those settled in the last year). */
  paidCount: number
  /** Mean of paid date − due date over those; null without any. */
  avgDaysLate: number | null
  /**
   * Over the last `window` paid invoices: the newer half's mean lateness less the older half's.
   * 'later' from +3 days, 'earlier' from −3; null with fewer than 4 paid invoices.
   */
  trend: { direction: 'later' | 'earlier' | 'steady'; changeDays: number; window: number } | null
  lastPayment: { date: string; amountCents: number } | null
  openCents: number
  overdueCents: number
  overdueCount: number
  /** What the forecast expects from the open invoices, and the first date it expects any. */
  expectedCents: number
  nextExpectedDate: string | null
}
