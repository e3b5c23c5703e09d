// What the open bills will really take from the bank: a vendor's open credits are applied to its
// bills, oldest first, as QBO applies them when the bill is paid (the mirror of collectibleInvoices).
import { billDueDate, normalizeName, type Books, type Cents, type OpenBill } from './books'
import { maxDate, type LocalDate } from '../../../shared/dates'
import { dateOnHabit, latenesses } from './receivables'

export interface PayableBill {
  bill: OpenBill
  /** Open balance less the vendor's open credits left after its older bills took theirs. */
  payableCents: Cents
}

export function payableBills(books: Pick<Books, 'openBills' | 'vendorCredits'>): PayableBill[] {
  const credit = new Map<string, number>()
  const key = (vendorId: string, vendorName: string): string =>
    vendorId ? `id:${vendorId}` : `name:${normalizeName(vendorName)}`
  for (const c of books.vendorCredits ?? []) {
    if (c.amountCents <= 0) continue
    const k = key(c.vendorId, c.vendorName)
    credit.set(k, (credit.get(k) ?? 0) + c.amountCents)
  }
  const open = books.openBills
    .filter((b) => b.balanceCents > 0)
    .sort((a, b) => (a.txnDate < b.txnDate ? -1 : a.txnDate > b.txnDate ? 1 : a.id < b.id ? -1 : 1))
  const out: PayableBill[] = []
  for (const bill of open) {
    const k = key(bill.vendorId, bill.vendorName)
    const available = credit.get(k) ?? 0
    const used = Math.min(available, bill.balanceCents)
    if (used > 0) credit.set(k, available - used)
    out.push({ bill, payableCents: bill.balanceCents - used })
  }
  return out
}

export type BillDateBasis = 'due' | 'habit' | 'later-than-usual' | 'overdue-now'

export interface BillHistory {
  company: number[]
  byVendor: Map<string, number[]>
}

/** How late the company has paid its bills (paid date − due date), sorted, overall and per vendor. */
export function billHistory(books: Pick<Books, 'paidBills'>): BillHistory {
  const grouped = new Map<string, Books['paidBills']>()
  for (const b of books.paidBills) {
    const list = grouped.get(b.vendorId)
    if (list) list.push(b)
    else grouped.set(b.vendorId, [b])
  }
  return {
    company: latenesses(books.paidBills, billDueDate),
    byVendor: new Map([...grouped].map(([id, paid]) => [id, latenesses(paid, billDueDate)]))
  }
}

const mean = (xs: readonly number[]): number => Math.round(xs.reduce((s, x) => s + x, 0) / xs.length)

/**
 * When the cash for an open bill is expected to leave: on the company's own habit with this vendor
 * (due + its average lateness, the company's when the vendor has no paid bill), re-dated as invoices
 * are once that day has passed. Paying on the due date is the assumption only without history, and an
 * overdue bill no history can date is counted today: for money going out, the cautious guess.
 */
export function expectedBillDate(
  bill: Pick<OpenBill, 'dueDate' | 'txnDate' | 'vendorId'>,
  history: BillHistory,
  today: LocalDate
): { date: LocalDate; basis: BillDateBasis } {
  const due = billDueDate(bill)
  const own = history.byVendor.get(bill.vendorId) ?? []
  const shift = own.length > 0 ? mean(own) : history.company.length > 0 ? mean(history.company) : null
  if (shift === null)
    return due >= today ? { date: due, basis: 'due' } : { date: today, basis: 'overdue-now' }
  const dated = dateOnHabit(due, shift, [own, history.company], today)
  return dated ?? { date: maxDate(due, today), basis: 'overdue-now' }
}
