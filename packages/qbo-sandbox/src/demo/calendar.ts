// Dates as day numbers (days since 1970-01-01) so that date arithmetic is integer arithmetic, and
// timestamps in US Pacific time, which is how QuickBooks Online writes MetaData for US companies.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function dayFromParts(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000)
}

export function parseDay(s: string): number {
  const m = DATE.exec(s)
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${s}`)
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const day = dayFromParts(y, mo, d)
  if (formatDay(day) !== s) throw new Error(`not a calendar date: ${s}`)
  return day
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

export function partsOf(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * 86_400_000)
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() }
}

export function formatDay(day: number): string {
  const { y, m, d } = partsOf(day)
  return `${y}-${pad2(m)}-${pad2(d)}`
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate()
}

/** The given day of a month, clamped to the month's length (the 31st of February is the 28th/29th). */
export function dayInMonth(y: number, m: number, d: number): number {
  return dayFromParts(y, m, Math.min(d, daysInMonth(y, m)))
}

/** First day of the month `n` months after the month containing `day`. */
export function monthStart(day: number, n = 0): number {
  const { y, m } = partsOf(day)
  const idx = y * 12 + (m - 1) + n
  return dayFromParts(Math.floor(idx / 12), (idx % 12) + 1, 1)
}

/** Monday–Friday. */
export function isBusinessDay(day: number): boolean {
  const w = weekday(day)
  return w !== 0 && w !== 6
}

/** The day itself if it is a business day, else the next Monday. */
export function nextBusinessDay(day: number): number {
  let d = day
  while (!isBusinessDay(d)) d++
  return d
}

function nthSunday(y: number, m: number, n: number): number {
  const first = dayFromParts(y, m, 1)
  const firstSunday = first + ((7 - weekday(first)) % 7)
  return firstSunday + 7 * (n - 1)
}

/** Minutes east of UTC in US Pacific time at a local wall-clock moment. */
export function pacificOffsetMinutes(day: number, secondOfDay: number): number {
  const { y } = partsOf(day)
  const dstStart = nthSunday(y, 3, 2) // second Sunday of March, 02:00 local
  const dstEnd = nthSunday(y, 11, 1) // first Sunday of November, 02:00 local
  const t = day * 86_400 + secondOfDay
  const inDst = t >= dstStart * 86_400 + 7_200 && t < dstEnd * 86_400 + 7_200
  return inDst ? -420 : -480
}

/** '2024-03-01T09:12:00-08:00' for a local wall-clock moment in Pacific time. */
export function pacificStamp(day: number, secondOfDay: number): string {
  const s = Math.max(0, Math.min(86_399, Math.floor(secondOfDay)))
  const off = pacificOffsetMinutes(day, s)
  const sign = off < 0 ? '-' : '+'
  const a = Math.abs(off)
  return `${formatDay(day)}T${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`
}

/** Epoch milliseconds of a local Pacific wall-clock moment. */
export function pacificMillis(day: number, secondOfDay: number): number {
  return (day * 86_400 + secondOfDay - pacificOffsetMinutes(day, secondOfDay) * 60) * 1000
}

/** The Pacific local day and second of an epoch instant. */
export function pacificLocal(ms: number): { day: number; second: number } {
  // Guess with standard time, then correct with the offset in force at that local moment.
  for (const off of [-480, -420]) {
    const local = Math.floor(ms / 1000) + off * 60
    const day = Math.floor(local / 86_400)
    const second = local - day * 86_400
    if (pacificOffsetMinutes(day, second) === off) return { day, second }
  }
  const local = Math.floor(ms / 1000) - 480 * 60
  const day = Math.floor(local / 86_400)
  return { day, second: local - day * 86_400 }
}
