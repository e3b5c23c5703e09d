// Decisions the console offers: which bills must be paid now and which can wait (with the runway
// each choice costs or buys), and which overdue invoices to chase, how hard, and when.
import {
  billDueDate,
  invoiceDueDate,
  normalizeName,
  type Books,
  type Cents,
  type OpenBill,
  type OpenInvoice
} from './books'
import { agingOf, type Aging, type RunwayContext } from './calculator'
import { addDays, datePart, daysBetween, maxDate, type LocalDate } from '../../../shared/dates'
import { dayIndex, moveBill, whatIf, type WorkMeter } from './forecast'
import { daysOfBurn, isUnderDaysOfBurn, paymentHabits } from './history'

// -- bills ------------------------------------------------------------------------------------------

/**
 * Essential payees by name. Whole words only: the predecessor's substring match made "Parent Co",
 * "Current Media", "Vegas Events" and "Taxi Co" critical vendors. "Rental" is not rent either:
 * "Party Rental Pros" hires out tables for events; a landlord whose name says nothing is found by
 * the "Rent or Lease" lines of its bills.
 */
export const CRITICAL_PAYEE_RE =
  /\b(payroll|rent|rents|utility|utilities|electric\w*|water|gas|tax|taxes|irs|insurance\w*)\b/i

export function isCriticalName(name: string): boolean {
  return CRITICAL_PAYEE_RE.test(name)
}

export type MustPayReason =
  | 'overdue'
  | 'critical-vendor'
  | 'critical-type'
  | 'due-soon'
  | 'large-impact'
  | 'delay-leaves-under-7-days'
  /** None of the can-delay conditions holds: when in doubt, pay. */
  | 'no-delay-condition'

export type CanDelayReason = 'due-later-long-runway' | 'small-amount' | 'very-long-runway'

export interface BillRulesOptions {
  /** How far "delay" proposes to move a bill past its due date (or today, if overdue). */
  delayDays?: number
}

export const DEFAULT_DELAY_DAYS = 14

export interface BillRunwayImpact {
  /** The predecessor's figure, shown as "≈ N days of burn": amount ÷ daily burn; null when nothing
   *  burns. Not a runway. */
  simpleImpactDays: number | null
  /** The runway (days to the forecast's cash-zero date; null = it lasts the horizon) if the bill is
   *  paid today. */
  payNowRunwayDays: number | null
  /** The forecast's cash-zero date if the bill is paid today. */
  payNowCashZeroDate: LocalDate | null
  /** Change in the runway from paying today instead of where the forecast has it (≤ 0): 0 when
   *  both last the horizon, null when only one does. */
  payNowDays: number | null
  delayTo: LocalDate
  /** The runway as planned (the company's runway), and after delaying the bill to `delayTo`. */
  delayDays: { today: number | null; after: number | null }
  /** after − today; null as for payNowDays. */
  delayGainDays: number | null
}

export interface BillAssessment {
  billId: string
  vendorId: string
  vendorName: string
  docNumber?: string
  amountCents: Cents
  /** Due date (the bill date when QBO has none). */
  dueDate: LocalDate
  /** Where the forecast pays it: the user's planned date, else the due date; never before today. */
  plannedDate: LocalDate
  /** Negative when overdue. */
  daysUntilDue: number
  decision: 'must-pay' | 'can-delay'
  mustPayReasons: MustPayReason[]
  canDelayReasons: CanDelayReason[]
  priorityScore: number
  /** How close paying it now takes the company to the edge: high if it leaves under 7 days of
   *  runway, medium under 30. */
  risk: 'high' | 'medium' | 'low'
  impact: BillRunwayImpact
}

function diff(a: number | null, b: number | null): number | null {
  if (a === null && b === null) return 0
  if (a === null || b === null) return null
  return a - b
}

/**
 * Runway impact of paying one bill now vs delaying it, from the prepared forecast: two what-ifs of
 * O(weeks) each, so a console of hundreds of bill rows costs hundreds × 13 steps, not hundreds of
 * forecasts.
 */
