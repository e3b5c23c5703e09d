// The runway engine's only input: one company's books as plain data, already read out of the cache
// by the data layer (db/books-reader.ts). Keeping it plain (no Kysely rows, no QBO JSON) is what lets the engine stay pure and
// lets tests write a company by hand.
//
// Contract with the books reader (what it must guarantee, because the engine does not check):
// - Every amount is integer cents in the company's HOME currency. Foreign-currency documents are
//   converted by the reader with the transaction's own ExchangeRate (QBO: home per foreign unit);
//   the engine never sees a currency code other than `homeCurrency` and never converts.
// - Every date is a company-local calendar date `YYYY-MM-DD` (instants are allowed only where said).
// - Open documents have balanceCents > 0; fully paid ones may appear and are ignored, never reminded.
// - Foreign-currency bank and card accounts are converted at the latest rate the reader has (and
//   say so in `foreign`), or, without one, listed in `accountsLeftOut` and counted nowhere; an
//   account in another currency at face value would be a silent error in every figure here.
// - shared/money's branded `Cents` is assignable to this plain `Cents`, so the reader's values fit as is.
import { addDays, daysBetween, type LocalDate } from '../../../shared/dates'

/** Integer cents. Sums stay integers; rounding happens once, where a ratio becomes an amount. */
export type Cents = number

/** How an account kept in another currency was brought into the home currency. */
export interface ForeignBalance {
  currency: string
  /** The balance QBO keeps, in the account's own currency. */
  balanceCents: Cents
  /** Home currency per unit of `currency` (QBO's ExchangeRate). */
  rate: number
  /** The day the rate is from. */
  rateDate: LocalDate
}

export interface BankAccount {
  id: string
  name: string
  /** Current balance (AccountType Bank) in the home currency. */
  balanceCents: Cents
  /** Set when the account is kept in another currency. */
  foreign?: ForeignBalance
}

export interface CreditCard {
  id: string
  name: string
  /** Debt owed on the card, positive, in the home currency. */
  balanceCents: Cents
  foreign?: ForeignBalance
}

/** A foreign-currency account no rate could convert: shown, never summed. */
export interface AccountLeftOut {
  id: string
  name: string
  type: 'Bank' | 'Credit Card'
  currency: string
  /** In the account's own currency. */
  balanceCents: Cents
}

export interface OpenBill {
  id: string
  vendorId: string
  vendorName: string
  docNumber?: string
  txnDate: LocalDate
  dueDate: LocalDate | null
  totalCents: Cents
  balanceCents: Cents
  /** Names of the expense accounts on the bill's lines ("Rent or Lease", "Payroll Expenses"): lets
   *  a bill be critical by what it pays for even when the vendor's name says nothing. */
  accountNames?: string[]
  /** User marked this single bill as essential. */
  critical?: boolean
  /** An early-payment discount from the vendor's terms (QBO Term DiscountPercent/DiscountDays). */
  discount?: { percent: number; byDate: LocalDate }
}

export interface OpenInvoice {
  id: string
  customerId: string
  customerName: string
  docNumber?: string
  txnDate: LocalDate
  dueDate: LocalDate | null
  totalCents: Cents
  balanceCents: Cents
  email: string | null
  /** QBO EmailStatus (NotSet | NeedToSend | EmailSent); informational. */
  emailStatus?: string
  /** Date (or ISO instant; its date part is used) of the last reminder sent for this invoice. */
  lastReminderAt?: string | null
  /** Automated reminders already sent for this invoice. */
  reminderCount?: number
  /** The firm's person who sent the last reminder (null outside a firm). */
  lastReminderBy?: string | null
}

export interface PaidInvoice {
  id: string
  customerId: string
  dueDate: LocalDate | null
  txnDate: LocalDate
  /** Date of the (last) payment that closed the invoice. */
  paidDate: LocalDate
  amountCents: Cents
  /** What was applied to it on each day, oldest first, in the invoice's currency: an invoice paid
   *  half in March and half in May brought half its money in March. Absent: one payment on
   *  `paidDate`. */
  payments?: { date: LocalDate; cents: Cents }[]
}

export interface PaidBill {
  id: string
  vendorId: string
  dueDate: LocalDate | null
  txnDate: LocalDate
  paidDate: LocalDate
  amountCents: Cents
}

export type CashOutKind = 'bill-payment' | 'purchase' | 'other'

export interface CashOut {
  date: LocalDate
  /** Vendor (or employee/other payee) id; bill payments and purchases to vendors carry the vendor id. */
  payeeId: string | null
  payeeName: string
  /** Positive. */
  amountCents: Cents
  kind: CashOutKind
  accountId: string
}

export interface CashIn {
  date: LocalDate
  payerId: string | null
  payerName: string
  amountCents: Cents
  kind: 'payment' | 'deposit' | 'other'
}

export interface Vendor {
  id: string
  name: string
  hasTerms: boolean
  /** User-marked essential vendor. */
  critical: boolean
}

export interface Customer {
  id: string
  name: string
  email: string | null
}

