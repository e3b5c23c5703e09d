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

/**
 * How many companies "sync all" reads at once. Each is its own realm with its own limiter (QBO's
 * limits are per realm), and a company's first read is mostly round trips (one company: ~0.5 s, of
 * which ~50 ms is our CPU): enough are in flight to keep the thread busy while the rest wait on
 * QBO. Not hundreds: with 500 at once, thousands of requests on one thread ran past their time limit.
 */
export const SYNC_ALL_AT_ONCE = 16

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
    // SYNC_ALL_AT_ONCE at a time, each company once (a second caller of one shares its sync).
    // Summaries come back in the companies' order.
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