export function billRunwayImpact(
  ctx: RunwayContext,
  bill: OpenBill,
  delayTo: LocalDate,
  meter?: WorkMeter
): BillRunwayImpact {
  const { model, today } = ctx
  const base = ctx.runway.runwayDays
  const payNowCase = whatIf(model, moveBill(model, bill.id, today), meter)
  const payNow = payNowCase.cashZeroDay
  const delayed = whatIf(model, moveBill(model, bill.id, delayTo), meter).cashZeroDay
  return {
    simpleImpactDays: daysOfBurn(bill.balanceCents, model.burn),
    payNowRunwayDays: payNow,
    payNowCashZeroDate: payNowCase.cashZeroDate,
    payNowDays: diff(payNow, base),
    delayTo,
    delayDays: { today: base, after: delayed },
    delayGainDays: diff(delayed, base)
  }
}

/** Must pay vs can delay for every open bill, highest priority first. */
export function assessBills(
  ctx: RunwayContext,
  opts: BillRulesOptions = {},
  meter?: WorkMeter
): BillAssessment[] {
  const vendors = new Map(ctx.books.vendors.map((v) => [v.id, v]))
  return ctx.books.openBills
    .filter((b) => b.balanceCents > 0)
    .map((b) => assessOne(ctx, b, vendors.get(b.vendorId)?.critical ?? false, opts, meter))
    .sort((a, b) => b.priorityScore - a.priorityScore || a.daysUntilDue - b.daysUntilDue)
}

export function assessBill(
  ctx: RunwayContext,
  billId: string,
  opts: BillRulesOptions = {}
): BillAssessment | null {
  const bill = ctx.books.openBills.find((b) => b.id === billId && b.balanceCents > 0)
  if (!bill) return null
  const critical = ctx.books.vendors.find((v) => v.id === bill.vendorId)?.critical ?? false
  return assessOne(ctx, bill, critical, opts)
}

function assessOne(
  ctx: RunwayContext,
  bill: OpenBill,
  vendorMarkedCritical: boolean,
  opts: BillRulesOptions,
  meter?: WorkMeter
): BillAssessment {
  const { model, today } = ctx
  const amount = bill.balanceCents
  const dueDate = billDueDate(bill)
  const daysUntilDue = daysBetween(today, dueDate)
  const flow = model.bills.get(bill.id)!
  const plannedDate = addDays(today, flow.day)
  const delayTo = addDays(maxDate(today, dueDate), opts.delayDays ?? DEFAULT_DELAY_DAYS)
  const impact = billRunwayImpact(ctx, bill, delayTo, meter)
  // Rules compare against the days the status is banded on (cash zero or the minimum, whichever
  // comes first, estimated past the horizon); nothing burning means no limit.
  const runway = ctx.runway.statusDays ?? Infinity
  const burn = model.burn

  const criticalVendor = vendorMarkedCritical || isCriticalName(bill.vendorName)
  const criticalType = bill.critical === true || (bill.accountNames ?? []).some(isCriticalName)

  const must: MustPayReason[] = []
  if (daysUntilDue < 0) must.push('overdue')
  if (criticalVendor) must.push('critical-vendor')
  if (criticalType) must.push('critical-type')
  if (daysUntilDue >= 0 && daysUntilDue <= 3) must.push('due-soon')
  // amount ÷ daily burn > 15% × runway, in integers: amount × W × 100 > 15 × runway × burn.
  if (burn.cents > 0 && runway !== Infinity && amount * burn.days * 100 > 15 * runway * burn.cents)
    must.push('large-impact')
  // "Paying late would leave under 7 days": the cash left just after paying it on the delay date.
  // Delaying only helps if the bill becomes affordable later; if it would land next to a cliff,
  // the delay buys nothing but late fees.
  const idx = Math.min(dayIndex(model, delayTo), model.horizonDays - 1)
  const leftAfterDelay = model.cash[idx]! + (flow.day <= idx ? amount : 0) - amount
  if (burn.cents > 0 ? isUnderDaysOfBurn(leftAfterDelay, 7, burn) : leftAfterDelay < 0)
    must.push('delay-leaves-under-7-days')

  const canDelay: CanDelayReason[] = []
  if (daysUntilDue > 14 && runway > 60) canDelay.push('due-later-long-runway')
  if (isUnderDaysOfBurn(amount, 5, burn) && runway > 45) canDelay.push('small-amount')
  if (runway > 90 && daysUntilDue > 7) canDelay.push('very-long-runway')

  if (must.length === 0 && canDelay.length === 0) must.push('no-delay-condition')

  const leftDays = impact.payNowRunwayDays ?? Infinity

  return {
    billId: bill.id,
    vendorId: bill.vendorId,
    vendorName: bill.vendorName,
    ...(bill.docNumber !== undefined ? { docNumber: bill.docNumber } : {}),
    amountCents: amount,
    dueDate,
    plannedDate,
    daysUntilDue,
    decision: must.length > 0 ? 'must-pay' : 'can-delay',
    mustPayReasons: must,
    canDelayReasons: must.length > 0 ? [] : canDelay,
    priorityScore: billPriorityScore({
      daysUntilDue,
      amountCents: amount,
      critical: criticalVendor || criticalType,
      discountPercent: bill.discount && bill.discount.byDate >= today ? bill.discount.percent : 0
    }),
    risk: leftDays < 7 ? 'high' : leftDays < 30 ? 'medium' : 'low',
    impact
  }
}

