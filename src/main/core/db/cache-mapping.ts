// How a QBO record becomes a cache row: the typed columns we compute with, plus links between
// documents. Money is parsed into integer cents here, once; home-currency amounts use the
// transaction's own ExchangeRate.

import { parseMoney, toHome } from '../../../shared/money'
import type { EntityName } from '../qbo/entities'

type Json = Record<string, unknown>
export type Cell = string | number | null
export type Row = Record<string, Cell>

export interface Link {
  toEntity: EntityName
  toId: string
  amountCents: number
}

export interface EntityMapping {
  table: string
  columns: string[]
  row(record: Json): Row
  links?(record: Json): Link[]
}

const refValue = (v: unknown): string | null =>
  v && typeof v === 'object' && typeof (v as Json).value === 'string' ? ((v as Json).value as string) : null
const refName = (v: unknown): string | null =>
  v && typeof v === 'object' && typeof (v as Json).name === 'string' ? ((v as Json).name as string) : null
const cents = (v: unknown): number => (typeof v === 'number' || typeof v === 'string' ? parseMoney(v) : 0)
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const email = (v: unknown): string | null => text((v as Json | undefined)?.Address)
const rate = (r: Json): number | null => (typeof r.ExchangeRate === 'number' ? r.ExchangeRate : null)
const home = (r: Json, amount: number): number => toHome(amount as never, rate(r) ?? undefined)

/** Lines that link this document to others of `type` (BillPayment → Bill, Payment → Invoice). */
function lineLinks(r: Json, type: string, entity: EntityName): Link[] {
  const links = new Map<string, number>()
  for (const line of (r.Line as Json[] | undefined) ?? []) {
    for (const txn of (line.LinkedTxn as Json[] | undefined) ?? []) {
      if (txn.TxnType === type && typeof txn.TxnId === 'string') {
        links.set(txn.TxnId, (links.get(txn.TxnId) ?? 0) + cents(line.Amount))
      }
    }
  }
  return [...links].map(([toId, amountCents]) => ({ toEntity: entity, toId, amountCents }))
}

function mapping(table: string, row: (r: Json) => Row, links?: (r: Json) => Link[]): EntityMapping {
  // Column names come from a sample row so the INSERT statement and the row never disagree.
  const columns = Object.keys(row(SAMPLE))
  return { table, columns, row, ...(links ? { links } : {}) }
}

const SAMPLE: Json = {}

