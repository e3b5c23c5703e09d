import { sql, type Kysely } from 'kysely'

// The digest leaves the app. runway_ledgers: each company's forecast as dated amounts, the last of
// each day, so a later digest or alert can say why the runway moved since (runway/variance.ts).
// digest_sends: every email of a digest (a company's, or the portfolio's), one row per recipient:
// sent, or queued while the mail server is unreachable; what refuses a second send of a week.
// digest_recipients: who receives a company's digest.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table runway_ledgers (
        company_id text not null references companies(id) on delete cascade,
        as_of text not null,
        taken_at text not null,
        ledger_json text not null,
        primary key (company_id, as_of)
      ) without rowid`
    )
    .execute(db)
  await sql
    .raw(
      `create table digest_sends (
        id integer primary key,
        scope text not null,
        week_end text not null,
        recipient text not null,
        status text not null check (status in ('sending', 'queued', 'sent', 'failed')),
        forced integer not null default 0,
        batch_id text not null,
        requested_at text not null,
        sent_at text,
        message_id text,
        problem text,
        attempts integer not null default 0
      )`
    )
    .execute(db)
  await sql.raw('create index digest_sends_week on digest_sends (scope, week_end, recipient)').execute(db)
  await sql
    .raw(
      `create table digest_recipients (
        company_id text primary key references companies(id) on delete cascade,
        recipients_json text not null
      ) without rowid`
    )
    .execute(db)
}
