// Time as the sandbox sees it. QBO stamps MetaData and envelopes in the company's local time with an
// offset (e.g. "2014-11-06T15:37:25-08:00"); our demo companies are in US Pacific time, so clients
// meet both -08:00 and -07:00 and must not compare these strings lexically.

export type Clock = () => number

/** A clock the control plane can move forward without touching the injected base clock. */
export class SandboxClock {
  private offsetMs = 0
  constructor(private readonly base: Clock = Date.now) {}

  now(): number {
    return this.base() + this.offsetMs
  }

  advance(ms: number): void {
    this.offsetMs += ms
  }

  get offset(): number {
    return this.offsetMs
  }
}

const HOUR = 3_600_000

/** UTC instant of the US DST start (2nd Sunday of March, 02:00 PST) and end (1st Sunday of November, 02:00 PDT). */
function pacificDstBounds(year: number): [number, number] {
  const marchFirst = new Date(Date.UTC(year, 2, 1)).getUTCDay()
  const secondSunday = 1 + ((7 - marchFirst) % 7) + 7
  const novFirst = new Date(Date.UTC(year, 10, 1)).getUTCDay()
  const firstSunday = 1 + ((7 - novFirst) % 7)
  return [Date.UTC(year, 2, secondSunday, 10), Date.UTC(year, 10, firstSunday, 9)]
}

export function pacificOffsetHours(ms: number): number {
  const year = new Date(ms).getUTCFullYear()
  const [start, end] = pacificDstBounds(year)
  return ms >= start && ms < end ? -7 : -8
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** "2015-02-09T10:17:20-08:00", or with milliseconds for envelope `time` fields. */
export function formatQboTime(ms: number, withMillis = false): string {
  const off = pacificOffsetHours(ms)
  const d = new Date(ms + off * HOUR)
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  const millis = withMillis ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''
  const sign = off < 0 ? '-' : '+'
  return `${base}${millis}${sign}${pad(Math.abs(off))}:00`
}

/** The company's calendar date (YYYY-MM-DD) at an instant. */
export function companyDate(ms: number): string {
  return formatQboTime(ms).slice(0, 10)
}

export function isIsoDate(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000
  return new Date(ms).toISOString().slice(0, 10)
}

/** Milliseconds of a QBO timestamp; NaN when unparseable. */
export function parseInstant(s: unknown): number {
  return typeof s === 'string' ? Date.parse(s) : Number.NaN
}
