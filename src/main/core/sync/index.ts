// The sync side of the core: one SmartSyncService per company, created on demand. Companies sync
// independently, so one company's outage never stalls another's.

import type { SyncRun, SyncStatus, SyncSummary } from '../../../shared/contract'
import type { QboConnections } from '../companies/connections'
import type { CoreContext } from '../context'
import { connectedCompanyIds, connectedCompanySyncs, getCompany } from '../db/companies'
import { readSettings } from '../db/settings'
import { listSyncRuns } from '../db/sync-runs'
import { CacheWriter } from '../db/cache-writer'
import { SmartSyncService } from './smart-sync'
import type { Due, SyncStrategy } from './strategies'

/** How many companies "sync all" reads at once. */
export const SYNC_ALL_AT_ONCE = 6

export class SyncCoordinator {
  private readonly services = new Map<string, SmartSyncService>()
  readonly writer: CacheWriter

  constructor(
    private readonly ctx: CoreContext,
    private readonly connections: QboConnections
  ) {
    this.writer = new CacheWriter(ctx.cache.sqlite)
  }

  service(companyId: string): SmartSyncService {
    let service = this.services.get(companyId)
    if (!service) {
      service = new SmartSyncService(companyId, {
        ctx: this.ctx,
        connections: this.connections,
        writer: this.writer,
        timing: () => readSettings(this.ctx.cache.db)
      })
      this.services.set(companyId, service)
    }
    return service
  }

  forget(companyId: string): void {
    this.services.delete(companyId)
  }

  async connectedCompanyIds(): Promise<string[]> {
    return connectedCompanyIds(this.ctx.cache.db)
  }

  /** Every connected company's next sync, from one read of the companies and the settings. */
  async dueSyncs(): Promise<{ companyId: string; due: Due }[]> {
    const [rows, timing] = await Promise.all([
      connectedCompanySyncs(this.ctx.cache.db),
      readSettings(this.ctx.cache.db)
    ])
    return rows.map((row) => ({
      companyId: row.id,
      due: this.service(row.id).dueAfter(row.last_sync_at, timing)
    }))
  }

  async syncNow(companyId?: string, strategy: SyncStrategy = 'ON_DEMAND'): Promise<SyncSummary[]> {
    if (companyId) {
      await getCompany(this.ctx.cache.db, companyId)
      return [await this.service(companyId).sync(strategy)]
    }
    // A few at a time: each sync's parsing and writing share this one thread, so hundreds at once
    // only stretch every request past its time limit; a few keep the thread busy while others wait
    // on QBO. Summaries come back in the companies' order.
    const ids = await this.connectedCompanyIds()
    const summaries: SyncSummary[] = new Array<SyncSummary>(ids.length)
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < ids.length) {
        const i = next++
        summaries[i] = await this.service(ids[i]!).sync(strategy)
      }
    }
    await Promise.all(Array.from({ length: Math.min(SYNC_ALL_AT_ONCE, ids.length) }, lane))
    return summaries
  }

  history(filter: { companyId?: string; limit?: number }): Promise<SyncRun[]> {
    return listSyncRuns(this.ctx.cache.db, filter)
  }

  async status(companyId: string): Promise<SyncStatus> {
    await getCompany(this.ctx.cache.db, companyId)
    return this.service(companyId).status()
  }
}
