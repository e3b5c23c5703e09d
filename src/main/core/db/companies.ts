// The companies table: the client list, each company's connection state and its local settings.

import type Database from 'better-sqlite3'
import { sql, type Kysely, type Transaction } from 'kysely'
import type { CompanySummary } from '../../../shared/contract'
import { AppError } from '../errors'
import { logActivity, type NewActivity } from './activity'
import type { CompanyRow, CompanyUpdate, DB, NewCompany } from './schema'

type Db = Kysely<DB> | Transaction<DB>
type Origin = CompanyRow['origin']

export function toSummary(row: CompanyRow): CompanySummary {
  return {
    id: row.id,
    name: row.name,
    realmId: row.realm_id,
    environment: row.environment,
    status: row.status,
    lastSyncAt: row.last_sync_at,
    demo: row.origin === 'test-drive'
  }
}

export async function listCompanies(db: Db): Promise<CompanySummary[]> {
  const rows = await db.selectFrom('companies').selectAll().orderBy('name').orderBy('id').execute()
  return rows.map(toSummary)
}

export function findCompany(db: Db, companyId: string): Promise<CompanyRow | undefined> {
  return db.selectFrom('companies').selectAll().where('id', '=', companyId).executeTakeFirst()
}

/** The company, or a not-found error naming the field a caller gave. */
export async function getCompany(db: Db, companyId: string): Promise<CompanyRow> {
  const row = await findCompany(db, companyId)
  if (!row) throw new AppError('not-found', `no company ${companyId}`, { field: 'companyId' })
  return row
}

/** The same, read synchronously for the paths that compute without awaiting (screens, actions). */
export function requireCompany(sqlite: Database.Database, companyId: string): CompanyRow {
  const row = sqlite.prepare('select * from companies where id = ?').get(companyId) as CompanyRow | undefined
  if (!row) throw new AppError('not-found', `no company ${companyId}`, { field: 'companyId' })
  return row
}

export function requireConnected(sqlite: Database.Database, companyId: string): CompanyRow {
  const row = requireWritable(sqlite, companyId)
  if (row.status !== 'connected') {
    throw new AppError('auth', `QuickBooks signed ${row.name} out: reconnect it first`)
  }
  return row
}

/** The company already connected to this realm of this QuickBooks, if any (a reconnect). */
export function findByRealm(
  db: Db,
  where: { environment: CompanyRow['environment']; apiBaseUrl: string; realmId: string }
): Promise<CompanyRow | undefined> {
  return db
    .selectFrom('companies')
    .selectAll()
    .where('environment', '=', where.environment)
    .where('api_base_url', '=', where.apiBaseUrl)
    .where('realm_id', '=', where.realmId)
    .executeTakeFirst()
}

export async function insertCompany(db: Db, row: NewCompany): Promise<void> {
  await db.insertInto('companies').values(row).execute()
}

export async function updateCompany(db: Db, companyId: string, patch: CompanyUpdate): Promise<void> {
  await db.updateTable('companies').set(patch).where('id', '=', companyId).execute()
}

/**
 * Deletes the company and records why, in one transaction; with `deleteActivity`, its audit trail
 * goes too (the record of the removal stays). Returns how many audit entries were deleted. Its
 * decisions go with it by their foreign keys; its cached books live in the cache file, where no
 * key reaches, so each of the cache's tables is emptied of it here.
 */
export async function removeCompany(
  db: Kysely<DB>,
  companyId: string,
  entry: NewActivity,
  deleteActivity = false
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let deleted = 0
    if (deleteActivity) {
      const result = await trx
        .deleteFrom('activity_log')
        .where('company_id', '=', companyId)
        .executeTakeFirst()
      deleted = Number(result.numDeletedRows)
    }
    await logActivity(trx, { ...entry, details: { ...entry.details, activityDeleted: deleted } })
    const { rows } = await sql<{ name: string }>`
      select name from cache.sqlite_master where type = 'table'`.execute(trx)
    for (const { name } of rows) {
      await sql`delete from ${sql.table(`cache.${name}`)} where company_id = ${companyId}`.execute(trx)
    }
    await trx.deleteFrom('companies').where('id', '=', companyId).execute()
    return deleted
  })
}

/** Companies that read only what was cached: their actions and decisions are refused. */
export function requireWritable(sqlite: Database.Database, companyId: string): CompanyRow {
  const row = requireCompany(sqlite, companyId)
  if (row.status === 'disconnected') {
    throw new AppError(
      'auth',
      `${row.name} is disconnected: its books are kept read-only. Reconnect it to pay, delay, chase or plan.`
    )
  }
  return row
}

/** The cache was made anew: no company's books are read yet, so none has synced. */
export async function forgetSyncs(db: Db): Promise<void> {
  await db.updateTable('companies').set({ last_sync_at: null }).execute()
}

export async function connectedCompanyIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('companies')
    .select('id')
    .where('status', '=', 'connected')
    .orderBy('name')
    .execute()
  return rows.map((r) => r.id)
}

/** Connected companies with when each last synced: one read for the scheduler's every tick. */
export async function connectedCompanySyncs(db: Db): Promise<{ id: string; last_sync_at: string | null }[]> {
  return db
    .selectFrom('companies')
    .select(['id', 'last_sync_at'])
    .where('status', '=', 'connected')
    .orderBy('name')
    .execute()
}

export function companyIdsOf(sqlite: Database.Database, origin: Origin): string[] {
  return sqlite
    .prepare('select id from companies where origin = ? order by name, id')
    .pluck()
    .all(origin) as string[]
}

export function connectedRealmsOf(sqlite: Database.Database, origin: Origin): Set<string> {
  return new Set(
    sqlite
      .prepare(`select realm_id from companies where origin = ? and status = 'connected'`)
      .pluck()
      .all(origin) as string[]
  )
}

export function setOrigin(sqlite: Database.Database, companyId: string, origin: Origin): void {
  sqlite.prepare('update companies set origin = ? where id = ?').run(origin, companyId)
}

/** Points every company of `origin` at other endpoints (the test drive's sandbox moves each run). */
export function setEndpointsOf(
  sqlite: Database.Database,
  origin: Origin,
  endpointsJson: string,
  apiBaseUrl: string
): void {
  sqlite
    .prepare('update companies set endpoints_json = ?, api_base_url = ? where origin = ?')
    .run(endpointsJson, apiBaseUrl, origin)
}