/** Past this, further age stops adding priority: it let one stale, often disputed bill outrank
 *  payroll due tomorrow, and a vendor 60 days unpaid is already as unhappy as it gets. */
export const OVERDUE_SCORE_CAP_DAYS = 60

/**
 * Overdue: 30 + 1.5 per day overdue (capped at 60 days); due in under 7 days +20, under 14 +10;
 * over $5k +10, over $2.5k +5; critical +15; an early-payment discount still open adds 5 per
 * percent, capped at 15 (2/10 net 30 is a 37% annual return: paying early is worth a nudge).
 */
export function billPriorityScore(input: {
  daysUntilDue: number
  amountCents: Cents
  critical: boolean
  discountPercent?: number
}): number {
  let score = 0
  const { daysUntilDue, amountCents } = input
  if (daysUntilDue < 0) score += 30 + 1.5 * Math.min(-daysUntilDue, OVERDUE_SCORE_CAP_DAYS)
  else if (daysUntilDue < 7) score += 20
  else if (daysUntilDue < 14) score += 10
  if (amountCents > 500_000) score += 10
  else if (amountCents > 250_000) score += 5
  if (input.critical) score += 15
  if (input.discountPercent && input.discountPercent > 0) score += Math.min(15, 5 * input.discountPercent)
  return Math.round(score * 10) / 10
}

// -- collections ------------------------------------------------------------------------------------

export type CollectionPriority = 'critical' | 'high' | 'medium' | 'low'
export type EscalationStage = 'gentle' | 'firm' | 'final' | 'hand-off'

export interface CollectionOptions {
  /** Days to leave between two reminders for the same invoice. */
  minGapDays?: number
  /** Automated reminders per invoice; after that a person takes over. */
  maxAttempts?: number
}

export const DEFAULT_MIN_GAP_DAYS = 7
export const DEFAULT_MAX_ATTEMPTS = 3

export type ReminderDecision =
  | { action: 'send'; stage: EscalationStage; attempt: number }
  | { action: 'wait'; until: LocalDate }
  | { action: 'manual'; reason: 'hand-off' | 'max-attempts' | 'no-email' }
  | { action: 'none'; reason: 'paid' | 'not-overdue' }

/** How many months of age count towards an invoice's weight: past half a year it is a hand-off
 *  whatever its amount, and older still should not outrank a large invoice a month late. */
export const PRIORITY_AGE_CAP_DAYS = 180

/** Thresholds on the weight (amount ÷ company scale × months overdue) for each priority. */
export const PRIORITY_WEIGHTS = { critical: 0.5, high: 0.15, medium: 0.05 } as const

/** When a company has neither takings in the last 90 days nor open receivables to measure it by. */
export const FALLBACK_SCALE_CENTS = 1_000_000

