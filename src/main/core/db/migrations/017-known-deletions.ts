import { sql, type Kysely } from 'kysely'

// The deletions of a type QBO had already shown when its current full read began (a JSON array of
// ids). QBO stamps a deletion to the second, so one made in the second a read began looks as if it
// were made during it; a deletion known before the read cannot have been, and so never has the type
// read in full again (it did once, which is this read).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`alter table sync_state add column full_known_deleted text`).execute(db)
}
