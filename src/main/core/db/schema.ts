import type Database from 'better-sqlite3'
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely'

export interface CompaniesTable {
  id: string
  name: string
  realm_id: string
  environment: 'production' | 'sandbox' | 'custom'
  status: 'connected' | 'needs-reconnect' | 'disconnected'
  /** For 'custom' environments (the local sandbox): where its API and OAuth endpoints live. */
  endpoints_json: string | null
  api_base_url: Generated<string>
  origin: Generated<'user' | 'test-drive'>
  min_cash_cents: Generated<number>
  /** When a person set the minimum cash (migration 021c); null: the default it started with. */
  min_cash_set_at: string | null
  created_at: string
  /** When the last sync completed: the books were whole and up to date then. */
  last_sync_at: string | null
  /** Set when a sync fails, cleared when one completes. */
  sync_failed_at: string | null
  sync_failure: string | null
}

/** The books as the runway engine read them after the last time the cache was whole. */
export interface ConsistentBooksTable {
  company_id: string
  synced_at: string
  books_json: string
}

export interface SettingsTable {
  key: string
  value_json: string
  updated_at: string
}

export interface ActivityLogTable {
  id: Generated<number>
  at: string
  company_id: string | null
  actor: string
  action: string
  details_json: string
  /** The entry's name in the firm (migration 021): set on people's actions and entries pulled. */
  firm_item: string | null
  /** When the entry became the firm's (pushed or pulled); null with a firm_item: to bring on joining. */
  firm_shared_at: string | null
}

export interface BillSchedulesTable {
  company_id: string
  bill_id: string
  pay_on: string
  scheduled_at: string
  reminded_at: string | null
}

export interface ReservesTable {
  id: string
  company_id: string
  name: string
  amount_cents: number
  until: string | null
  created_at: string
}

export interface VendorFlagsTable {
  company_id: string
  vendor_id: string
  critical: number
  /** When the flag was set (migration 021c; null: before it). */
  set_at: string | null
}

export interface RemindersTable {
  id: Generated<number>
  company_id: string
  invoice_id: string
  stage: string
  sent_to: string | null
  sent_at: string
  request_id: string | null
  /** The firm's person who sent it (migration 021b); null outside a firm. */
  sent_by: string | null
}

/** The user's word on when an invoice's (or all of a customer's) money comes, or that it will not. */
export interface ReceivableExpectationsTable {
  company_id: string
  target: 'invoice' | 'customer'
  target_id: string
  /** Set exactly when wont_collect is 0. */
  expect_on: string | null
  wont_collect: Generated<number>
  set_at: string
}

/** The user's verdict on a detected recurring series (recurring.ts keys). */
export interface RecurringDecisionsTable {
  company_id: string
  series_key: string
  decision: 'confirmed' | 'dismissed'
  payee_name: string
  decided_at: string
}

export interface RunwaySnapshotsTable {
  company_id: string
  taken_at: string
  as_of: string
  status: string
  /** Days to the forecast's cash-zero date; null when cash lasts the horizon. */
  runway_days: number | null
  /** What the status is banded on (see RunwayView.statusDays). */
  status_days: number | null
  horizon_days: Generated<number>
  cash_zero_date: string | null
  cash_cents: number
  overdue_ar_cents: number
  ap_cents: number
}

export interface OutboxTable {
  id: string
  company_id: string
  request_id: string
  action: string
  payload_json: string
  summary: string
  status: 'live' | 'pending' | 'running' | 'done' | 'conflict' | 'failed'
  attempts: Generated<number>
  problem: string | null
  result_json: string | null
  created_at: string
  updated_at: string
}

export interface JobRunsTable {
  id: Generated<number>
  job: string
  company_id: string | null
  started_at: string
  finished_at: string | null
  outcome: 'ok' | 'failed' | 'skipped' | null
  details_json: string | null
}

export interface DigestsTable {
  company_id: string
  week_end: string
  generated_at: string
  digest_json: string
}

// -- the cache of QBO records: typed columns the core computes with, plus the record as QBO sent it --

/** Columns every cached QBO record has; `sync_run` marks the full read that last saw it. */
export interface CachedRecordColumns {
  company_id: string
  qbo_id: string
  sync_token: string
  updated_at: string | null
  sync_run: Generated<number>
  raw_json: string
}

