import type { Kysely, Transaction } from 'kysely'
import type { ActivityEntry } from '../../../shared/contract'
import type { DB } from '../db/schema'

type Db = Kysely<DB> | Transaction<DB>

export interface NewActivity {
  at: string
  companyId: string | null
  actor: string
  action: string
  details: Record<string, unknown>
}

export async function logActivity(db: Db, entry: NewActivity): Promise<void> {
  await db
    .insertInto('activity_log')
    .values({
      at: entry.at,
      company_id: entry.companyId,
      actor: entry.actor,
      action: entry.action,
      details_json: JSON.stringify(entry.details)
    })
    .execute()
}

export async function listActivity(
  db: Db,
  filter: { companyId?: string; limit?: number }
): Promise<ActivityEntry[]> {
  let query = db.selectFrom('activity_log').selectAll().orderBy('id', 'desc').limit(filter.limit ?? 100)
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId)
  const rows = await query.execute()
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    companyId: row.company_id,
    actor: row.actor,
    action: row.action,
    details: JSON.parse(row.details_json) as Record<string, unknown>
  }))
}
