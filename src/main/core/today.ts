import { addDays, localDateAt, toDayNumber, type Clock, type LocalDate } from '../../shared/dates'

/**
 * A company's "today". QBO's CompanyInfo carries no time zone, so the books are read in the time zone
 * of the machine the bookkeeper works on, which for our users is the region their clients are in.
 */
export function companyTimeZone(): string {
  // Asking Intl makes a formatter each time; the zone changes only with TZ (Node follows it).
  if (zone === null || zone.tz !== process.env.TZ)
    zone = { tz: process.env.TZ, name: Intl.DateTimeFormat().resolvedOptions().timeZone }
  return zone.name
}

let zone: { tz: string | undefined; name: string } | null = null

export function companyToday(clock: Clock, timeZone = companyTimeZone()): LocalDate {
  return localDateAt(clock.now(), timeZone)
}

/** The last day of the digest week that ends on or before `today` (weekday 0 = Sunday). */
export function digestWeekEnd(today: LocalDate, weekday: number): LocalDate {
  // 1970-01-01 was a Thursday (weekday 4).
  const todayWeekday = (((toDayNumber(today) + 4) % 7) + 7) % 7
  return addDays(today, -((todayWeekday - weekday + 7) % 7))
}

/** "HH:MM" of `now` in the time zone, on a 24-hour clock. */
function timeAt(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(now)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${part('hour')}:${part('minute')}`
}

/**
 * The week end of the latest digest due by `now`: the digest's weekday from its time on (HH:MM),
 * so a digest set for Friday 08:00 is still last week's at 07:59 that Friday.
 */
export function dueDigestWeekEnd(
  now: Date,
  weekday: number,
  time: string,
  timeZone = companyTimeZone()
): LocalDate {
  const today = localDateAt(now, timeZone)
  const weekEnd = digestWeekEnd(today, weekday)
  if (weekEnd !== today || timeAt(now, timeZone) >= time) return weekEnd
  return digestWeekEnd(addDays(today, -1), weekday)
}
