// The data folder's two files: user state apart from the rebuildable cache of QBO's books.

import Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { removeCompany } from '../../../src/main/core/db/companies'
import { CACHE_FILE, USER_FILE } from '../../../src/main/core/db/data-files'
import { migrations } from '../../../src/main/core/db/migrations'
import { tempDir } from '../../helpers/temp'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function folder(): string {
  const tmp = tempDir()
  cleanups.push(tmp.cleanup)
  return tmp.dir
}

async function open(dataDir: string): Promise<CacheDb> {
  const cache = await openCache({ dataDir })
  cleanups.push(() => cache.close())
  return cache
}

const where = (cache: CacheDb, table: string): string[] =>
  ['main', 'cache'].filter(
    (schema) =>
      cache.sqlite.prepare(`select 1 from ${schema}.sqlite_master where name = ?`).get(table) !== undefined
  )

const company = `insert into companies (id, name, realm_id, environment, status, created_at)
                 values ('c1', 'Acme', '9130', 'custom', 'connected', '2026-11-26T09:00:00Z')`
const bill = `insert into qbo_bills (company_id, qbo_id, sync_token, raw_json, vendor_id, txn_date, total_cents,
                balance_cents, home_total_cents, home_balance_cents)
              values ('c1', '1', '0', '{}', 'v1', '2026-11-01', 100, 100, 100, 100)`

describe('the data folder', () => {
  it("keeps the user's state in runway-user.sqlite and QBO's books in runway.sqlite", async () => {
    const cache = await open(folder())
    for (const table of [
      'companies',
      'bill_schedules',
      'reserves',
      'activity_log',
      'outbox',
      'digests',
      'settings'
    ])
      expect(where(cache, table)).toEqual(['main'])
    for (const table of ['qbo_bills', 'qbo_invoices', 'qbo_links', 'sync_state', 'consistent_books'])
      expect(where(cache, table)).toEqual(['cache'])
    expect(cache.file).toBe(join(cache.files.dir, CACHE_FILE))
  })

  it('takes a folder of the single-file layout apart, keeping every row, and a removed company takes its books with it', async () => {
    const dir = folder()
    // The folder as the app left it before 016: one file with every table.
    const single = new Database(join(dir, CACHE_FILE))
    single.pragma('journal_mode = WAL')
    const db = new Kysely({ dialect: new SqliteDialect({ database: single }) })
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '016'))
    const migrated = await new Migrator({
      db,
      provider: { getMigrations: async () => before }
    }).migrateToLatest()
    expect(migrated.error).toBeUndefined()
    single.exec(company)
    single.exec(bill)
    single.exec(
      `insert into reserves (id, company_id, name, amount_cents, created_at) values ('r1', 'c1', 'Tax', 500, 'x')`
    )
    await db.destroy()

    const cache = await open(dir)
    expect(existsSync(join(dir, USER_FILE))).toBe(true)
    expect(where(cache, 'qbo_bills')).toEqual(['cache'])
    expect(cache.sqlite.prepare('select count(*) from cache.qbo_bills').pluck().get()).toBe(1)
    expect(cache.sqlite.prepare('select name from main.reserves').pluck().all()).toEqual(['Tax'])
    expect(cache.freshCache).toBe(false)

    await removeCompany(cache.db, 'c1', {
      at: 'x',
      companyId: null,
      actor: 'user',
      action: 'company.removed',
      details: {}
    })
    expect(cache.sqlite.prepare('select count(*) from qbo_bills').pluck().get()).toBe(0)
    expect(cache.sqlite.prepare('select count(*) from reserves').pluck().get()).toBe(0)
  })

  it('makes a missing cache file again from the kept schema, leaving user state alone', async () => {
    const dir = folder()
    const first = await openCache({ dataDir: dir })
    first.sqlite.exec(company)
    first.sqlite.exec(bill)
    const indexes = first.sqlite
      .prepare(`select name from cache.sqlite_master where type = 'index' and sql is not null order by name`)
      .pluck()
      .all()
    await first.close()
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, CACHE_FILE + suffix), { force: true })

    const cache = await open(dir)
    expect(cache.freshCache).toBe(true)
    expect(cache.sqlite.prepare('select count(*) from qbo_bills').pluck().get()).toBe(0)
    expect(cache.sqlite.prepare('select name from companies').pluck().all()).toEqual(['Acme'])
    expect(
      cache.sqlite
        .prepare(
          `select name from cache.sqlite_master where type = 'index' and sql is not null order by name`
        )
        .pluck()
        .all()
    ).toEqual(indexes)
    // The same rows go in as before.
    cache.sqlite.exec(bill)
  })
})