/**
 * What "a lot of money" means for this company: its average monthly takings over the last 90 days,
 * else its open receivables, else $10k. $5k overdue is a crisis for a café and noise for a firm
 * invoicing $400k a month; the predecessor's fixed $5k line called both critical.
 */
export function companyScaleCents(
  books: Pick<Books, 'openInvoices'> & Partial<Pick<Books, 'cashIn'>>,
  today: LocalDate
): Cents {
  let takings = 0
  const from = addDays(today, -90)
  for (const c of books.cashIn ?? []) if (c.date >= from && c.date < today) takings += c.amountCents
  if (takings > 0) return Math.round(takings / 3)
  const ar = books.openInvoices.reduce((s, i) => s + Math.max(0, i.balanceCents), 0)
  return ar > 0 ? ar : FALLBACK_SCALE_CENTS
}

/**
 * Amount × age relative to the company's size: the share of a month's takings the invoice holds,
 * times the months it is overdue (capped at six). Critical from 0.5 (half a month's takings a month
 * late, or a sixth of it three months late), high from 0.15, medium from 0.05. Not yet overdue: low.
 */
export function collectionPriority(
  daysOverdue: number,
  balanceCents: Cents,
  scaleCents: Cents
): CollectionPriority {
  const weight = collectionWeight(daysOverdue, balanceCents, scaleCents)
  if (weight >= PRIORITY_WEIGHTS.critical) return 'critical'
  if (weight >= PRIORITY_WEIGHTS.high) return 'high'
  if (weight >= PRIORITY_WEIGHTS.medium) return 'medium'
  return 'low'
}

export function collectionWeight(daysOverdue: number, balanceCents: Cents, scaleCents: Cents): number {
  if (daysOverdue <= 0 || balanceCents <= 0) return 0
  const months = Math.min(daysOverdue, PRIORITY_AGE_CAP_DAYS) / 30
  return (balanceCents / Math.max(1, scaleCents)) * months
}

/** min(40, dollars ÷ 100) + min(40, 0.5 × days overdue) + 10, to one decimal. */
export function collectionScore(daysOverdue: number, balanceCents: Cents): number {
  const score = Math.min(40, balanceCents / 10_000) + Math.min(40, 0.5 * Math.max(0, daysOverdue)) + 10
  return Math.round(score * 10) / 10
}

export function escalationStage(daysOverdue: number): EscalationStage {
  if (daysOverdue >= 90) return 'hand-off'
  if (daysOverdue >= 60) return 'final'
  if (daysOverdue >= 30) return 'firm'
  return 'gentle'
}

/**
 * Whether to send a reminder for this invoice today. Order matters: a paid invoice is never
 * reminded whatever else holds; at hand-off or after the last automated attempt a person takes
 * over (an email would only annoy); without an address nothing can be sent; and the gap since the
 * last reminder is respected so a customer is not emailed twice in a week.
 */
