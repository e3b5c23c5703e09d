// Hand-made books for the runway tests: everything empty unless a test says otherwise, so each
// test's arithmetic only has to follow the documents it adds.
import type { Books, CashOut, OpenBill, OpenInvoice } from '../../../src/main/core/runway/books'
import { addDays } from '../../../src/shared/dates'

/** A Monday. today − 90 = 2024-03-05, today + 90 (last forecast day) = 2024-09-01. */
export const TODAY = '2024-06-03'

export const day = (n: number): string => addDays(TODAY, n)

export function books(overrides: Partial<Books> = {}): Books {
  return {
    homeCurrency: 'USD',
    bankAccounts: [],
    creditCards: [],
    openBills: [],
    openInvoices: [],
    paidInvoices: [],
    paidBills: [],
    cashOut: [],
    cashIn: [],
    vendors: [],
    customers: [],
    unappliedPayments: [],
    undepositedFunds: [],
    plannedDates: {},
    reserves: [],
    minCashCents: 0,
    ...overrides
  }
}

export function bank(balanceCents: number, id = 'bank-1'): Books['bankAccounts'][number] {
  return { id, name: `Checking ${id}`, balanceCents }
}

export function bill(
  id: string,
  balanceCents: number,
  dueDate: string | null,
  extra: Partial<OpenBill> = {}
): OpenBill {
  return {
    id,
    vendorId: `v-${id}`,
    vendorName: `Vendor ${id}`,
    txnDate: day(-20),
    dueDate,
    totalCents: balanceCents,
    balanceCents,
    ...extra
  }
}

export function invoice(
  id: string,
  balanceCents: number,
  dueDate: string | null,
  extra: Partial<OpenInvoice> = {}
): OpenInvoice {
  return {
    id,
    customerId: `c-${id}`,
    customerName: `Customer ${id}`,
    txnDate: day(-40),
    dueDate,
    totalCents: balanceCents,
    balanceCents,
    email: `${id}@example.com`,
    ...extra
  }
}

/**
 * A burn of exactly `dailyCents` per day over the 90-day window, as a single bill payment ten days
 * ago: one row is never a recurring series, and bill payments are not spread as unscheduled spend,
 * so it moves burn (and the simple runway) without adding anything to the forecast.
 */
export function burnOf(dailyCents: number): CashOut[] {
  return [
    {
      date: day(-10),
      payeeId: 'v-history',
      payeeName: 'History',
      amountCents: dailyCents * 90,
      kind: 'bill-payment',
      accountId: 'bank-1'
    }
  ]
}

export function out(
  date: string,
  amountCents: number,
  payee: string,
  kind: CashOut['kind'] = 'other',
  payeeId: string | null = `p-${payee}`
): CashOut {
  return { date, payeeId, payeeName: payee, amountCents, kind, accountId: 'bank-1' }
}
