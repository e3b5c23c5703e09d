// The test drive's story, checked on a given day: one client in trouble, one to watch, one healthy.
// Used by the date sweep; the demo books are made as of the day the (injected) clock says.

import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, fixedClock, fromDayNumber, toDayNumber } from '../../../src/shared/dates'
import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { createCore } from '../../../src/main/core'
import type { PortfolioList } from '../../../src/shared/contract'
import type { PortfolioRow } from '../../../src/shared/views'
import { tempDir } from '../../helpers/temp'

export const TROUBLE = 'Redwood Events & Catering'
export const WATCH = 'Brightline Consulting Group'
export const HEALTHY = 'Northwind Creative Agency'

/** Noon in California, evening in Europe: the sandbox's company date and the core's agree. */
export const instantOn = (day: string): string => `${day}T20:00:00.000Z`

/** What is wrong with the story on `day`; empty when it holds. */
export async function storyProblems(day: string): Promise<string[]> {
  const tmp = tempDir('runway-story-')
  const core = await createCore({
    dataDir: tmp.dir,
    host: 'web',
    jobs: false,
    clock: fixedClock(instantOn(day)),
    testDrive: startTestDriveSandbox
  })
  try {
    await core.start()
    const started = await core.invoke('testDrive.start', undefined)
    if (!started.ok) return [`${day}: test drive failed: ${started.error.message}`]
    const listed = await core.invoke('portfolio.list', undefined)
    if (!listed.ok) return [`${day}: portfolio failed: ${listed.error.message}`]
    return judge(day, (listed.value as PortfolioList).rows)
  } finally {
    await core.stop()
    tmp.cleanup()
  }
}

export function judge(day: string, rows: PortfolioRow[]): string[] {
  const problems: string[] = []
  const say = (row: PortfolioRow | undefined, what: string): void => {
    const s = row?.snapshot
    problems.push(
      `${day}: ${row?.name ?? '?'} ${what} (status ${s?.status} on ${s?.statusDays} days, runway ${s?.runwayDays ?? 'more than 13 weeks'}, cash zero ${s?.cashZeroDate})`
    )
  }
  const zeroIn = (row: PortfolioRow | undefined): number | null =>
    row?.snapshot?.cashZeroDate ? daysBetween(day, row.snapshot.cashZeroDate) : null
  const byName = (name: string): PortfolioRow | undefined => rows.find((r) => r.name === name)

  const trouble = byName(TROUBLE)
  const watch = byName(WATCH)
  const healthy = byName(HEALTHY)
  const troubleZero = zeroIn(trouble)
  if (trouble?.snapshot?.status !== 'critical' || troubleZero === null || troubleZero >= 21)
    say(trouble, 'should run out of cash within three weeks and be critical')
  const watchZero = zeroIn(watch)
  if (
    !['warning', 'healthy'].includes(watch?.snapshot?.status ?? '') ||
    (watchZero !== null && watchZero < 21)
  )
    say(watch, 'should be worth watching: warning or healthy, and not out of cash within three weeks')
  if (healthy?.snapshot?.status !== 'excellent' || zeroIn(healthy) !== null)
    say(healthy, 'should be excellent, with cash all through the forecast')
  const order = rows.map((r) => r.name)
  if (order.join('|') !== [TROUBLE, WATCH, HEALTHY].join('|'))
    problems.push(`${day}: portfolio order ${order.join(', ')}`)
  return problems
}

/**
 * At least `count` days over two years, chosen to hit what moves a company's books: every weekday
 * and weekend day, month ends, year ends, the first of the year, and 29 February 2028.
 */
export function sweepDays(from: string, to: string, step: number): string[] {
  const days = new Set<string>()
  for (let n = toDayNumber(from); n <= toDayNumber(to); n += step) days.add(fromDayNumber(n))
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const next = addDays(d, 1)
    if (next.slice(5) === '01-01' || next.slice(8) === '01') days.add(d) // month and year ends
    if (d.slice(5) === '01-01' || d.slice(5) === '02-29') days.add(d)
  }
  return [...days].sort()
}

/**
 * The sweep of one year: every 19th day (so each weekday comes round) plus the month ends, New
 * Year's Day and a leap day. A year a file, so the two years run side by side.
 */
export function sweepYear(year: number): void {
  const days = sweepDays(`${year}-01-01`, `${year}-12-31`, 19)
  describe(`the demo story on every kind of day in ${year}`, () => {
    if (year % 4 === 0) it('includes 29 February', () => expect(days).toContain(`${year}-02-29`))
    it(
      `holds on ${days.length} days: weekdays, weekends, month and year ends`,
      { timeout: 180_000 },
      async () => {
        expect(days.length).toBeGreaterThanOrEqual(30)
        const problems: string[] = []
        for (const day of days) problems.push(...(await storyProblems(day)))
        expect(problems).toEqual([])
      }
    )
  })
}
