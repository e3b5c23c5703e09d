import { sql, type Kysely } from 'kysely'

// Payment plans the user applied: the dates each bill was given and the schedule it had before, so
// "undo" puts every bill back in one step, even after a restart.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table payment_plans (
        id text primary key,
        company_id text not null references companies(id) on delete cascade,
        applied_at text not null,
        undone_at text,
        bills_json text not null
      )`
    )
    .execute(db)
}
