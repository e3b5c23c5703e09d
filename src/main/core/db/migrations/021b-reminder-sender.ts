import { sql, type Kysely } from 'kysely'

// Firm mode (issue 20): who sent a reminder, so a bookkeeper sees that a colleague reminded the
// customer last (null: sent outside a firm, or recorded before this migration).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`alter table reminders add column sent_by text`).execute(db)
}
