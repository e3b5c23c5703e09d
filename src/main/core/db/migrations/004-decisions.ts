import { sql, type Kysely } from 'kysely'

// What the user decides and what the app does in the background: planned payment dates, reserves,
// critical vendors, reminders sent, runway snapshots for the portfolio, the offline outbox and the
// job log.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `alter table companies add column origin text not null default 'user' check (origin in ('user', 'test-drive'))`,
    `alter table companies add column min_cash_cents integer not null default 0`,
    `create table bill_schedules (
      company_id text not null references companies(id) on delete cascade,
      bill_id text not null,
      pay_on text not null,
      scheduled_at text not null,
      reminded_at text,
      primary key (company_id, bill_id)
    ) without rowid`,
    `create table reserves (
      id text primary key,
      company_id text not null references companies(id) on delete cascade,
      name text not null,
      amount_cents integer not null check (amount_cents >= 0),
      until text,
      created_at text not null
    )`,
    `create index reserves_company on reserves (company_id)`,
    `create table vendor_flags (
      company_id text not null references companies(id) on delete cascade,
      vendor_id text not null,
      critical integer not null,
      primary key (company_id, vendor_id)
    ) without rowid`,
    `create table reminders (
      id integer primary key autoincrement,
      company_id text not null references companies(id) on delete cascade,
      invoice_id text not null,
      stage text not null,
      sent_to text,
      sent_at text not null
    )`,
    `create index reminders_invoice on reminders (company_id, invoice_id, sent_at)`,
    `create table runway_snapshots (
      company_id text not null references companies(id) on delete cascade,
      taken_at text not null,
      as_of text not null,
      status text not null,
      runway_days real,
      effective_days real,
      cash_zero_date text,
      cash_cents integer not null,
      overdue_ar_cents integer not null,
      ap_cents integer not null,
      primary key (company_id, taken_at)
    ) without rowid`,
    `create table outbox (
      id text primary key,
      company_id text not null references companies(id) on delete cascade,
      request_id text not null unique,
      action text not null,
      payload_json text not null,
      summary text not null,
      status text not null check (status in ('pending', 'running', 'done', 'conflict', 'failed')),
      attempts integer not null default 0,
      problem text,
      result_json text,
      created_at text not null,
      updated_at text not null
    )`,
    `create index outbox_company_status on outbox (company_id, status)`,
    `create table job_runs (
      id integer primary key autoincrement,
      job text not null,
      company_id text,
      started_at text not null,
      finished_at text,
      outcome text check (outcome in ('ok', 'failed', 'skipped')),
      details_json text
    )`,
    `create index job_runs_job on job_runs (job, started_at)`
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
