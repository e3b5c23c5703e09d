import type { Clock } from '../../shared/dates'
import type { CacheDb } from './db/connect'
import type { EventBus } from './events'
import type { Hooks } from './hooks'

export interface CoreConfig {
  dataDir: string
  clock: Clock
  host: 'electron' | 'web' | 'cli'
  appVersion: string
  /** better_sqlite3.node built for the runtime that hosts the core (Electron has its own ABI). */
  nativeBinding?: string
}

/** What every service of the core is handed: its configuration and the shared resources. */
export interface CoreContext {
  config: CoreConfig
  clock: Clock
  cache: CacheDb
  events: EventBus
  /** Between services, awaited: see hooks.ts. */
  hooks: Hooks
}
