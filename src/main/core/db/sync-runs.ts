// The sync history: one row per sync of a company, whatever started it.

import type { SyncRun, SyncSummary } from '../../../shared/contract'
import type { ErrorKind } from '../../../shared/errors'
import type { Db } from './schema'

export async function recordSyncRun(
  db: Db,
  summary: SyncSummary,
  startedAt: string,
  finishedAt: string
): Promise<void> {
  await db
    .insertInto('sync_runs')
    .values({
      company_id: summary.companyId,
      strategy: summary.strategy,
      mode: summary.mode,
      started_at: startedAt,
      finished_at: finishedAt,
      ok: summary.ok ? 1 : 0,
      error_kind: summary.error?.kind ?? null,
      error_message: summary.error?.message ?? null,
      fetched: summary.fetched,
      written: summary.written,
      deleted: summary.deleted,
      skipped: summary.skipped,
      requests: summary.requests,
      duration_ms: summary.durationMs
    })
    .execute()
}

/** Newest first, of one company or all. */
export async function listSyncRuns(
  db: Db,
  filter: { companyId?: string; limit?: number }
): Promise<SyncRun[]> {
  let query = db
    .selectFrom('sync_runs')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 100)
  if (filter.companyId) query = query.where('company_id', '=', filter.companyId)
  const rows = await query.execute()
  return rows.map((r) => ({
    id: r.id,
    companyId: r.company_id,
    strategy: r.strategy as SyncRun['strategy'],
    mode: r.mode as SyncRun['mode'],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    ok: r.ok === 1,
    error: r.error_kind ? { kind: r.error_kind as ErrorKind, message: r.error_message ?? '' } : null,
    fetched: r.fetched,
    written: r.written,
    deleted: r.deleted,
    skipped: r.skipped,
    requests: r.requests,
    durationMs: r.duration_ms
  }))
}
