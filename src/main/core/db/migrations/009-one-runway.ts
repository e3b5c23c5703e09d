import { sql, type Kysely } from 'kysely'

// One runway: a snapshot's runway_days is now the days to the forecast's cash-zero date (it was the
// predecessor's simple figure) and effective_days becomes status_days, what the status is banded
// on. Snapshots taken under the old meanings would make the week's change and the digest compare
// two different figures, so they go; the core takes a fresh one of each company when it starts.
//
// A sync that fails part-way leaves the cache half written: the books as they stood after the last
// complete sync are kept beside it (consistent_books), and the failure is kept with the company
// until a sync completes, so the screens can say why their figures are older.
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    `delete from runway_snapshots`,
    `delete from portfolio_rows`,
    `alter table runway_snapshots rename column effective_days to status_days`,
    `alter table portfolio_rows rename column effective_days to status_days`,
    `alter table runway_snapshots add column horizon_days integer not null default 91`,
    `alter table portfolio_rows add column horizon_days integer not null default 91`,
    `create table consistent_books (
      company_id text primary key references companies(id) on delete cascade,
      synced_at text not null,
      books_json text not null
    )`,
    `alter table companies add column sync_failed_at text`,
    `alter table companies add column sync_failure text`
  ]
  for (const statement of statements) await sql.raw(statement).execute(db)
}
