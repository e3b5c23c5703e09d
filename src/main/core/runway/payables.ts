// What the open bills will really take from the bank: a vendor's open credits are applied to its
// bills, oldest first, as QBO applies them when the bill is paid (the mirror of collectibleInvoices).
import { billDueDate, normalizeName, payeeKey, type Books, type Cents, type OpenBill } from './books'
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

/**
 * The share of each vendor's bills that the company pays from the bank. It is what left the bank
 * for the vendor's bills, divided by what its paid bills cost, at most 1. The rest went on a credit
 * card. A card's cash leaves with the card's own payment, which the forecast's spending projection
 * already carries, so counting those bills from the bank too would pay them twice. A vendor with no
 * paid bill is not in the map: its bills are taken to leave from the bank, the cautious guess; so is
 * every vendor when the books hold no bill payment from the bank at all (they do not say then how
 * bills are paid).
 */
export function bankShareByVendor(
  books: Pick<Books, 'paidBills' | 'cashOut' | 'vendors'>
): Map<string, number> {
  const names = new Map(books.vendors.map((v) => [v.id, v.name]))
  const paid = new Map<string, number>()
  for (const b of books.paidBills) paid.set(b.vendorId, (paid.get(b.vendorId) ?? 0) + b.amountCents)
  const fromBank = new Map<string, number>()
  for (const c of books.cashOut)
    if (c.kind === 'bill-payment') {
      const key = payeeKey(c.payeeId, c.payeeName)
      fromBank.set(key, (fromBank.get(key) ?? 0) + c.amountCents)
    }
  const out = new Map<string, number>()
  if (fromBank.size === 0) return out
  for (const [vendorId, cents] of paid) {
    if (cents <= 0) continue
    const bank = fromBank.get(payeeKey(vendorId, names.get(vendorId) ?? '')) ?? 0
    out.set(vendorId, Math.min(1, bank / cents))
  }
  return out
}
