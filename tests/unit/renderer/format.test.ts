// One format everywhere: dates as "29 Dec 2026" (screens, audit trail, reports), amounts with one
// minus sign, cents by one rule (with them for an amount acted on, whole dollars for totals).

import { describe, expect, it } from 'vitest'
import {
  day,
  dayShort,
  money,
  moneyCompact,
  moneyWhole,
  signedDays
} from '../../../src/renderer/src/lib/format'
import { formatDay } from '../../../src/shared/dates'

describe('formats', () => {
  it('writes a date one way, whatever the locale', () => {
    expect(formatDay('2026-12-29')).toBe('29 Dec 2026')
    expect(formatDay('2026-09-03', false)).toBe('3 Sep')
    expect(day('2026-12-29')).toBe('29 Dec 2026')
    expect(dayShort('2026-12-29')).toBe('29 Dec')
    expect(day(null)).toBe('—')
    expect(formatDay('not a date')).toBe('not a date')
  })

  it('writes a negative amount with the minus sign, as days are', () => {
    expect(money(-123_456)).toBe('−$1,234.56')
    expect(moneyWhole(-123_456)).toBe('−$1,235')
    expect(moneyCompact(-12_345_600)).toBe('−$123.5K')
    expect(money(123_456)).toBe('$1,234.56')
    expect(signedDays(-3)).toBe('−3 days')
    expect(`${money(-1)}${signedDays(-1)}`).not.toContain('-')
  })
})
