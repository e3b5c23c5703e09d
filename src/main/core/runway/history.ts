// What the past says about the future: how fast cash leaves (burn) and how late each customer pays.
import { invoiceDueDate, moneyDate, type Books, type Cents, type CashOut } from './books'
import { addDays, daysBetween, type LocalDate } from '../../../shared/dates'

export const DEFAULT_BURN_WINDOW_DAYS = 90

export interface BurnWindow {
  /** First day counted (today − windowDays). */
  from: LocalDate
  /** Last day counted: yesterday. Today is left out because it is not over, and a sync may hold
   *  only part of it; counting half a day would bias burn low in the morning and high at night. */
  to: LocalDate
  days: number
  cashOutCents: Cents
  cashInCents: Cents
  billPaymentCents: Cents
  purchaseCents: Cents
  otherOutCents: Cents
}

export function inWindow(date: LocalDate, window: Pick<BurnWindow, 'from' | 'to'>): boolean {
  return date >= window.from && date <= window.to
}

/** Gross cash out (every kind) and cash in over the `days` days before today. */
export function trailingBurn(
  books: Pick<Books, 'cashOut' | 'cashIn'>,
  today: LocalDate,
  days = DEFAULT_BURN_WINDOW_DAYS
): BurnWindow {
  const window = { from: addDays(today, -days), to: addDays(today, -1) }
  let billPaymentCents = 0
  let purchaseCents = 0
  let otherOutCents = 0
  for (const out of books.cashOut) {
    if (!inWindow(out.date, window)) continue
    if (out.kind === 'bill-payment') billPaymentCents += out.amountCents
    else if (out.kind === 'purchase') purchaseCents += out.amountCents
    else otherOutCents += out.amountCents
  }
  let cashInCents = 0
  for (const inflow of books.cashIn) if (inWindow(inflow.date, window)) cashInCents += inflow.amountCents
  return {
    ...window,
    days,
    cashOutCents: billPaymentCents + purchaseCents + otherOutCents,
    cashInCents,
    billPaymentCents,
    purchaseCents,
    otherOutCents
  }
}

/** Burn as a ratio kept exact: `cents / days`; turning it into a per-day amount rounds. */
export interface BurnRate {
  cents: Cents
  days: number
}

export function burnRate(window: BurnWindow): BurnRate {
  return { cents: window.cashOutCents, days: window.days }
}

/** How many whole days `amount` lasts at `rate` (floored, so "< 7 days" compares exactly); null
 *  when nothing burns. */
export function daysOfBurn(amountCents: Cents, rate: BurnRate): number | null {
  if (rate.cents <= 0) return null
  return Math.floor((amountCents * rate.days) / rate.cents)
}

/** amount < n days of burn, decided in integers. */
export function isUnderDaysOfBurn(amountCents: Cents, n: number, rate: BurnRate): boolean {
  return amountCents * rate.days < n * rate.cents
}

// -- customer payment habits -----------------------------------------------------------------------

export interface CustomerHabit {
  customerId: string
  paidCount: number
  /** Mean of (paid date − due date), whole days; negative = pays early. */
  avgDaysLate: number
  /** Mean of (paid date − invoice date): the "pays in 52 days" figure. */
  avgDaysToPay: number
}

export interface PaymentHabits {
  byCustomer: Map<string, CustomerHabit>
  /** Mean lateness over every paid invoice of the company; null with no history at all. */
  companyDaysLate: number | null
}

export function paymentHabits(books: Pick<Books, 'paidInvoices'>): PaymentHabits {
  const sums = new Map<string, { n: number; late: number; toPay: number }>()
  let allLate = 0
  for (const paid of books.paidInvoices) {
    const came = moneyDate(paid)
    const late = daysBetween(invoiceDueDate(paid), came)
    const toPay = daysBetween(paid.txnDate, came)
    const s = sums.get(paid.customerId) ?? { n: 0, late: 0, toPay: 0 }
    s.n += 1
    s.late += late
    s.toPay += toPay
    sums.set(paid.customerId, s)
    allLate += late
  }
  const byCustomer = new Map<string, CustomerHabit>()
  for (const [customerId, s] of sums) {
    byCustomer.set(customerId, {
      customerId,
      paidCount: s.n,
      avgDaysLate: Math.round(s.late / s.n),
      avgDaysToPay: Math.round(s.toPay / s.n)
    })
  }
  const n = books.paidInvoices.length
  return { byCustomer, companyDaysLate: n > 0 ? Math.round(allLate / n) : null }
}

export interface LatenessShift {
  days: number
  /** Where the figure came from, so the UI can say "pays 12 days late" or "typical for this company". */
  basis: 'customer' | 'company' | 'none'
}

/**
 * A customer with no paid history gets the company's average lateness rather than 0: a new client
 * of an agency whose clients all pay three weeks late will most likely do the same, and assuming
 * on-time payment is the optimistic error that empties bank accounts.
 */
export function latenessFor(habits: PaymentHabits, customerId: string): LatenessShift {
  const own = habits.byCustomer.get(customerId)
  if (own) return { days: own.avgDaysLate, basis: 'customer' }
  if (habits.companyDaysLate !== null) return { days: habits.companyDaysLate, basis: 'company' }
  return { days: 0, basis: 'none' }
}

export function cashOutInWindow(cashOut: readonly CashOut[], window: BurnWindow): CashOut[] {
  return cashOut.filter((c) => inWindow(c.date, window))
}
