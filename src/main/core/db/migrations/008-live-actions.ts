import { sql, type Kysely } from 'kysely'

// A user action's outbox entry is written before QBO is asked, as 'live': the replay leaves it to
// the action, and one found after a restart (the app died mid-way) waits like any other. A reminder
// keeps the request id it went out under, so recording it twice (a replay after a crash) counts once.
export async function up(db: Kysely<unknown>): Promise<void> {
  // SQLite cannot change a CHECK constraint: the table is rebuilt.
  await sql
    .raw(
      `create table outbox_new (
        id text primary key,
        company_id text not null references companies(id) on delete cascade,
        request_id text not null unique,
        action text not null,
        payload_json text not null,
        summary text not null,
        status text not null check (status in ('live', 'pending', 'running', 'done', 'conflict', 'failed')),
        attempts integer not null default 0,
        problem text,
        result_json text,
        created_at text not null,
        updated_at text not null
      )`
    )
    .execute(db)
  await sql.raw(`insert into outbox_new select * from outbox`).execute(db)
  await sql.raw(`drop table outbox`).execute(db)
  await sql.raw(`alter table outbox_new rename to outbox`).execute(db)
  await sql.raw(`create index outbox_company_status on outbox (company_id, status)`).execute(db)
  await sql.raw(`alter table reminders add column request_id text`).execute(db)
  await sql
    .raw(`create unique index reminders_request on reminders (request_id) where request_id is not null`)
    .execute(db)
}
