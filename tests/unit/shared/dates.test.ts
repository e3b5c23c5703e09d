import { describe, expect, it } from 'vitest'
import {
  addDays,
  daysBetween,
  fixedClock,
  formatDay,
  isLocalDate,
  localDateAt,
  parseDay
} from '../../../src/shared/dates'

describe('company-local dates', () => {
  it('does day arithmetic across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(daysBetween('2026-11-01', '2026-12-01')).toBe(30)
    expect(daysBetween('2026-12-01', '2026-11-01')).toBe(-30)
  })

  it('validates calendar dates', () => {
    expect(isLocalDate('2026-02-29')).toBe(false)
    expect(isLocalDate('2028-02-29')).toBe(true)
    expect(isLocalDate('2026-1-5')).toBe(false)
  })

  it("takes the company's time zone, not the user's, for today", () => {
    const instant = new Date('2026-11-26T03:30:00Z')
    expect(localDateAt(instant, 'America/Los_Angeles')).toBe('2026-11-25')
    expect(localDateAt(instant, 'Europe/Berlin')).toBe('2026-11-26')
  })

  it('has a clock tests can move', () => {
    const clock = fixedClock('2026-11-26T00:00:00Z')
    clock.advance(86_400_000)
    expect(clock.now().toISOString()).toBe('2026-11-27T00:00:00.000Z')
  })
})

describe('a day as a person types it', () => {
  it('reads the one written format back, a full month name, a date without its year, and ISO', () => {
    expect(parseDay('29 Dec 2026')).toBe('2026-12-29')
    expect(parseDay(' 3 september 2027 ')).toBe('2027-09-03')
    expect(parseDay('3 Sept 2027')).toBe('2027-09-03')
    expect(parseDay('2027-02-28')).toBe('2027-02-28')
    // Without a year: the first such day from the reference on, so early January after December.
    expect(parseDay('5 Jan', '2026-12-20')).toBe('2027-01-05')
    expect(parseDay('29 Dec', '2026-12-20')).toBe('2026-12-29')
    for (const day of ['2027-03-15', '2028-02-29', '2026-12-31']) expect(parseDay(formatDay(day))).toBe(day)
  })

  it('refuses what is not a real day', () => {
    for (const text of [
      '',
      '31 Feb 2027',
      '29 Feb 2027',
      '12/29/2026',
      '29 Decx 2026',
      '29 Ja 2026',
      '5 Jan'
    ]) {
      expect(parseDay(text), text).toBeNull()
    }
  })
})
