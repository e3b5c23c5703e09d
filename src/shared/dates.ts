// Company-local calendar dates (YYYY-MM-DD) are kept as strings and computed on in UTC days, so a
// user's own time zone can never shift a due date by one.

export type LocalDate = string

const DAY_MS = 86_400_000
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/** Days since 1970-01-01; throws on anything that is not a real calendar date. */
export function toDayNumber(date: LocalDate): number {
  // The forecast converts dates hundreds of thousands of times per company: digits and a civil
  // calendar formula, no Date or regular expression, for the years books hold.
  if (date.length === 10 && date.charCodeAt(4) === DASH && date.charCodeAt(7) === DASH) {
    const y = digits(date, 0, 4)
    const m = digits(date, 5, 7)
    const d = digits(date, 8, 10)
    if (y >= 1000 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d)
  }
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`not a date: ${date}`)
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS
  // Date.UTC silently rolls 2024-02-30 into March; a rolled date is a data error, not a date.
  if (fromDayNumber(day) !== date) throw new RangeError(`not a date: ${date}`)
  return day
}

export function fromDayNumber(day: number): LocalDate {
  // 1000-01-01 to 9999-12-31 by the formula (the rest as Date writes them).
  if (Number.isInteger(day) && day >= -354_285 && day <= 2_932_896) {
    const z = day + 719_468
    const era = Math.floor(z / 146_097)
    const doe = z - era * 146_097
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365
    )
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
    const mp = Math.floor((5 * doy + 2) / 153)
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1
    const m = mp < 10 ? mp + 3 : mp - 9
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`
  }
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

const DASH = 45

/** The number written by the ASCII digits in text[from, to); NaN if any is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return Number.NaN
    n = n * 10 + c
  }
  return n
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days)
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

/**
 * Same day of month `months` later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29),
 * which is how rent "on the 31st" and month-end payroll actually fall.
 */
export function addMonths(date: LocalDate, months: number, dayOfMonth?: number): LocalDate {
  const m = DATE_RE.exec(date)
  if (!m) throw new RangeError(`not a date: ${date}`)
  const monthIndex = Number(m[1]) * 12 + (Number(m[2]) - 1) + months
  const year = Math.floor(monthIndex / 12)
  const month = monthIndex - year * 12
  const wanted = dayOfMonth ?? Number(m[3])
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  return fromDayNumber(Date.UTC(year, month, Math.min(wanted, lastDay)) / DAY_MS)
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

export function weekdayOf(date: LocalDate): number {
  return weekdayOfDayNumber(toDayNumber(date))
}

/** Banks move money Monday to Friday: a day on a weekend becomes the Monday after. */
export function businessDayOnOrAfter(day: number): number {
  const weekday = weekdayOfDayNumber(day)
  return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day
}

export function dayOfMonth(date: LocalDate): number {
  return Number(date.slice(8, 10))
}

/** The calendar date part of either a local date or an ISO instant (`2024-05-01T10:00:00Z`). */
export function datePart(value: string): LocalDate {
  const date = value.slice(0, 10)
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${value}`)
  return date
}

export function minDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b
}

export function maxDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b
}

const dayFormats = new Map<string, Intl.DateTimeFormat>()

/** The calendar date at `instant` in an IANA time zone (the company's, not the user's). */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  let format = dayFormats.get(timeZone)
  if (!format) {
    // Making a formatter costs far more than using one (a company's every forecast asks for today).
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dayFormats.set(timeZone, format)
  }
  const parts = format.formatToParts(instant)
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

export interface Clock {
  /** The current instant. */
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that reads `iso` now and then runs on in real time: a host started "as of" a day. */
export function clockFrom(iso: string): Clock {
  const offset = Date.parse(iso) - Date.now()
  if (Number.isNaN(offset)) throw new RangeError(`not an instant: ${iso}`)
  return { now: () => new Date(Date.now() + offset) }
}

export function fixedClock(iso: string): Clock & { set(iso: string): void; advance(ms: number): void } {
  let current = Date.parse(iso)
  if (Number.isNaN(current)) throw new RangeError(`not an instant: ${iso}`)
  return {
    now: () => new Date(current),
    set: (next) => {
      current = Date.parse(next)
    },
    advance: (ms) => {
      current += ms
    }
  }
}

// Spelled out by hand: Intl's en-GB writes "Sept", and en-US puts the month first.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * "15 Mar 2027" (or "15 Mar" without the year): the one way a date is written to a person, on every
 * screen, in the audit trail and in the reports, whatever the machine's locale. Not a date: as given.
 */
export function formatDay(date: string, withYear = true): string {
  if (!isLocalDate(date.slice(0, 10))) return date
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number]
  return withYear ? `${d} ${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]}`
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december'
]

/**
 * A day as a person types it: "29 Dec 2026", "29 december 2026", "29 Dec" (the first such day on or
 * after `from`), or 2026-12-29. Null when it is none of those or not a real day.
 */
export function parseDay(text: string, from?: LocalDate): LocalDate | null {
  const typed = text.trim()
  if (isLocalDate(typed)) return typed
  const m = /^(\d{1,2})\s+([a-z]{3,9})\.?(?:\s+(\d{4}))?$/i.exec(typed)
  if (!m) return null
  const month = MONTHS.findIndex((name) => m[2]!.toLowerCase().startsWith(name.toLowerCase()))
  if (month < 0 || !MONTH_NAMES[month]!.startsWith(m[2]!.toLowerCase())) return null
  const day = (year: number) => `${year}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`
  if (m[3]) return isLocalDate(day(Number(m[3]))) ? day(Number(m[3])) : null
  if (!from || !isLocalDate(from)) return null
  const year = Number(from.slice(0, 4))
  for (const y of [year, year + 1]) if (isLocalDate(day(y)) && day(y) >= from) return day(y)
  return null
}
