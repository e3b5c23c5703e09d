// The test drive tells the same story on every day of 2027 (the other year of the sweep has a file
// of its own, so the two run side by side): see demo-story.ts.

import { describe, expect, it } from 'vitest'
import { storyProblems, sweepDays } from './demo-story'

const days = sweepDays('2027-01-01', '2027-12-31', 19)

describe('the demo story on every kind of day in 2027', () => {
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
