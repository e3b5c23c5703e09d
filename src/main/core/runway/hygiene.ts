// Data problems that make the forecast wrong, each priced in days of runway error so the bookkeeper
// fixes the ones that matter first ("fix these 3 to unlock 8 days of accuracy").
import { invoiceDueDate, payeeKey, type Books, type Cents } from './books'
import { daysBetween, type LocalDate } from '../../../shared/dates'
import { DEFAULT_UNDEPOSITED_MAX_AGE_DAYS } from './forecast'
import { DEFAULT_BURN_WINDOW_DAYS, burnRate, trailingBurn, type BurnRate } from './history'
import { reminderEmail } from './rules'

export type HygieneCheckId =
  | 'bills-without-due-date'
  | 'vendors-without-terms'
  | 'overdue-invoices-without-email'
  | 'unapplied-payments'
  | 'old-undeposited-funds'
  | 'large-unpaid-invoices'
  | 'uncategorized-transactions'

export interface HygieneItem {
  id: string
  label: string
  amountCents?: Cents
  date?: LocalDate
}

export interface HygieneCheck {
  id: HygieneCheckId
  title: string
  fix: string
  count: number
  items: HygieneItem[]
  /** Days of runway the forecast may be off by because of this, capped per check. */
  errorDays: number
}

export interface HygieneReport {
  /** 0–100: the error's share of the 13-week horizon it distorts, taken from 100. */
  score: number
  totalErrorDays: number
  /** Every check, largest error first (checks with nothing found last). */
  checks: HygieneCheck[]
  /** The three checks worth the most days, for "fix these first". */
  topFixes: HygieneCheck[]
  /** Days of accuracy the top fixes unlock together. */
  topFixesErrorDays: number
}

export interface HygieneOptions {
  burnWindowDays?: number
  undepositedMaxAgeDays?: number
  largeInvoiceCents?: Cents
}

/** One check can never claim more than this: a single noisy category must not zero the score. */
export const CHECK_CAP_DAYS = 10
const HORIZON_DAYS = 91

const round1 = (n: number): number => Math.round(n * 10) / 10
const capped = (days: number): number => round1(Math.min(CHECK_CAP_DAYS, days))

/** Money of uncertain standing, as days of burn (0 when nothing burns: no runway to be wrong about). */
function moneyAsDays(cents: Cents, burn: BurnRate): number {
  return burn.cents > 0 ? (cents * burn.days) / burn.cents : 0
}

