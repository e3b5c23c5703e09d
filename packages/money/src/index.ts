// Money travels as integer cents from the moment a QBO decimal is parsed: sums never see a float.

declare const centsBrand: unique symbol
export type Cents = number & { readonly [centsBrand]: 'Cents' }

export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number of cents: ${value}`)
  return value as Cents
}

/** Parses a QBO decimal (JSON number or string such as "1234.5") into cents without float drift. */
export function parseMoney(value: number | string): Cents {
  if (typeof value === 'number') {
    // Nearly every amount has at most two decimals: its cents are whole to within float error, and
    // the exact path below would give the same. (+ 0 turns -0 into 0.)
    const scaled = value * 100
    const whole = Math.round(scaled)
    // Beyond 2^52 every double is a whole number, and the product's rounding may be a cent off.
    if (Math.abs(scaled - whole) < 1e-6 && Math.abs(whole) < 2 ** 52) return (whole + 0) as Cents
  }
  const text = typeof value === 'number' ? numberToPlain(value) : value.trim()
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new RangeError(`not an amount: ${String(value)}`)
  const [, sign, whole, fraction = ''] = match
  // QBO sends at most 2 decimals for amounts; round half away from zero beyond that (exchange maths).
  const padded = (fraction + '000').slice(0, 3)
  let result = Number(whole) * 100 + Number(padded.slice(0, 2))
  if (Number(padded[2]) >= 5) result += 1
  return cents(sign && result !== 0 ? -result : result)
}

/**
 * The cents of a field that may hold anything (a request body, a malformed record): a number or a
 * numeric string is parsed as parseMoney does; anything else, or an amount past whole cents' safe
 * range, is null.
 */
export function readMoney(value: unknown): Cents | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n)) return null
  try {
    return parseMoney(n)
  } catch {
    return null
  }
}

function numberToPlain(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not an amount: ${value}`)
  // toFixed(3) avoids exponent notation and keeps a third digit for rounding.
  return value.toFixed(3)
}

/** Converts a foreign-currency amount to home currency with QBO's ExchangeRate (home per foreign). */
export function toHome(amount: Cents, exchangeRate: number | undefined): Cents {
  if (exchangeRate === undefined || exchangeRate === 1) return amount
  return cents(Math.round(amount * exchangeRate))
}

export function sumCents(values: Iterable<Cents>): Cents {
  let total = 0
  for (const v of values) total += v
  return cents(total)
}

/** Back to the wire format QBO expects: a JSON number with two decimals. */
export function centsToDecimal(value: Cents): number {
  return Number((value / 100).toFixed(2))
}

export function formatMoney(value: Cents, currency = 'USD', locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value / 100)
}
