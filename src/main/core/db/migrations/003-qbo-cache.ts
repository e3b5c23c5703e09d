import { sql, type Kysely } from 'kysely'

// The local copy of each company's books: the fields we compute with as typed columns (money in
// integer cents, dates as company-local YYYY-MM-DD), the raw QBO JSON beside them, keyed by
// (company_id, qbo_id). Rows carry their raw JSON (about a kilobyte), so these are rowid tables with a
// unique key: SQLite keeps large rows in WITHOUT ROWID tables badly. `sync_run` marks the full sync that last saw a row, so a full re-sync can
// sweep rows QBO no longer has.
const common = `
  company_id text not null references companies(id) on delete cascade,
  qbo_id text not null,
  sync_token text not null,
  updated_at text,
  sync_run integer not null default 0,
  raw_json text not null`

const tables: Record<string, string> = {
  qbo_accounts: `name text not null, account_type text not null, account_sub_type text,
    current_balance_cents integer not null default 0, currency text, active integer not null default 1`,
  qbo_terms: `name text not null, due_days integer, discount_percent real, discount_days integer`,
  qbo_vendors: `display_name text not null, term_id text, email text, balance_cents integer not null default 0,
    active integer not null default 1`,
  qbo_customers: `display_name text not null, email text, term_id text, balance_cents integer not null default 0,
    active integer not null default 1`,
  qbo_bills: `vendor_id text not null, vendor_name text, doc_number text, txn_date text not null, due_date text,
    currency text, exchange_rate real, total_cents integer not null, balance_cents integer not null,
    home_total_cents integer not null, home_balance_cents integer not null, term_id text`,
  qbo_bill_payments: `vendor_id text not null, vendor_name text, txn_date text not null, pay_type text not null,
    account_id text, currency text, exchange_rate real, total_cents integer not null, home_total_cents integer not null,
    private_note text`,
  qbo_invoices: `customer_id text not null, customer_name text, doc_number text, txn_date text not null,
    due_date text, currency text, exchange_rate real, total_cents integer not null, balance_cents integer not null,
    home_total_cents integer not null, home_balance_cents integer not null, email text, email_status text`,
  qbo_payments: `customer_id text not null, customer_name text, txn_date text not null, deposit_account_id text,
    currency text, exchange_rate real, total_cents integer not null, unapplied_cents integer not null default 0,
    home_total_cents integer not null`,
  qbo_purchases: `txn_date text not null, payment_type text not null, account_id text, payee_id text, payee_type text,
    payee_name text, currency text, exchange_rate real, total_cents integer not null, home_total_cents integer not null,
    credit integer not null default 0`,
  qbo_deposits: `txn_date text not null, account_id text, currency text, exchange_rate real,
    total_cents integer not null, home_total_cents integer not null`,
  qbo_credit_memos: `customer_id text not null, txn_date text not null, total_cents integer not null,
    balance_cents integer not null default 0, home_balance_cents integer not null default 0`,
  qbo_vendor_credits: `vendor_id text not null, txn_date text not null, total_cents integer not null,
    balance_cents integer not null default 0, home_balance_cents integer not null default 0`,
  qbo_company_info: `company_name text not null, country text, home_currency text`
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, columns] of Object.entries(tables)) {
    await sql.raw(`create table ${table} (${common}, ${columns})`).execute(db)
    await sql.raw(`create unique index ${table}_key on ${table} (company_id, qbo_id)`).execute(db)
  }
  // Links between documents: which bill payment paid which bill, which payment settled which invoice.
  await sql
    .raw(
      `create table qbo_links (
        company_id text not null references companies(id) on delete cascade,
        from_entity text not null, from_id text not null,
        to_entity text not null, to_id text not null,
        amount_cents integer not null,
        primary key (company_id, from_entity, from_id, to_entity, to_id)
      ) without rowid`
    )
    .execute(db)
  await sql.raw(`create index qbo_links_to on qbo_links (company_id, to_entity, to_id)`).execute(db)

  // The queries the screens make: open items by date, history windows, per-payee series.
  await sql
    .raw(`create index qbo_bills_open on qbo_bills (company_id, due_date) where balance_cents <> 0`)
    .execute(db)
  await sql.raw(`create index qbo_bills_vendor on qbo_bills (company_id, vendor_id, txn_date)`).execute(db)
  await sql.raw(`create index qbo_bills_date on qbo_bills (company_id, txn_date)`).execute(db)
  await sql.raw(`create index qbo_invoices_date on qbo_invoices (company_id, txn_date)`).execute(db)
  await sql
    .raw(`create index qbo_invoices_open on qbo_invoices (company_id, due_date) where balance_cents <> 0`)
    .execute(db)
  await sql
    .raw(`create index qbo_invoices_customer on qbo_invoices (company_id, customer_id, txn_date)`)
    .execute(db)
  await sql.raw(`create index qbo_bill_payments_date on qbo_bill_payments (company_id, txn_date)`).execute(db)
  await sql.raw(`create index qbo_payments_date on qbo_payments (company_id, txn_date)`).execute(db)
  await sql
    .raw(`create index qbo_payments_deposit on qbo_payments (company_id, deposit_account_id)`)
    .execute(db)
  await sql
    .raw(`create index qbo_payments_unapplied on qbo_payments (company_id) where unapplied_cents > 0`)
    .execute(db)
  await sql.raw(`create index qbo_purchases_date on qbo_purchases (company_id, txn_date)`).execute(db)
  await sql.raw(`create index qbo_deposits_date on qbo_deposits (company_id, txn_date)`).execute(db)
  await sql.raw(`create index qbo_accounts_type on qbo_accounts (company_id, account_type)`).execute(db)

  // Where each entity type's sync stands. A full sync records each page it has written (the page's
  // start position, in full_pages) in the page's own transaction; pages may land in any order, and a
  // resumed sync fetches only the pages missing. CDC moves cdc_since only after a whole change set.
  await sql
    .raw(
      `create table sync_state (
        company_id text not null references companies(id) on delete cascade,
        entity text not null,
        full_run integer not null default 0,
        full_pages text,
        full_started_at text,
        full_done_at text,
        cdc_since text,
        last_synced_at text,
        primary key (company_id, entity)
      ) without rowid`
    )
    .execute(db)
}