export function checkHygiene(books: Books, today: LocalDate, opts: HygieneOptions = {}): HygieneReport {
  const burn = burnRate(trailingBurn(books, today, opts.burnWindowDays ?? DEFAULT_BURN_WINDOW_DAYS))
  const checks: HygieneCheck[] = []

  // 0.5 days each (predecessor): the forecast has to assume such a bill is payable today.
  const noDue = books.openBills.filter((b) => b.balanceCents > 0 && b.dueDate === null)
  checks.push({
    id: 'bills-without-due-date',
    title: 'Bills without a due date',
    fix: 'Add a due date (or payment terms) to each bill',
    count: noDue.length,
    items: noDue.map((b) => ({
      id: b.id,
      label: `${b.vendorName}${b.docNumber ? ` #${b.docNumber}` : ''}`,
      amountCents: b.balanceCents,
      date: b.txnDate
    })),
    errorDays: capped(0.5 * noDue.length)
  })

  // 0.3 days each (predecessor), but only vendors the forecast actually meets (an open bill, a paid
  // bill or a payment in the history): terms on a dormant vendor change nothing in the runway, and
  // listing hundreds of them buried the ones that matter.
  const active = new Set<string>()
  for (const b of books.openBills) active.add(payeeKey(b.vendorId, b.vendorName))
  for (const b of books.paidBills) active.add(payeeKey(b.vendorId, ''))
  for (const c of books.cashOut) if (c.payeeId) active.add(payeeKey(c.payeeId, c.payeeName))
  const noTerms = books.vendors.filter((v) => !v.hasTerms && active.has(payeeKey(v.id, v.name)))
  checks.push({
    id: 'vendors-without-terms',
    title: 'Vendors without payment terms',
    fix: 'Set payment terms on each vendor so new bills get due dates',
    count: noTerms.length,
    items: noTerms.map((v) => ({ id: v.id, label: v.name })),
    errorDays: capped(0.3 * noTerms.length)
  })

  // Overdue $ ÷ 1,000 (the predecessor's overdue-invoice cost), counted on the overdue invoices no
  // reminder can reach: those are the ones whose timing nobody is steering.
  const customerEmail = new Map(books.customers.map((c) => [c.id, c.email]))
  const unreachable = books.openInvoices.filter(
    (i) =>
      i.balanceCents > 0 &&
      invoiceDueDate(i) < today &&
      reminderEmail(i.email, customerEmail.get(i.customerId)) === null
  )
  const unreachableCents = unreachable.reduce((s, i) => s + i.balanceCents, 0)
  checks.push({
    id: 'overdue-invoices-without-email',
    title: 'Overdue invoices without an email address',
    fix: "Add the customer's billing email so reminders can go out",
    count: unreachable.length,
    items: unreachable.map((i) => ({
      id: i.id,
      label: `${i.customerName}${i.docNumber ? ` #${i.docNumber}` : ''}`,
      amountCents: i.balanceCents,
      date: invoiceDueDate(i)
    })),
    errorDays: capped(unreachableCents / 100_000)
  })

  // Money, not a count: an unapplied payment leaves an invoice looking open, so the forecast may
  // expect that money a second time; the error is that amount in days of burn.
  const unapplied = books.unappliedPayments.filter((u) => u.amountCents > 0)
  checks.push({
    id: 'unapplied-payments',
    title: 'Customer payments not applied to invoices',
    fix: 'Apply each payment to the invoice it pays',
    count: unapplied.length,
    items: unapplied.map((u) => ({
      id: u.id,
      label: u.customerName,
      amountCents: u.amountCents,
      date: u.date
    })),
    errorDays: capped(
      moneyAsDays(
        unapplied.reduce((s, u) => s + u.amountCents, 0),
        burn
      )
    )
  })

  // Old undeposited funds are either a deposit recorded twice or a check in a drawer; either way the
  // cash figure is off by that amount, which is what it costs in days.
  const maxAge = opts.undepositedMaxAgeDays ?? DEFAULT_UNDEPOSITED_MAX_AGE_DAYS
  const oldFunds = books.undepositedFunds.filter(
    (u) => u.amountCents > 0 && daysBetween(u.date, today) > maxAge
  )
  checks.push({
    id: 'old-undeposited-funds',
    title: `Undeposited funds older than ${maxAge} days`,
    fix: 'Record the bank deposit (or remove the duplicate)',
    count: oldFunds.length,
    items: oldFunds.map((u) => ({
      id: u.id,
      label: `Received ${u.date}`,
      amountCents: u.amountCents,
      date: u.date
    })),
    errorDays: capped(
      moneyAsDays(
        oldFunds.reduce((s, u) => s + u.amountCents, 0),
        burn
      )
    )
  })

  // 1 day each (predecessor): one late payment of a large invoice moves the whole forecast.
  const threshold = opts.largeInvoiceCents ?? 500_000
  const large = books.openInvoices.filter((i) => i.balanceCents > threshold)
  checks.push({
    id: 'large-unpaid-invoices',
    title: 'Large unpaid invoices',
    fix: 'Confirm the payment date with each customer',
    count: large.length,
    items: large.map((i) => ({
      id: i.id,
      label: `${i.customerName}${i.docNumber ? ` #${i.docNumber}` : ''}`,
      amountCents: i.balanceCents,
      date: invoiceDueDate(i)
    })),
    errorDays: capped(1 * large.length)
  })

  if (books.uncategorizedTransactions) {
    const u = books.uncategorizedTransactions
    checks.push({
      id: 'uncategorized-transactions',
      title: 'Uncategorized transactions',
      fix: 'Categorize each transaction',
      count: u.length,
      items: u.map((t) => ({
        id: t.id,
        label: `Uncategorized ${t.date}`,
        amountCents: t.amountCents,
        date: t.date
      })),
      errorDays: capped(0.2 * u.length)
    })
  }

  checks.sort((a, b) => b.errorDays - a.errorDays || b.count - a.count)
  const totalErrorDays = round1(checks.reduce((s, c) => s + c.errorDays, 0))
  const topFixes = checks.filter((c) => c.count > 0).slice(0, 3)
  return {
    // The predecessor's "100 − % of documents missing due dates" ignored every other problem; here
    // each day of error costs its share of the horizon the forecast covers.
    score: Math.max(0, Math.round(100 * (1 - totalErrorDays / HORIZON_DAYS))),
    totalErrorDays,
    checks,
    topFixes,
    topFixesErrorDays: round1(topFixes.reduce((s, c) => s + c.errorDays, 0))
  }
}
