// The app's settings: read whole (defaults filled in), changed in part, and every window told.

import type { Settings } from '../../shared/contract'
import type { CoreContext } from './context'
import type { FirmService } from './firm/service'
import { SHARED_SETTINGS } from './firm/shared'
import { readSettings, writeSettings } from './db/settings'

export class SettingsService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly firm: FirmService
  ) {}

  get(): Promise<Settings> {
    return readSettings(this.ctx.cache.db)
  }

  async set(patch: Partial<Settings>): Promise<Settings> {
    const now = this.ctx.clock.now().toISOString()
    const settings = await this.ctx.cache.db.transaction().execute(async (trx) => {
      await writeSettings(trx, patch, now)
      return readSettings(trx)
    })
    for (const key of SHARED_SETTINGS)
      if (patch[key] !== undefined) await this.firm.shareSetting(key, patch[key])
    if (patch.statusBands !== undefined) await this.ctx.hooks.emit('bands.changed', {})
    this.ctx.events.emit('settings.changed', settings)
    return settings
  }
}