export const MAPPINGS: Partial<Record<EntityName, EntityMapping>> = {
  Account: mapping('qbo_accounts', (r) => ({
    name: text(r.Name) ?? '',
    account_type: text(r.AccountType) ?? '',
    account_sub_type: text(r.AccountSubType),
    current_balance_cents: cents(r.CurrentBalance),
    currency: refValue(r.CurrencyRef),
    active: r.Active === false ? 0 : 1
  })),
  Term: mapping('qbo_terms', (r) => ({
    name: text(r.Name) ?? '',
    due_days: typeof r.DueDays === 'number' ? r.DueDays : null,
    discount_percent: typeof r.DiscountPercent === 'number' ? r.DiscountPercent : null,
    discount_days: typeof r.DiscountDays === 'number' ? r.DiscountDays : null
  })),
  Vendor: mapping('qbo_vendors', (r) => ({
    display_name: text(r.DisplayName) ?? '',
    term_id: refValue(r.TermRef),
    email: email(r.PrimaryEmailAddr),
    balance_cents: cents(r.Balance),
    active: r.Active === false ? 0 : 1
  })),
  Customer: mapping('qbo_customers', (r) => ({
    display_name: text(r.DisplayName) ?? '',
    email: email(r.PrimaryEmailAddr),
    term_id: refValue(r.SalesTermRef),
    balance_cents: cents(r.Balance),
    active: r.Active === false ? 0 : 1
  })),
  Bill: mapping('qbo_bills', (r) => ({
    vendor_id: refValue(r.VendorRef) ?? '',
    vendor_name: refName(r.VendorRef),
    doc_number: text(r.DocNumber),
    txn_date: text(r.TxnDate) ?? '',
    due_date: text(r.DueDate),
    currency: refValue(r.CurrencyRef),
    exchange_rate: rate(r),
    total_cents: cents(r.TotalAmt),
    balance_cents: cents(r.Balance),
    home_total_cents: home(r, cents(r.TotalAmt)),
    home_balance_cents: home(r, cents(r.Balance)),
    term_id: refValue(r.SalesTermRef)
  })),
  BillPayment: mapping(
    'qbo_bill_payments',
    (r) => ({
      vendor_id: refValue(r.VendorRef) ?? '',
      vendor_name: refName(r.VendorRef),
      txn_date: text(r.TxnDate) ?? '',
      pay_type: text(r.PayType) ?? '',
      account_id:
        refValue((r.CheckPayment as Json | undefined)?.BankAccountRef) ??
        refValue((r.CreditCardPayment as Json | undefined)?.CCAccountRef),
      currency: refValue(r.CurrencyRef),
      exchange_rate: rate(r),
      total_cents: cents(r.TotalAmt),
      home_total_cents: home(r, cents(r.TotalAmt)),
      private_note: text(r.PrivateNote)
    }),
    (r) => lineLinks(r, 'Bill', 'Bill')
  ),
  Invoice: mapping('qbo_invoices', (r) => ({
    customer_id: refValue(r.CustomerRef) ?? '',
    customer_name: refName(r.CustomerRef),
    doc_number: text(r.DocNumber),
    txn_date: text(r.TxnDate) ?? '',
    due_date: text(r.DueDate),
    currency: refValue(r.CurrencyRef),
    exchange_rate: rate(r),
    total_cents: cents(r.TotalAmt),
    balance_cents: cents(r.Balance),
    home_total_cents: home(r, cents(r.TotalAmt)),
    home_balance_cents: home(r, cents(r.Balance)),
    email: email(r.BillEmail),
    email_status: text(r.EmailStatus)
  })),
  Payment: mapping(
    'qbo_payments',
    (r) => ({
      customer_id: refValue(r.CustomerRef) ?? '',
      customer_name: refName(r.CustomerRef),
      txn_date: text(r.TxnDate) ?? '',
      deposit_account_id: refValue(r.DepositToAccountRef),
      currency: refValue(r.CurrencyRef),
      exchange_rate: rate(r),
      total_cents: cents(r.TotalAmt),
      unapplied_cents: cents(r.UnappliedAmt),
      home_total_cents: home(r, cents(r.TotalAmt)),
      home_unapplied_cents: home(r, cents(r.UnappliedAmt))
    }),
    (r) => lineLinks(r, 'Invoice', 'Invoice')
  ),
  Purchase: mapping('qbo_purchases', (r) => ({
    txn_date: text(r.TxnDate) ?? '',
    payment_type: text(r.PaymentType) ?? '',
    account_id: refValue(r.AccountRef),
    payee_id: refValue(r.EntityRef),
    payee_type: text((r.EntityRef as Json | undefined)?.type),
    payee_name: refName(r.EntityRef),
    currency: refValue(r.CurrencyRef),
    exchange_rate: rate(r),
    total_cents: cents(r.TotalAmt),
    home_total_cents: home(r, cents(r.TotalAmt)),
    credit: r.Credit === true ? 1 : 0
  })),
  Deposit: mapping(
    'qbo_deposits',
    (r) => ({
      txn_date: text(r.TxnDate) ?? '',
      account_id: refValue(r.DepositToAccountRef),
      currency: refValue(r.CurrencyRef),
      exchange_rate: rate(r),
      total_cents: cents(r.TotalAmt),
      home_total_cents: home(r, cents(r.TotalAmt))
    }),
    // Which received payments left Undeposited Funds with this deposit.
    (r) => lineLinks(r, 'Payment', 'Payment')
  ),
  CreditMemo: mapping('qbo_credit_memos', (r) => ({
    customer_id: refValue(r.CustomerRef) ?? '',
    txn_date: text(r.TxnDate) ?? '',
    total_cents: cents(r.TotalAmt),
    balance_cents: cents(r.Balance),
    home_balance_cents: home(r, cents(r.Balance))
  })),
  VendorCredit: mapping('qbo_vendor_credits', (r) => ({
    vendor_id: refValue(r.VendorRef) ?? '',
    txn_date: text(r.TxnDate) ?? '',
    total_cents: cents(r.TotalAmt),
    balance_cents: cents(r.Balance),
    home_balance_cents: home(r, cents(r.Balance))
  })),
  CompanyInfo: mapping('qbo_company_info', (r) => ({
    company_name: text(r.CompanyName) ?? '',
    country: text(r.Country),
    home_currency: null
  }))
}

export function mappingFor(entity: EntityName): EntityMapping {
  const m = MAPPINGS[entity]
  if (!m) throw new Error(`no cache table for ${entity}`)
  return m
}

/**
 * A record's row as the upsert binds it after the company, the run and the raw text: its id,
 * SyncToken and LastUpdatedTime, then the mapped columns in `mapping.columns` order.
 */
export function recordCells(mapping: EntityMapping, record: Json): Cell[] {
  const meta = record.MetaData as Json | undefined
  const cells: Cell[] = [
    record.Id as string,
    String(record.SyncToken ?? '0'),
    typeof meta?.LastUpdatedTime === 'string' ? meta.LastUpdatedTime : null
  ]
  const row = mapping.row(record)
  for (const column of mapping.columns) cells.push(row[column] ?? null)
  return cells
}
