// QBO speaks decimal numbers; sums in floats drift (0.1 + 0.2), so every computation here runs in
// integer cents and only the wire format is a number with at most two decimals.

export type Cents = number

/** Parses a wire amount (number or numeric string) to cents, rounding half away from zero. */
export function toCents(value: unknown): Cents | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isFinite(n)) return null
  const text = String(Math.abs(n))
  // Shifting the decimal point in the string avoids 1.005 * 100 === 100.49999999999999.
  const scaled = text.includes('e') ? Math.abs(n) * 100 : Number(`${text}e2`)
  const cents = Math.round(scaled)
  return n < 0 ? -cents : cents
}

export function fromCents(cents: Cents): number {
  return cents / 100
}

/** Cents of a field that should hold money; absent or malformed reads as zero. */
export function centsOf(value: unknown): Cents {
  return toCents(value) ?? 0
}
