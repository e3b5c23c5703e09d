// When a customer's money reaches the bank. QBO puts a received payment in Undeposited Funds until
// someone takes the checks to the bank, so for most small companies a payment made on a Tuesday is
// cash on the day they deposit, often once a week. The forecast's cash is the bank's: a company
// that deposits on Mondays has none of a week's receipts until the Monday after. Customers who have
// paid straight into the bank (a transfer, a card processor) are money on the day.
import type { Books } from './books'
import { toDayNumber, weekdayOfDayNumber, type LocalDate } from '../../../shared/dates'

/** The weeks a weekday is read over, and the share of them it needs deposits in to be a deposit
 *  day: a company's habit, not the odd extra trip to the bank. */
export const DEPOSIT_WEEKS = 13
export const DEPOSIT_DAY_SHARE = 1 / 3

export interface DepositCalendar {
  /** Weekdays (0 Sunday … 6 Saturday) the company deposits on; empty: money counts on its date. */
  weekdays: ReadonlySet<number>
  /** Customers who have paid straight into a bank account. */
  direct: ReadonlySet<string>
}

export function depositCalendar(books: Pick<Books, 'cashIn'>, today: LocalDate): DepositCalendar {
  const todayN = toDayNumber(today)
  const weeksByWeekday = new Map<number, Set<number>>()
  const direct = new Set<string>()
  for (const c of books.cashIn) {
    if (c.kind === 'payment' && c.payerId !== null) direct.add(c.payerId)
    if (c.kind !== 'deposit') continue
    const day = toDayNumber(c.date)
    if (day >= todayN || day < todayN - 7 * DEPOSIT_WEEKS) continue
    const weekday = weekdayOfDayNumber(day)
    const weeks = weeksByWeekday.get(weekday) ?? new Set<number>()
    weeks.add(Math.floor((todayN - day - 1) / 7))
    weeksByWeekday.set(weekday, weeks)
  }
  const weekdays = new Set<number>()
  for (const [weekday, weeks] of weeksByWeekday)
    if (weeks.size >= DEPOSIT_WEEKS * DEPOSIT_DAY_SHARE) weekdays.add(weekday)
  return { weekdays, direct }
}

/**
 * The forecast day (0 = today) a payment expected on `day` reaches the bank: the same day for a
 * customer who pays straight in or a company without deposit days, else the next deposit day on or
 * after it.
 */
export function bankArrival(
  calendar: DepositCalendar,
  todayN: number,
  customerId: string,
  day: number
): number {
  if (calendar.weekdays.size === 0 || calendar.direct.has(customerId)) return day
  let d = day
  while (!calendar.weekdays.has(weekdayOfDayNumber(todayN + d))) d += 1
  return d
}