export interface QboAccountsTable extends CachedRecordColumns {
  name: string
  account_type: string
  account_sub_type: string | null
  current_balance_cents: Generated<number>
  currency: string | null
  active: Generated<number>
}

export interface QboBillPaymentsTable extends CachedRecordColumns {
  vendor_id: string
  vendor_name: string | null
  txn_date: string
  pay_type: string
  account_id: string | null
  currency: string | null
  exchange_rate: number | null
  total_cents: number
  home_total_cents: number
  private_note: string | null
}

export interface QboBillsTable extends CachedRecordColumns {
  vendor_id: string
  vendor_name: string | null
  doc_number: string | null
  txn_date: string
  due_date: string | null
  currency: string | null
  exchange_rate: number | null
  total_cents: number
  balance_cents: number
  home_total_cents: number
  home_balance_cents: number
  term_id: string | null
}

export interface QboCompanyInfoTable extends CachedRecordColumns {
  company_name: string
  country: string | null
  home_currency: string | null
}

export interface QboCreditMemosTable extends CachedRecordColumns {
  customer_id: string
  txn_date: string
  total_cents: number
  balance_cents: Generated<number>
  home_balance_cents: Generated<number>
}

export interface QboCustomersTable extends CachedRecordColumns {
  display_name: string
  email: string | null
  term_id: string | null
  balance_cents: Generated<number>
  active: Generated<number>
}

export interface QboDepositsTable extends CachedRecordColumns {
  txn_date: string
  account_id: string | null
  currency: string | null
  exchange_rate: number | null
  total_cents: number
  home_total_cents: number
}

export interface QboInvoicesTable extends CachedRecordColumns {
  customer_id: string
  customer_name: string | null
  doc_number: string | null
  txn_date: string
  due_date: string | null
  currency: string | null
  exchange_rate: number | null
  total_cents: number
  balance_cents: number
  home_total_cents: number
  home_balance_cents: number
  email: string | null
  email_status: string | null
}

/** Which payment applies to which document, and how much (Payment → Invoice, BillPayment → Bill). */
export interface QboLinksTable {
  company_id: string
  from_entity: string
  from_id: string
  to_entity: string
  to_id: string
  amount_cents: number
}

export interface QboPaymentsTable extends CachedRecordColumns {
  customer_id: string
  customer_name: string | null
  txn_date: string
  deposit_account_id: string | null
  currency: string | null
  exchange_rate: number | null
  total_cents: number
  unapplied_cents: Generated<number>
  home_total_cents: number
  home_unapplied_cents: Generated<number>
}

export interface QboPurchasesTable extends CachedRecordColumns {
  txn_date: string
  payment_type: string
  account_id: string | null
  payee_id: string | null
  payee_type: string | null
  payee_name: string | null
  currency: string | null
  exchange_rate: number | null
  total_cents: number
  home_total_cents: number
  credit: Generated<number>
}

export interface QboTermsTable extends CachedRecordColumns {
  name: string
  due_days: number | null
  discount_percent: number | null
  discount_days: number | null
}

export interface QboVendorCreditsTable extends CachedRecordColumns {
  vendor_id: string
  txn_date: string
  total_cents: number
  balance_cents: Generated<number>
  home_balance_cents: Generated<number>
}

export interface QboVendorsTable extends CachedRecordColumns {
  display_name: string
  term_id: string | null
  email: string | null
  balance_cents: Generated<number>
  active: Generated<number>
}

/** Where each entity type's sync stands for a company: the cursor written with every page. */
export interface SyncStateTable {
  company_id: string
  entity: string
  full_run: Generated<number>
  full_pages: string | null
  full_started_at: string | null
  full_done_at: string | null
  cdc_since: string | null
  last_synced_at: string | null
  /** Ids of this type's deletions QBO had shown before the current full read began (JSON array). */
  full_known_deleted: string | null
}

/** The client list: the latest snapshot of each company with its change over a week. */
export interface PortfolioRowsTable extends RunwaySnapshotsTable {
  week_change_days: number | null
  lowest_cash_cents: Generated<number>
  /** YYYY-MM-DD of the lowest point. */
  lowest_cash_date: Generated<string>
  must_pay_week_cents: Generated<number>
  must_pay_week_count: Generated<number>
}

