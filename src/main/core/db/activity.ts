// The audit trail (every decision and action, who and when) and the log of background jobs.

import type { ActivityEntry } from '../../../shared/contract'
import type { Db, Sqlite } from './schema'

export interface NewActivity {
  at: string
  companyId: string | null
  actor: string
  action: string
  details: Record<string, unknown>
  /** The entry's name in the firm: given for people's actions and entries pulled from the firm. */
  firmItem?: string
  /** When it became the firm's (shared as it was made, or pulled). */
  firmSharedAt?: string | null
}

/** Writes an entry; one the company holds already under its firm name (pulled again) is kept once. */
export async function logActivity(db: Db, entry: NewActivity): Promise<void> {
  await db
    .insertInto('activity_log')
    .values({
      at: entry.at,
      company_id: entry.companyId,
      actor: entry.actor,
      action: entry.action,
      details_json: JSON.stringify(entry.details),
      firm_item: entry.firmItem ?? null,
      firm_shared_at: entry.firmSharedAt ?? null
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

/** A company's entries of people's actions the firm does not have yet (made before it joined). */
export async function unsharedActivity(
  db: Db,
  companyId: string
): Promise<
  {
    id: number
    at: string
    actor: string
    action: string
    details: Record<string, unknown>
    firmItem: string
  }[]
> {
  const rows = await db
    .selectFrom('activity_log')
    .select(['id', 'at', 'actor', 'action', 'details_json', 'firm_item'])
    .where('company_id', '=', companyId)
    .where('firm_item', 'is not', null)
    .where('firm_shared_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    firmItem: r.firm_item!
  }))
}

export async function markActivityShared(db: Db, ids: number[], at: string): Promise<void> {
  if (ids.length > 0)
    await db.updateTable('activity_log').set({ firm_shared_at: at }).where('id', 'in', ids).execute()
}

export async function listActivity(
  db: Db,
  filter: { companyId?: string; limit?: number }
): Promise<ActivityEntry[]> {
  let query = db
    .selectFrom('activity_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
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

/** A company's entries stamped from `from` (inclusive) to `to` (exclusive), oldest first. */
export function activityBetween(
  sqlite: Sqlite,
  companyId: string,
  from: string,
  to: string
): { at: string; action: string; details_json: string }[] {
  return sqlite
    .prepare(
      `select at, action, details_json from activity_log where company_id = ? and at >= ? and at < ? order by id`
    )
    .all(companyId, from, to) as { at: string; action: string; details_json: string }[]
}

/** A job run begins; its id is what `finishJobRun` closes. */
export function startJobRun(sqlite: Sqlite, job: string, companyId: string | null, at: string): number {
  return Number(
    sqlite
      .prepare('insert into job_runs (job, company_id, started_at) values (?, ?, ?)')
      .run(job, companyId, at).lastInsertRowid
  )
}

export function finishJobRun(
  sqlite: Sqlite,
  id: number,
  at: string,
  outcome: 'ok' | 'failed',
  details: unknown
): void {
  sqlite
    .prepare('update job_runs set finished_at = ?, outcome = ?, details_json = ? where id = ?')
    .run(at, outcome, JSON.stringify(details), id)
}
