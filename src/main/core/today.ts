import { localDateAt, type Clock, type LocalDate } from '../../shared/dates'

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
