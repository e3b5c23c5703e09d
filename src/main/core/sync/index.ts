// The sync side of the core: one SmartSyncService per company, created on demand. Companies sync
// independently, so one company's outage never stalls another's.

import type { SyncStatus, SyncSummary } from '../../../shared/contract'
import type { QboConnections } from '../companies/connections'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { readSettings } from '../settings/repository'
import { CacheWriter } from './cache-writer'
import { SmartSyncService } from './smart-sync'
import type { SyncStrategy } from './strategies'

export class SyncCoordinator {
  private readonly services = new Map<string, SmartSyncService>()
  readonly writer: CacheWriter
  onSynced: ((companyId: string) => Promise<void>) | undefined

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
        onSynced: (id) => this.onSynced?.(id) ?? Promise.resolve(),
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
    const rows = await this.ctx.cache.db.selectFrom('companies').select('id').where('status', '=', 'connected').orderBy('name').execute()
    return rows.map((r) => r.id)
  }

  async syncNow(companyId?: string, strategy: SyncStrategy = 'ON_DEMAND'): Promise<SyncSummary[]> {
    if (companyId) {
      await this.requireCompany(companyId)
      return [await this.service(companyId).sync(strategy)]
    }
    const ids = await this.connectedCompanyIds()
    return Promise.all(ids.map((id) => this.service(id).sync(strategy)))
  }

  async status(companyId: string): Promise<SyncStatus> {
    await this.requireCompany(companyId)
    return this.service(companyId).status()
  }

  private async requireCompany(companyId: string): Promise<void> {
    const row = await this.ctx.cache.db.selectFrom('companies').select('id').where('id', '=', companyId).executeTakeFirst()
    if (!row) throw new AppError('not-found', `no company ${companyId}`, { field: 'companyId' })
  }
}
