import { sql, type Kysely } from 'kysely'

// The copy of QBO's books moves to a file of its own (runway.sqlite, attached as `cache`), away from
// what only this computer knows (runway-user.sqlite, the main database): a damaged cache is then
// set aside and read again from QBO without touching decisions, the audit trail or the outbox.
// SQLite keeps a foreign key inside one file, so the moved tables lose theirs to companies; the
// data layer deletes a removed company's cached rows itself.
//
// The tables as they were when this ran: later migrations that add a cache table create it as
// `cache.<name>` (and its indexes as `cache.<index> on <table>`).
const CACHE_TABLES = [
  'qbo_accounts',
  'qbo_bill_payments',
  'qbo_bills',
  'qbo_company_info',
  'qbo_credit_memos',
  'qbo_customers',
  'qbo_deposits',
  'qbo_invoices',
  'qbo_links',
  'qbo_payments',
  'qbo_purchases',
  'qbo_terms',
  'qbo_vendor_credits',
  'qbo_vendors',
  'sync_state',
  'consistent_books'
]

const FOREIGN_KEY = /\s+references\s+companies\s*\(\s*id\s*\)(\s+on\s+delete\s+cascade)?/gi

export async function up(db: Kysely<unknown>): Promise<void> {
  // In one transaction; should it be cut short between the two files' commits, the main file's
  // copy is still there and the next start moves it again.
  await db.transaction().execute(async (trx) => {
    for (const table of CACHE_TABLES) {
      const { rows } = await sql<{ type: string; sql: string }>`
        select type, sql from main.sqlite_master
        where tbl_name = ${table} and sql is not null order by type desc`.execute(trx)
      const definition = rows.find((row) => row.type === 'table')
      if (!definition) {
        const { rows: moved } = await sql`select 1 from cache.sqlite_master where name = ${table}`.execute(
          trx
        )
        if (moved.length > 0) continue
        throw new Error(`016: table ${table} is missing`)
      }
      const createTable = definition.sql
        .replace(FOREIGN_KEY, '')
        .replace(/^CREATE TABLE\s+/i, 'CREATE TABLE cache.')
      if (/references/i.test(createTable))
        throw new Error(`016: ${table} keeps a foreign key: ${createTable}`)
      await sql.raw(`drop table if exists cache.${table}`).execute(trx)
      await sql.raw(createTable).execute(trx)
      await sql.raw(`insert into cache.${table} select * from main.${table}`).execute(trx)
      await sql.raw(`drop table main.${table}`).execute(trx)
      for (const index of rows.filter((row) => row.type === 'index')) {
        await sql.raw(index.sql.replace(/^CREATE (UNIQUE )?INDEX\s+/i, 'CREATE $1INDEX cache.')).execute(trx)
      }
    }
    // What a fresh cache file is made from when the old one is set aside (connect.ts keeps it current).
    await sql
      .raw(
        `create table if not exists cache_schema (name text primary key, type text not null, sql text not null)`
      )
      .execute(trx)
  })
}
