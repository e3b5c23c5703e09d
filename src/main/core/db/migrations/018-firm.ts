import { sql, type Kysely } from 'kysely'

// Firm mode (issue 20): where this desktop stands with the firm's server, the changes it has not
// pushed yet, and the newest version of every shared field it knows (with its hybrid logical clock),
// so a change that arrives late or twice never overwrites a newer one.
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    `create table firm_state (key text primary key, value text not null)`,
    `create table firm_outbox (
      seq integer primary key autoincrement,
      change_id text not null unique,
      client_id text not null,
      kind text not null,
      item text not null,
      field text not null,
      value_json text not null,
      hlc text not null,
      created_at text not null
    )`,
    `create table firm_fields (
      client_id text not null,
      kind text not null,
      item text not null,
      field text not null,
      value_json text not null,
      hlc text not null,
      actor text not null,
      primary key (client_id, kind, item, field)
    )`
  ])
    await sql.raw(statement).execute(db)
}
