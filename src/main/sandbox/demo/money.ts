// Amounts are integer cents everywhere inside the generator and the ledger; they become JSON
// numbers only when written into a record. n / 100 for an integer n is the double nearest to the
// two-decimal value, and JSON prints it back as exactly that value (no 0.30000000000000004).

export function toMoney(cents: number): number {
  if (!Number.isSafeInteger(cents)) throw new Error(`not a whole number of cents: ${cents}`)
  return cents / 100
}

/** Wire amount → cents; tolerant of amounts produced by float arithmetic elsewhere. */
export function toCents(amount: unknown): number {
  if (typeof amount === 'number' && Number.isFinite(amount)) return Math.round(amount * 100)
  if (typeof amount === 'string' && amount.trim() !== '' && Number.isFinite(Number(amount))) {
    return Math.round(Number(amount) * 100)
  }
  return 0
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
