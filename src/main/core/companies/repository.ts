import type { Kysely, Transaction } from 'kysely'
import type { CompanySummary } from '../../../shared/contract'
import type { CompanyRow, DB } from '../db/schema'

type Db = Kysely<DB> | Transaction<DB>

export function toSummary(row: CompanyRow): CompanySummary {
  return {
    id: row.id,
    name: row.name,
    realmId: row.realm_id,
    environment: row.environment,
    status: row.status,
    lastSyncAt: row.last_sync_at
  }
}

export async function listCompanies(db: Db): Promise<CompanySummary[]> {
  const rows = await db.selectFrom('companies').selectAll().orderBy('name').orderBy('id').execute()
  return rows.map(toSummary)
}
