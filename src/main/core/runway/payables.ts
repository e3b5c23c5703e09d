// What the open bills will really take from the bank: a vendor's open credits are applied to its
// bills, oldest first, as QBO applies them when the bill is paid (the mirror of collectibleInvoices).
import { normalizeName, type Books, type Cents, type OpenBill } from './books'

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
