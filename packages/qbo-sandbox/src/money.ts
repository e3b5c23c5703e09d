// The sandbox keeps amounts as plain integer cents (its records are QBO's, not the app's branded
// values). Reading and writing wire amounts is @runway/money's, so the sandbox and the app round
// every amount the same way.

import { cents, centsToDecimal, readMoney } from '@runway/money'

/** A wire amount (number or numeric string) in cents; null when the field holds no amount. */
export function toCents(value: unknown): number | null {
  return readMoney(value)
}

/** Cents of a field that should hold money; absent or malformed reads as zero. */
export function centsOf(value: unknown): number {
  return readMoney(value) ?? 0
}

/** Cents back to the wire: a JSON number with at most two decimals. Throws on a fraction of a cent. */
export function toMoney(value: number): number {
  return centsToDecimal(cents(value))
}

/** Splits a total into parts proportional to weights; the parts sum to the total exactly. */
export function splitCents(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (weights.length === 0) return []
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0))
  const raw = weights.map((w) => (total * w) / sum)
  const parts = raw.map((r) => Math.floor(r))
  let rest = total - parts.reduce((a, b) => a + b, 0)
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k]!.i]!++
  return parts
}

/** Rounds cents to a "human" granularity (e.g. 500 → whole $5), never to zero. */
export function roundTo(cents: number, step: number): number {
  return Math.max(step, Math.round(cents / step) * step)
}