export function reminderDecision(
  invoice: Pick<
    OpenInvoice,
    'balanceCents' | 'dueDate' | 'txnDate' | 'email' | 'lastReminderAt' | 'reminderCount'
  >,
  today: LocalDate,
  opts: CollectionOptions = {}
): ReminderDecision {
  if (invoice.balanceCents <= 0) return { action: 'none', reason: 'paid' }
  const daysOverdue = daysBetween(invoiceDueDate(invoice), today)
  if (daysOverdue <= 0) return { action: 'none', reason: 'not-overdue' }
  const stage = escalationStage(daysOverdue)
  if (stage === 'hand-off') return { action: 'manual', reason: 'hand-off' }
  const sent = invoice.reminderCount ?? 0
  if (sent >= (opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return { action: 'manual', reason: 'max-attempts' }
  if (!invoice.email || invoice.email.trim() === '') return { action: 'manual', reason: 'no-email' }
  if (invoice.lastReminderAt) {
    const next = addDays(datePart(invoice.lastReminderAt), opts.minGapDays ?? DEFAULT_MIN_GAP_DAYS)
    if (next > today) return { action: 'wait', until: next }
  }
  return { action: 'send', stage, attempt: sent + 1 }
}

export interface CollectionItem {
  invoiceId: string
  customerId: string
  customerName: string
  docNumber?: string
  email: string | null
  balanceCents: Cents
  dueDate: LocalDate
  daysOverdue: number
  priority: CollectionPriority
  score: number
  stage: EscalationStage
  reminderCount: number
  reminder: ReminderDecision
}

/** A usable address: the invoice's own, else the customer's (QBO often leaves BillEmail empty). */
export function reminderEmail(
  invoiceEmail: string | null,
  customerEmail: string | null | undefined
): string | null {
  for (const e of [invoiceEmail, customerEmail]) if (e && e.trim() !== '') return e.trim()
  return null
}

/** Overdue invoices to chase, highest score first. Paid invoices never appear. */
export function planCollections(
  books: Pick<Books, 'openInvoices' | 'customers'> & Partial<Pick<Books, 'cashIn'>>,
  today: LocalDate,
  opts: CollectionOptions = {}
): CollectionItem[] {
  const scale = companyScaleCents(books, today)
  const customerEmail = new Map(books.customers.map((c) => [c.id, c.email]))
  const items: CollectionItem[] = []
  for (const open of books.openInvoices) {
    if (open.balanceCents <= 0) continue
    const dueDate = invoiceDueDate(open)
    const daysOverdue = daysBetween(dueDate, today)
    if (daysOverdue <= 0) continue
    const inv = { ...open, email: reminderEmail(open.email, customerEmail.get(open.customerId)) }
    items.push({
      invoiceId: inv.id,
      customerId: inv.customerId,
      customerName: inv.customerName,
      ...(inv.docNumber !== undefined ? { docNumber: inv.docNumber } : {}),
      email: inv.email,
      balanceCents: inv.balanceCents,
      dueDate,
      daysOverdue,
      priority: collectionPriority(daysOverdue, inv.balanceCents, scale),
      score: collectionScore(daysOverdue, inv.balanceCents),
      stage: escalationStage(daysOverdue),
      reminderCount: inv.reminderCount ?? 0,
      reminder: reminderDecision(inv, today, opts)
    })
  }
  return items.sort((a, b) => b.score - a.score || b.daysOverdue - a.daysOverdue)
}

export interface CustomerAging {
  customerId: string
  customerName: string
  aging: Aging
  totalCents: Cents
  overdueCents: Cents
  invoiceCount: number
  oldestDaysOverdue: number
  /** From paid history: "pays in 52 days, 12 late on average"; null without history. */
  habit: { paidCount: number; avgDaysLate: number; avgDaysToPay: number } | null
}

/** Open invoices aged per customer, most overdue money first. */
export function customerAging(
  books: Pick<Books, 'openInvoices' | 'paidInvoices'>,
  today: LocalDate
): CustomerAging[] {
  const habits = paymentHabits(books)
  const groups = new Map<string, OpenInvoice[]>()
  for (const inv of books.openInvoices) {
    if (inv.balanceCents <= 0) continue
    const key = inv.customerId || `name:${normalizeName(inv.customerName)}`
    const list = groups.get(key)
    if (list) list.push(inv)
    else groups.set(key, [inv])
  }
  const out: CustomerAging[] = []
  for (const invoices of groups.values()) {
    const first = invoices[0]!
    const aging = agingOf(invoices, today, invoiceDueDate, (i) => i.balanceCents)
    const habit = habits.byCustomer.get(first.customerId)
    out.push({
      customerId: first.customerId,
      customerName: first.customerName,
      aging,
      totalCents: invoices.reduce((s, i) => s + i.balanceCents, 0),
      overdueCents: aging.d1_30 + aging.d31_60 + aging.d61_90 + aging.d90plus,
      invoiceCount: invoices.length,
      oldestDaysOverdue: Math.max(0, ...invoices.map((i) => daysBetween(invoiceDueDate(i), today))),
      habit: habit
        ? { paidCount: habit.paidCount, avgDaysLate: habit.avgDaysLate, avgDaysToPay: habit.avgDaysToPay }
        : null
    })
  }
  return out.sort((a, b) => b.overdueCents - a.overdueCents || b.totalCents - a.totalCents)
}
