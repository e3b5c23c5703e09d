import { sql, type Kysely } from 'kysely'

// Unapplied customer money in home currency, like every other amount the runway adds up. Rows cached
// before this migration take their face value until the next sync rewrites them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`alter table qbo_payments add column home_unapplied_cents integer not null default 0`)
    .execute(db)
  await sql.raw(`update qbo_payments set home_unapplied_cents = unapplied_cents`).execute(db)
}
