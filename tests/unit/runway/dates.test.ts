import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  datePart,
  daysBetween,
  isLocalDate,
  fromDayNumber,
  toDayNumber
} from '../../../src/shared/dates'

describe('runway dates', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01')
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01')
    expect(addDays('2024-06-03', -90)).toBe('2024-03-05')
  })

  it('counts whole days between dates, negative backwards', () => {
    expect(daysBetween('2024-06-03', '2024-09-01')).toBe(90)
    expect(daysBetween('2024-06-03', '2024-05-24')).toBe(-10)
  })

  it('adds months clamped to the month end, optionally on a fixed day', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2023-01-31', 1)).toBe('2023-02-28')
    expect(addMonths('2024-02-29', 1, 31)).toBe('2024-03-31')
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15')
  })

  it('rejects what is not a calendar date, including rolled-over ones', () => {
    expect(isLocalDate('2024-02-30')).toBe(false)
    expect(() => toDayNumber('2024-02-30')).toThrow(RangeError)
    expect(() => toDayNumber('06/03/2024')).toThrow(RangeError)
  })

  it('takes the date part of an instant', () => {
    expect(datePart('2024-05-20T23:10:00Z')).toBe('2024-05-20')
    expect(datePart('2024-05-20')).toBe('2024-05-20')
  })

  it('converts days by arithmetic exactly as Date does, across centuries and leap rules', () => {
    const DAY_MS = 86_400_000
    // Every day from 1800 to 2200, and every 97th day over the years the arithmetic covers.
    const days = [
      ...Array.from({ length: 146_100 }, (_, i) => -62_091 + i),
      ...Array.from({ length: 34_000 }, (_, i) => -354_285 + i * 97),
      -354_285,
      2_932_896,
      2_932_897,
      -354_286
    ]
    for (const day of days) {
      const iso = new Date(day * DAY_MS).toISOString().slice(0, 10)
      if (fromDayNumber(day) !== iso) expect(fromDayNumber(day)).toBe(iso)
      if (/^\d{4}-/.test(iso) && toDayNumber(iso) !== day) expect(toDayNumber(iso)).toBe(day)
    }
    for (const bad of [
      '1900-02-29',
      '2023-02-29',
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-01-00',
      '0050-01-01',
      '2024-1-01',
      '2024-01-1x'
    ])
      expect(() => toDayNumber(bad), bad).toThrow(RangeError)
    expect(toDayNumber('2000-02-29')).toBe(11_016)
  })
})
