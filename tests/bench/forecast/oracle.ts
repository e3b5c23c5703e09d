// How good the receivables could get: each open invoice's money expected exactly as the generator
// draws it (the customer's habit from its profile, with the generator's odds and ranges), which no
// rule reading the books can beat on average. Used by `--flows` to tell the error better rules for
// open invoices could still remove from the error no such rule can (the draws themselves).
//
// It mirrors scheduleInvoice in packages/qbo-sandbox/src/demo/simulate.ts: a change there must be
// made here too. The large company's customers are drawn from the seed, so it has none.

import { brightline, northwind, redwood } from '../../../packages/qbo-sandbox/src/demo/companies'
import { nextBusinessDay, parseDay, formatDay } from '../../../packages/qbo-sandbox/src/demo/calendar'
import type { CustomerSpec } from '../../../packages/qbo-sandbox/src/demo/profile'
import type { OpenInvoice } from '../../../src/main/core/runway'
import type { LocalDate } from '../../../src/shared/dates'

/** The generator's odds for a very late payer: never pays; pays in two halves (invoices ≥ $500). */
const NEVER = 0.12
const HALVES = 0.3
const HALVES_FROM_CENTS = 500_00
const SECOND_HALF_DAYS: readonly [number, number] = [20, 45]

export type Oracle = (
  invoice: Pick<OpenInvoice, 'customerName' | 'txnDate' | 'dueDate' | 'totalCents' | 'balanceCents'>,
  today: LocalDate
) => { date: LocalDate; cents: number }[] | null

/** The oracle for a demo company by its name; null for the large company. */
export function habitOracle(companyName: string): Oracle | null {
  const profile = [northwind(), brightline(), redwood()].find((p) => p.companyName === companyName)
  if (!profile) return null
  const specs = new Map(profile.customers.map((c) => [c.displayName, c]))
  return (invoice, today) => {
    const spec = specs.get(invoice.customerName)
    if (!spec) return null
    const t = parseDay(today)
    const txn = parseDay(invoice.txnDate)
    const first = firstPayment(spec, txn, invoice.dueDate ? parseDay(invoice.dueDate) : txn)
    // Cents by day; for a part-paid invoice first the chance of each day, scaled to cents after.
    const money = new Map<number, number>()
    const put = (day: number, amount: number): void => void money.set(day, (money.get(day) ?? 0) + amount)
    const secondHalf = (day: number, share: number, onOrAfter: number): number => {
      const [lo, hi] = SECOND_HALF_DAYS
      let mass = 0
      for (let k = lo; k <= hi; k += 1) {
        const d = nextBusinessDay(day + k)
        if (d < onOrAfter) continue
        put(d, share / (hi - lo + 1))
        mass += share / (hi - lo + 1)
      }
      return mass
    }
    if (invoice.balanceCents < invoice.totalCents) {
      // Its first half came before today: the rest comes 20–45 days after it, and not before today.
      let mass = 0
      for (const [day, p] of first) if (day < t) mass += secondHalf(day, p, t)
      if (mass === 0) return []
      for (const [day, share] of money) money.set(day, (invoice.balanceCents * share) / mass)
    } else {
      let mass = spec.habit === 'verylate' ? NEVER : 0
      for (const [day, p] of first) if (day >= t) mass += p
      if (mass === 0) return []
      const halves = spec.habit === 'verylate' && invoice.totalCents >= HALVES_FROM_CENTS ? HALVES : 0
      for (const [day, p] of first) {
        if (day < t) continue
        const cents = (invoice.balanceCents * p) / mass
        put(day, cents * (1 - halves / 2))
        if (halves > 0) secondHalf(day, (cents * halves) / 2, day)
      }
    }
    return [...money].sort((a, b) => a[0] - b[0]).map(([day, cents]) => ({ date: formatDay(day), cents }))
  }
}

/** The chance of the (first) payment on each day, as scheduleInvoice draws it. */
function firstPayment(spec: CustomerSpec, txn: number, due: number): Map<number, number> {
  const out = new Map<number, number>()
  const uniform = (from: number, lo: number, hi: number, weight = 1): void => {
    for (let k = lo; k <= hi; k += 1) {
      const day = nextBusinessDay(Math.max(from + k, txn))
      out.set(day, (out.get(day) ?? 0) + weight / (hi - lo + 1))
    }
  }
  const termDays = due - txn
  switch (spec.habit) {
    case 'early':
      if (termDays <= 5) uniform(txn, 0, 3)
      else uniform(txn, 2, termDays - 4)
      break
    case 'ontime':
      uniform(due, -3, 3)
      break
    case 'late':
      uniform(due, 14, 26)
      break
    case 'verylate':
      uniform(due, 40, 95, 1 - NEVER)
      break
  }
  return out
}