export interface UnappliedPayment {
  id: string
  /** When known, ties the money to that customer's open invoices (else matched by name). */
  customerId?: string
  customerName: string
  amountCents: Cents
  date: LocalDate
}

/** An open vendor credit: money the vendor owes back, taken off what is paid to it next. */
export interface VendorCredit {
  id: string
  vendorId: string
  vendorName: string
  amountCents: Cents
  date: LocalDate
}

export interface UndepositedFund {
  id: string
  amountCents: Cents
  date: LocalDate
}

export interface Reserve {
  id: string
  name: string
  amountCents: Cents
  /** Held back through the day before this date and available again on it; null = indefinitely. */
  until: LocalDate | null
}

export interface UncategorizedTransaction {
  id: string
  date: LocalDate
  amountCents: Cents
}

/** The bookkeeper's word on an open invoice or on all of a customer's: when the money comes, or
 *  that it will not. It outranks what the payment history says. */
export type Expectation = { expectOn: LocalDate } | { wontCollect: true }

export interface Books {
  homeCurrency: string
  bankAccounts: BankAccount[]
  creditCards: CreditCard[]
  openBills: OpenBill[]
  openInvoices: OpenInvoice[]
  /** History for customer payment habits: due date vs the date the invoice was paid. */
  paidInvoices: PaidInvoice[]
  paidBills: PaidBill[]
  /** Every cash-out in the history window (at least the 90 days before today; more helps recurring
   *  detection): bill payments by check/transfer, purchases from bank, card payments. */
  cashOut: CashOut[]
  cashIn: CashIn[]
  vendors: Vendor[]
  customers: Customer[]
  unappliedPayments: UnappliedPayment[]
  /** Open vendor credits; QBO's A/P account nets them as its A/R nets unapplied payments. Absent:
   *  none. */
  vendorCredits?: VendorCredit[]
  /** Foreign-currency accounts with no rate to convert them (see `foreign` on the others). */
  accountsLeftOut?: AccountLeftOut[]
  undepositedFunds: UndepositedFund[]
  /** billId → the date the user scheduled the payment for. */
  plannedDates: Record<string, LocalDate>
  reserves: Reserve[]
  minCashCents: Cents
  /** Transactions posted to Uncategorized Income/Expense/Asset; optional because not every ledger
   *  reads them yet, and the hygiene check only runs when they are supplied. */
  uncategorizedTransactions?: UncategorizedTransaction[]
  /** The user's expectations, by invoice id and by customer id; an invoice's own outranks its customer's. */
  expectations?: { invoices: Record<string, Expectation>; customers: Record<string, Expectation> }
  /** The user's verdict on a detected recurring series, by its key (see recurring.ts). */
  recurringDecisions?: Record<string, 'confirmed' | 'dismissed'>
  /** Charges on credit cards (purchases from a card account). Not cash until the card is paid, so
   *  they are not in `cashOut`; recurring detection reads them to list card subscriptions. */
  cardCharges?: CashOut[]
}

/**
 * What the bookkeeper's own decisions fill in, kept on this computer rather than in QBO: books kept
 * from an earlier, complete sync take these fresh, so a decision counts at once even while the
 * copy of QBO's records waits for a sync to complete.
 */
export const LOCAL_DECISIONS = [
  'plannedDates',
  'reserves',
  'minCashCents',
  'expectations',
  'recurringDecisions'
] as const satisfies readonly (keyof Books)[]

// -- small shared readings of the books ----------------------------------------------------------

/** QBO lets a bill have no due date; such a bill is payable from its own date. */
export function billDueDate(bill: Pick<OpenBill, 'dueDate' | 'txnDate'>): LocalDate {
  return bill.dueDate ?? bill.txnDate
}

/** An invoice without a due date is treated as net 30, the most common QBO term. */
export const DEFAULT_INVOICE_TERMS_DAYS = 30

export function invoiceDueDate(inv: Pick<OpenInvoice, 'dueDate' | 'txnDate'>): LocalDate {
  return inv.dueDate ?? addDays(inv.txnDate, DEFAULT_INVOICE_TERMS_DAYS)
}

export function sumCents<T>(items: readonly T[], pick: (item: T) => Cents): Cents {
  let total = 0
  for (const item of items) total += pick(item)
  return total
}

/** Same payee across documents that only share a name (a payee id is not always present). */
export function payeeKey(id: string | null | undefined, name: string): string {
  return id ? `id:${id}` : `name:${normalizeName(name)}`
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ')
}

/**
 * The day a paid invoice's money came, on average over its payments weighted by amount. The last
 * payment's date says when the invoice closed; a customer who pays half first and the rest weeks
 * later brings most of the money earlier than that, and a history of last dates would expect it late.
 */
export function moneyDate(paid: Pick<PaidInvoice, 'paidDate' | 'payments'>): LocalDate {
  const payments = paid.payments ?? []
  const total = sumCents(payments, (p) => p.cents)
  if (payments.length < 2 || total <= 0) return paid.paidDate
  const first = payments[0]!.date
  let weighted = 0
  for (const p of payments) weighted += daysBetween(first, p.date) * p.cents
  return addDays(first, Math.round(weighted / total))
}
