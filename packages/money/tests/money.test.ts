import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { centsToDecimal, parseMoney, readMoney, sumCents, toHome } from '../src'

describe('money', () => {
  it('parses QBO decimals into integer cents without float drift', () => {
    expect(parseMoney(103.55)).toBe(10355)
    expect(parseMoney('1234.5')).toBe(123450)
    expect(parseMoney(0.1 + 0.2)).toBe(30)
    expect(parseMoney(-20.07)).toBe(-2007)
    expect(parseMoney(1e7)).toBe(1_000_000_000)
    expect(parseMoney(19.999)).toBe(2000)
  })

  it('a JSON number gives the same cents as its decimal text, whatever its digits', () => {
    const twoDecimals = fc.integer({ min: -1e13, max: 1e13 }).map((c) => c / 100)
    fc.assert(
      fc.property(
        fc.oneof(
          twoDecimals,
          fc.double({ min: -1e13, max: 1e13, noNaN: true }),
          fc.double({ min: -9e13, max: 9e13, noNaN: true })
        ),
        (value) => {
          expect(parseMoney(value)).toBe(parseMoney(value.toFixed(3)))
        }
      ),
      { numRuns: 5000 }
    )
    expect(Object.is(parseMoney(-0), 0)).toBe(true)
    expect(parseMoney(59387428764718.055)).toBe(parseMoney('59387428764718.055'))
  })

  it('rejects what is not an amount', () => {
    expect(() => parseMoney('12,50')).toThrow(RangeError)
    expect(() => parseMoney(Number.NaN)).toThrow(RangeError)
    expect(() => parseMoney('')).toThrow(RangeError)
  })

  it('reads a field that may hold anything: numbers and numeric strings as parseMoney, else null', () => {
    expect(readMoney(1.005)).toBe(101)
    expect(readMoney(' 1234.5 ')).toBe(123450)
    expect(readMoney(-20.07)).toBe(-2007)
    for (const value of [undefined, null, '', 'abc', {}, [], Number.NaN, Number.POSITIVE_INFINITY, 1e300]) {
      expect(readMoney(value)).toBeNull()
    }
  })

  it('sums in cents and converts with the exchange rate', () => {
    const parts = [0.1, 0.2, 0.3].map((v) => parseMoney(v))
    expect(sumCents(parts)).toBe(60)
    expect(toHome(parseMoney(100), 1.3456)).toBe(13456)
    expect(toHome(parseMoney(100), undefined)).toBe(10000)
    expect(centsToDecimal(parseMoney(10.1))).toBe(10.1)
  })
})
