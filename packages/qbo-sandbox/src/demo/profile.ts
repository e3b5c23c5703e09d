// What a simulated company is made of. The engine (simulate.ts) turns a profile into a year or more
// of books; profiles (companies.ts) only say who the company deals with and how it behaves.

import type { Address } from './book'

export type TermKey = 'receipt' | 'net15' | 'net30' | 'net60'

/** How a customer pays relative to the invoice's due date. */
export type Habit = 'early' | 'ontime' | 'late' | 'verylate'

export type Range = readonly [number, number]

export interface VendorSpec {
  key: string
  displayName: string
  companyName?: string
  givenName?: string
  familyName?: string
  email?: string
  phone?: string
  web?: string
  address?: Address
  acctNum?: string
  /** Left out for vendors keyed in without terms; their bills fall due on the bill date or carry no DueDate. */
  term?: TermKey
  is1099?: boolean
}

export interface CustomerSpec {
  key: string
  displayName: string
  companyName?: string
  givenName?: string
  familyName?: string
  email?: string
  phone?: string
  address?: Address
  term: TermKey
  habit: Habit
  /** Share of the company's revenue, relative to the other customers' weights. */
  weight: number
  invoicesPerMonth: Range
  items: string[]
  /** Pays by ACH straight into the operating account; otherwise checks go to Undeposited Funds. */
  direct: boolean
  /** A fixed monthly retainer (a fixed-price item) invoiced on the first business day. */
  retainer?: { item: string; cents: number }
}

export interface AccountDef {
  key: string
  name: string
  type: string
  subtype: string
  parent?: string
  acctNum?: string
}

export interface ItemDef {
  key: string
  name: string
  income: string
  /** Hourly items bill Qty hours at the rate; fixed items bill one unit priced to the job. */
  unit: 'hour' | 'fixed'
  rateCents: number
}

export type Stream =
  | {
      kind: 'payroll'
      vendor: string
      wagesAccount: string
      taxesAccount: string
      /** 'purchase': an ACH debit expense; 'bill': a payroll invoice paid the same day. */
      via: 'purchase' | 'bill'
      grossCents: number
      /** Multiplier on gross per month (hiring or layoffs). */
      growthPerMonth: number
    }
  | {
      kind: 'monthlyBill'
      vendor: string
      account: string
      dayOfMonth: number
      cents: Range
      /** Rent: the same amount every month, rising once a year. */
      fixed?: boolean
      noDueDateChance?: number
    }
  | {
      kind: 'quarterlyBill'
      vendor: string
      account: string
      months: number[]
      dayOfMonth: number
      cents: Range
    }
  | {
      kind: 'randomBills'
      vendors: string[]
      account: string
      perMonth: Range
      cents: Range
      noDueDateChance?: number
      /** Share of these bills paid with the credit card instead of from the bank. */
      cardShare?: number
    }
  | { kind: 'cardMonthly'; vendor: string; account: string; dayOfMonth: number; cents: Range }
  | { kind: 'cardRandom'; vendors: string[]; account: string; perMonth: Range; cents: Range }
  | {
      kind: 'bankMonthly'
      vendor: string
      account: string
      dayOfMonth: number
      cents: Range
      check?: boolean
    }
  | { kind: 'quarterlyTax'; vendor: string; account: string; cents: Range }

export type CashTarget =
  | { basis: 'coverage'; coverage: number }
  | { basis: 'netPosition'; days: number; coverDays: number }
  | { basis: 'shortOfDue'; share: number; withinDays: number }

export interface CompanyProfile {
  key: string
  companyName: string
  legalName: string
  companyType: string
  industry: string
  address: Address
  phone: string
  email: string
  web: string
  fiscalYearStartMonth: number
  companyStartYearsAgo: number
  multiCurrency: boolean
  historyMonths: number
  /** Seconds between consecutive records created on the same day. */
  clockStep: Range
  banks: Array<{
    name: string
    subtype: 'Checking' | 'Savings'
    acctNum: string
    cashShare: number
    interestCents?: Range
  }>
  card: { name: string; issuer: string; payDay: number }
  accounts: AccountDef[]
  items: ItemDef[]
  vendors: VendorSpec[]
  customers: CustomerSpec[]
  streams: Stream[]
  revenue: {
    /** Revenue as a multiple of the streams' expected monthly spend, in the first month. */
    margin: number
    /** Multiplier per month: above 1 grows, below 1 shrinks. */
    trendPerMonth: number
    /** January … December; normalised to a mean of 1. */
    seasonality: readonly number[]
  }
  billPolicy: {
    /** Days after the due date (negative: before) that bills get paid. */
    delay: Range
    partialChance: number
    /** Bills dated within this many days of today may be left unpaid outright … */
    unpaidRecentDays: number
    /** … with this probability. */
    unpaidChance: number
    /** Share of bank bill payments made by printed check (the rest are ACH, no check number). */
    checkShare: number
  }
  /**
   * Where the company's cash ends, chosen so that it tells the same story on whatever day the books
   * are made (payroll weeks, month ends and seasons move everything else):
   * - `coverage`: cash = coverage × (open bills + four weeks of spending);
   * - `netPosition`: cash + AR − AP − card debt = `days` of recent spending, or the bills due within
   *   `coverDays` plus that many days of spending where that is more (no near-term crunch);
   * - `shortOfDue`: cash = share × (the bills due before today + `withinDays`, less the invoices due
   *   by then), so the company cannot meet what falls due even if every customer pays on time.
   */
  cash: CashTarget & {
    /** Lowest the operating account may have gone at any end of day; null allows overdrafts. */
    floorCents: number | null
  }
  /** Weekdays (0 = Sunday) on which the week's checks are taken to the bank. */
  depositWeekdays: number[]
  extras: {
    prepayment: boolean
    overpayment: boolean
    /** A customer recently paid part of an invoice and still owes the rest. */
    partialPayment: boolean
    vendorCredit?: { vendor: string; account: string }
    creditMemo: boolean
    /**
     * The owner takes out what the operating account holds above `keepCents`, `daysAgo` days before
     * today, when there is any. Keeps a seasonal company's good months from leaving it flush on
     * some days of the year and short on others.
     */
    ownerDraw?: { daysAgo: number; keepCents: number }
  }
}
