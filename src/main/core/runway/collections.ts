// Collections per customer: one reminder for all of a customer's overdue invoices, at the stage of
// the oldest, and the customer's payment profile. Built on the per-invoice rules (rules.ts) and the
// receivables model (receivables.ts: what is really owed once unapplied payments are counted, what
// the forecast expects), so the console, the reminder and the forecast agree on every figure.
import type {
  REMINDER_PLACEHOLDERS,
  CustomerProfile,
  CustomerReminderPreview,
  CustomerReminderRow,
  CustomerReminderStage,
  CustomerReminderState,
  ReminderInvoice,
  ReminderTemplates
} from '../../../shared/collections'
import { formatMoney, type Cents as MoneyCents } from '../../../shared/money'
import { addDays, datePart, daysBetween, type LocalDate } from '../../../shared/dates'
import { invoiceDueDate, normalizeName, type Books } from './books'
import { paymentHabits } from './history'
import { collectibleInvoices, planReceivables } from './receivables'
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MIN_GAP_DAYS,
  escalationStage,
  reminderEmail,
  type CollectionOptions
} from './rules'

/** QBO keeps at most 1000 characters in an invoice's message to the customer (CustomerMemo). */
export const MEMO_MAX_CHARS = 1000

/** Paid invoices the trend looks at: recent enough to say where the customer is heading. */
export const TREND_WINDOW = 8
/** Days of change in mean lateness that count as a trend rather than noise. */
export const TREND_MIN_DAYS = 3

type ReminderBooks = Pick<Books, 'openInvoices' | 'customers' | 'unappliedPayments'>

const customerKey = (i: { customerId: string; customerName: string }): string =>
  i.customerId || `name:${normalizeName(i.customerName)}`

/** The last reminder's sender as a screen names them: only someone other than `me` (a firm's colleague). */
export function otherSender(sentBy: string | null | undefined, me: string | null): string | null {
  return sentBy && sentBy !== me ? sentBy : null
}

/**
 * Every customer with money overdue, worst first. The amounts are what is left to pay: a partly paid
 * invoice is reminded of its balance, and a payment the customer made that no invoice took yet is
 * counted against their oldest invoices first, so a customer who has paid is not reminded.
 * `pending` holds the invoices with a reminder on its way or waiting in the outbox.
 */
export function customerReminders(
  books: ReminderBooks,
  today: LocalDate,
  pending: ReadonlySet<string> = new Set(),
  opts: CollectionOptions = {}
): CustomerReminderRow[] {
  const emails = new Map(books.customers.map((c) => [c.id, c.email]))
  const groups = new Map<string, { invoice: Books['openInvoices'][number]; owed: number }[]>()
  for (const { invoice, collectibleCents } of collectibleInvoices(books)) {
    if (daysBetween(invoiceDueDate(invoice), today) <= 0) continue
    const key = customerKey(invoice)
    const list = groups.get(key) ?? []
    list.push({ invoice, owed: collectibleCents })
    groups.set(key, list)
  }
  const rows: CustomerReminderRow[] = []
  for (const list of groups.values()) {
    list.sort(
      (a, b) =>
        invoiceDueDate(a.invoice).localeCompare(invoiceDueDate(b.invoice)) ||
        a.invoice.id.localeCompare(b.invoice.id)
    )
    const oldest = list[0]!.invoice
    const invoices: ReminderInvoice[] = list.map(({ invoice, owed }) => ({
      invoiceId: invoice.id,
      docNumber: invoice.docNumber ?? null,
      dueDate: invoiceDueDate(invoice),
      daysOverdue: daysBetween(invoiceDueDate(invoice), today),
      totalCents: invoice.totalCents,
      owedCents: owed
    }))
    const oldestDaysOverdue = invoices[0]!.daysOverdue
    const stage = escalationStage(oldestDaysOverdue)
    const remindersSent = Math.max(...list.map((l) => l.invoice.reminderCount ?? 0))
    const last = list
      .filter((l) => l.invoice.lastReminderAt)
      .sort((x, y) => x.invoice.lastReminderAt!.localeCompare(y.invoice.lastReminderAt!))
      .at(-1)?.invoice
    const lastReminderAt = last?.lastReminderAt ?? null
    const email = reminderEmail(oldest.email, emails.get(oldest.customerId))
    const state = reminderState(stage, remindersSent, lastReminderAt, email, today, opts)
    rows.push({
      customerId: oldest.customerId,
      customerName: oldest.customerName,
      email,
      stage,
      invoices,
      overdueCents: invoices.reduce((s, i) => s + i.owedCents, 0),
      oldestDaysOverdue,
      remindersSent,
      lastReminderAt,
      lastReminderBy: last?.lastReminderBy ?? null,
      state,
      dueThisWeek: state.action === 'send' || (state.action === 'wait' && state.until <= addDays(today, 6)),
      pending: invoices.some((i) => pending.has(i.invoiceId))
    })
  }
  return rows.sort((a, b) => b.overdueCents - a.overdueCents || a.customerName.localeCompare(b.customerName))
}

