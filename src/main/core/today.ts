import { localDateAt, type Clock, type LocalDate } from '../../shared/dates'

/**
 * A company's "today". QBO's CompanyInfo carries no time zone, so the books are read in the time zone
 * of the machine the bookkeeper works on, which for our users is the region their clients are in.
 */
export function companyToday(clock: Clock, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): LocalDate {
  return localDateAt(clock.now(), timeZone)
}
