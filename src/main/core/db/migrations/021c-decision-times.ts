import { sql, type Kysely } from 'kysely'

// Firm mode (issue 20): when a vendor was flagged critical (or not) and the minimum cash set, like the
// other decisions' times, so a desktop joining the firm brings a change it made after the firm's as
// the later one (without a time it counted as oldest and the firm's value stood). Null: set before
// this migration, or the minimum cash still the default a company starts with.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`alter table vendor_flags add column set_at text`).execute(db)
  await sql.raw(`alter table companies add column min_cash_set_at text`).execute(db)
}