/** The per-invoice rules (rules.ts reminderDecision) applied to the customer as a whole. */
function reminderState(
  stage: CustomerReminderRow['stage'],
  sent: number,
  lastReminderAt: string | null,
  email: string | null,
  today: LocalDate,
  opts: CollectionOptions
): CustomerReminderState {
  // After the final notice's window a person calls; an email would only annoy.
  if (stage === 'hand-off') return { action: 'manual', reason: 'hand-off' }
  if (sent >= (opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)) return { action: 'manual', reason: 'max-attempts' }
  if (!email) return { action: 'manual', reason: 'no-email' }
  if (lastReminderAt) {
    // One email a week per customer, whichever of their invoices the last one was about.
    const next = addDays(datePart(lastReminderAt), opts.minGapDays ?? DEFAULT_MIN_GAP_DAYS)
    if (next > today) return { action: 'wait', until: next }
  }
  return { action: 'send' }
}

/** The subject QBO gives an invoice email by default (its email settings decide it, not the API). */
export function invoiceEmailSubject(
  docNumber: string | null,
  invoiceId: string,
  companyName: string
): string {
  return `Invoice ${docNumber ?? invoiceId} from ${companyName}`
}

function invoiceLine(i: ReminderInvoice, currency: string): string {
  const owed = formatMoney(i.owedCents as MoneyCents, currency)
  const left =
    i.owedCents < i.totalCents ? `${owed} left of ${formatMoney(i.totalCents as MoneyCents, currency)}` : owed
  return `- Invoice ${i.docNumber ?? i.invoiceId}, due ${i.dueDate}: ${left} (${i.daysOverdue} days overdue)`
}

export function fillTemplate(
  template: string,
  values: Record<(typeof REMINDER_PLACEHOLDERS)[number], string>
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name as keyof typeof values] : whole
  )
}

/**
 * The reminder for one customer as it will go: QBO emails the oldest invoice, with this message on
 * it. Past QBO's 1000 characters the list of invoices is shortened to what fits, its total kept.
 */
export function previewReminder(
  row: CustomerReminderRow,
  templates: ReminderTemplates,
  companyName: string,
  currency = 'USD'
): CustomerReminderPreview {
  const stage: CustomerReminderStage = row.stage === 'hand-off' ? 'final' : row.stage
  const oldest = row.invoices[0]!
  const n = row.invoices.length
  const render = (shown: number): string => {
    const lines = row.invoices.slice(0, shown).map((i) => invoiceLine(i, currency))
    if (shown < n) lines.push(`- and ${n - shown} more`)
    return fillTemplate(templates[stage], {
      customer: row.customerName,
      total: formatMoney(row.overdueCents as MoneyCents, currency),
      invoices: lines.join('\n'),
      company: companyName,
      oldestDays: String(row.oldestDaysOverdue),
      count: n === 1 ? '1 invoice' : `${n} invoices`
    })
  }
  let shown = n
  let body = render(shown)
  while (body.length > MEMO_MAX_CHARS && shown > 1) body = render(--shown)
  if (body.length > MEMO_MAX_CHARS) body = `${body.slice(0, MEMO_MAX_CHARS - 1)}…`
  return {
    to: row.email,
    subject: invoiceEmailSubject(oldest.docNumber, oldest.invoiceId, companyName),
    body,
    invoices: row.invoices,
    stage,
    sendInvoiceId: oldest.invoiceId,
    totalCents: row.overdueCents
  }
}

/**
 * How a customer pays: lateness from their paid history (history.ts), where it is heading, and what
 * is open, overdue and expected (the receivables model, as the forecast has it). `lastPayment` comes
 * from the data layer: the Books' cash in leaves out payments not yet deposited.
 */
export function customerProfile(
  books: Pick<Books, 'openInvoices' | 'paidInvoices' | 'unappliedPayments' | 'expectations' | 'customers'>,
  customerId: string,
  today: LocalDate,
  lastPayment: CustomerProfile['lastPayment']
): CustomerProfile | null {
  const open = books.openInvoices.filter((i) => i.customerId === customerId && i.balanceCents > 0)
  const paid = books.paidInvoices
    .filter((p) => p.customerId === customerId)
    .sort((a, b) => a.paidDate.localeCompare(b.paidDate) || a.id.localeCompare(b.id))
  const name = books.customers.find((c) => c.id === customerId)?.name ?? open[0]?.customerName ?? null
  if (name === null && paid.length === 0) return null
  const habit = paymentHabits({ paidInvoices: paid }).byCustomer.get(customerId)
  const recent = paid.slice(-TREND_WINDOW).map((p) => daysBetween(invoiceDueDate(p), p.paidDate))
  let trend: CustomerProfile['trend'] = null
  if (recent.length >= 4) {
    const half = recent.length >> 1
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
    const change = Math.round(mean(recent.slice(recent.length - half)) - mean(recent.slice(0, half)))
    trend = {
      direction: change >= TREND_MIN_DAYS ? 'later' : change <= -TREND_MIN_DAYS ? 'earlier' : 'steady',
      changeDays: change,
      window: recent.length
    }
  }
  const receivables = planReceivables(books, today).filter((r) => r.invoice.customerId === customerId)
  const overdue = receivables.filter((r) => r.daysPastDue > 0)
  const dates = receivables
    .filter((r) => r.status === 'base' && r.date !== null)
    .map((r) => r.date!)
    .sort()
  return {
    customerId,
    customerName: name ?? customerId,
    paidCount: paid.length,
    avgDaysLate: habit ? habit.avgDaysLate : null,
    trend,
    lastPayment,
    openCents: open.reduce((s, i) => s + i.balanceCents, 0),
    overdueCents: overdue.reduce((s, r) => s + r.collectibleCents, 0),
    overdueCount: overdue.length,
    expectedCents: receivables.reduce((s, r) => s + r.expectedCents, 0),
    nextExpectedDate: dates[0] ?? null
  }
}
