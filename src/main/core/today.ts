import { addDays, localDateAt, toDayNumber, type Clock, type LocalDate } from '../../shared/dates'

/**
 * A company's "today". QBO's CompanyInfo carries no time zone, so the books are read in the time zone
 * of the machine the bookkeeper works on, which for our users is the region their clients are in.
 */
export function companyTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

export function companyToday(clock: Clock, timeZone = companyTimeZone()): LocalDate {
  return localDateAt(clock.now(), timeZone)
}

/** The last day of the digest week that ends on or before `today` (weekday 0 = Sunday). */
export function digestWeekEnd(today: LocalDate, weekday: number): LocalDate {
  // 1970-01-01 was a Thursday (weekday 4).
  const todayWeekday = (((toDayNumber(today) + 4) % 7) + 7) % 7
  return addDays(today, -((todayWeekday - weekday + 7) % 7))
}
