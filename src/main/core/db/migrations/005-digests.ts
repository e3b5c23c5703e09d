import { sql, type Kysely } from 'kysely'

// The weekly digest per company, made on the user's machine by the digest job and kept, so a week's
// digest reads the same later (and the job knows which weeks are done).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table digests (
        company_id text not null references companies(id) on delete cascade,
        week_end text not null,
        generated_at text not null,
        digest_json text not null,
        primary key (company_id, week_end)
      ) without rowid`
    )
    .execute(db)
}
