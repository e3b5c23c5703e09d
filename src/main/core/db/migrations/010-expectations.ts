import { sql, type Kysely } from 'kysely'

// What the bookkeeper knows that the books do not: when an invoice's (or all of a customer's) money
// will come, or that it will not; and whether a detected recurring outflow really recurs. Kept by
// the id QBO gives the invoice or customer, and by the series' key (recurring.ts), so each holds
// across syncs. Rows of documents that have since been paid stay harmless: nothing reads them.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `create table receivable_expectations (
      company_id text not null references companies(id) on delete cascade,
      target text not null check (target in ('invoice', 'customer')),
      target_id text not null,
      expect_on text,
      wont_collect integer not null default 0 check (wont_collect in (0, 1)),
      set_at text not null,
      check ((expect_on is null) = (wont_collect = 1)),
      primary key (company_id, target, target_id)
    ) without rowid`,
    `create table recurring_decisions (
      company_id text not null references companies(id) on delete cascade,
      series_key text not null,
      decision text not null check (decision in ('confirmed', 'dismissed')),
      payee_name text not null,
      decided_at text not null,
      primary key (company_id, series_key)
    ) without rowid`
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
