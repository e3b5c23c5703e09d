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

export function toDayNumber(date: LocalDate): number {
  if (!isLocalDate(date)) throw new RangeError(`not a date: ${date}`)
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS
}

export function fromDayNumber(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10)
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days)
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from)
}

/** The calendar date at `instant` in an IANA time zone (the company's, not the user's). */
export function localDateAt(instant: Date, timeZone: string): LocalDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit'
  }).formatToParts(instant)
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

export interface Clock {
  /** The current instant. */
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

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
