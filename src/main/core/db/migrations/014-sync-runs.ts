import { sql, type Kysely } from 'kysely'

// Every sync of a company, whatever started it, with what it did or why it failed: the Activity
// screen's sync history. job_runs has only the scheduler's, not the ones the user asked for.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table sync_runs (
        id integer primary key autoincrement,
        company_id text not null references companies(id) on delete cascade,
        strategy text not null,
        mode text not null,
        started_at text not null,
        finished_at text not null,
        ok integer not null,
        error_kind text,
        error_message text,
        fetched integer not null,
        written integer not null,
        deleted integer not null,
        skipped integer not null,
        requests integer not null,
        duration_ms integer not null
      )`
    )
    .execute(db)
  await sql.raw(`create index sync_runs_company on sync_runs (company_id, id)`).execute(db)
}