/** Payment plans the user applied, with each bill's previous date so one undo restores them all. */
export interface PaymentPlansTable {
  id: string
  company_id: string
  applied_at: string
  undone_at: string | null
  bills_json: string
}

/** Firm mode: the server's address and this desktop's place in it (url, user, node, lastSeq, hlc…). */
export interface FirmStateTable {
  key: string
  value: string
}

/** Shared changes made here and not yet on the firm's server, oldest first. */
export interface FirmOutboxTable {
  seq: Generated<number>
  change_id: string
  client_id: string
  kind: string
  item: string
  field: string
  value_json: string
  hlc: string
  created_at: string
}

/** The newest version known of every shared field (last writer by hybrid logical clock wins). */
export interface FirmFieldsTable {
  client_id: string
  kind: string
  item: string
  field: string
  value_json: string
  hlc: string
  actor: string
}

/** Every sync of a company (on demand, scheduled, after an action, in the background) and its outcome. */
export interface SyncRunsTable {
  id: Generated<number>
  company_id: string
  strategy: string
  mode: string
  started_at: string
  finished_at: string
  ok: number
  error_kind: string | null
  error_message: string | null
  fetched: number
  written: number
  deleted: number
  skipped: number
  requests: number
  duration_ms: number
}

/** The cache file's tables and indexes as the migrations left them: a new cache file is made from them. */
export interface CacheSchemaTable {
  name: string
  type: string
  sql: string
}

/** A company's forecast as dated amounts (runway/variance.ts), the last of each day. */
export interface RunwayLedgersTable {
  company_id: string
  as_of: string
  taken_at: string
  ledger_json: string
}

/** One recipient of one email of a digest; `scope` is the company's id or 'portfolio'. */
export interface DigestSendsTable {
  id: Generated<number>
  scope: string
  week_end: string
  recipient: string
  status: 'sending' | 'queued' | 'sent' | 'failed'
  forced: Generated<number>
  /** The recipients of one email share it. */
  batch_id: string
  requested_at: string
  sent_at: string | null
  message_id: string | null
  problem: string | null
  attempts: Generated<number>
}

export interface DigestRecipientsTable {
  company_id: string
  recipients_json: string
}

export interface DB {
  companies: CompaniesTable
  settings: SettingsTable
  activity_log: ActivityLogTable
  bill_schedules: BillSchedulesTable
  reserves: ReservesTable
  vendor_flags: VendorFlagsTable
  reminders: RemindersTable
  receivable_expectations: ReceivableExpectationsTable
  recurring_decisions: RecurringDecisionsTable
  runway_snapshots: RunwaySnapshotsTable
  consistent_books: ConsistentBooksTable
  outbox: OutboxTable
  job_runs: JobRunsTable
  sync_runs: SyncRunsTable
  digests: DigestsTable
  qbo_accounts: QboAccountsTable
  qbo_bill_payments: QboBillPaymentsTable
  qbo_bills: QboBillsTable
  qbo_company_info: QboCompanyInfoTable
  qbo_credit_memos: QboCreditMemosTable
  qbo_customers: QboCustomersTable
  qbo_deposits: QboDepositsTable
  qbo_invoices: QboInvoicesTable
  qbo_links: QboLinksTable
  qbo_payments: QboPaymentsTable
  qbo_purchases: QboPurchasesTable
  qbo_terms: QboTermsTable
  qbo_vendor_credits: QboVendorCreditsTable
  qbo_vendors: QboVendorsTable
  sync_state: SyncStateTable
  portfolio_rows: PortfolioRowsTable
  payment_plans: PaymentPlansTable
  firm_state: FirmStateTable
  firm_outbox: FirmOutboxTable
  firm_fields: FirmFieldsTable
  cache_schema: CacheSchemaTable
  runway_ledgers: RunwayLedgersTable
  digest_sends: DigestSendsTable
  digest_recipients: DigestRecipientsTable
}

export type CompanyRow = Selectable<CompaniesTable>
export type NewCompany = Insertable<CompaniesTable>
export type CompanyUpdate = Updateable<CompaniesTable>
export type ActivityRow = Selectable<ActivityLogTable>

/** A connection or a transaction: repository functions take either, so callers choose the transaction. */
export type Db = Kysely<DB> | Transaction<DB>
/** The raw handle, for the statements that run synchronously (screens, the sync's hot path). */
export type Sqlite = Database.Database
