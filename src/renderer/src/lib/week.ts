// Digest weeks: seven company-local days that end on the weekday the bookkeeper closes the week on
// (settings.digestWeekday). Dates are YYYY-MM-DD and read in UTC, like every date in lib/format.

import { weekdayOf } from '../../../shared/dates'
import { addDays, day, dayShort } from './format'

/** The end of the week in progress: the next digest weekday (0 = Sunday, as weekdayOf numbers
 *  them), today included. The core's own
 *  default ("the latest digest") is the last *closed* week, which never holds today's decisions. */
export function currentWeekEnd(today: string, digestWeekday: number): string {
  return addDays(today, (digestWeekday - weekdayOf(today) + 7) % 7)
}

/** "21 – 27 Nov", "27 Nov – 3 Dec", with years only where they differ from the reference's. */
export function weekRange(start: string, end: string, reference: string): string {
  const sameYear = start.slice(0, 4) === end.slice(0, 4)
  const endText = end.slice(0, 4) === reference.slice(0, 4) ? dayShort(end) : day(end)
  if (start.slice(0, 7) === end.slice(0, 7)) return `${Number(start.slice(8))} – ${endText}`
  return `${sameYear ? dayShort(start) : day(start)} – ${endText}`
}
