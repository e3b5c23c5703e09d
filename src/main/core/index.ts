// createCore: the app without a face. Electron, the web host and the CLI all host what this returns.

import type { EventName } from '../../shared/contract'
import { systemClock, type Clock } from '../../shared/dates'
import type { Result } from '../../shared/errors'
import { createHandlers, invoke, type Handlers, type Services } from './api'
import type { CoreConfig } from './context'
import { openCache } from './db/connect'
import { EventBus } from './events'
import { QboConnections, type QboTuning } from './companies/connections'
import { CompaniesService } from './companies/service'
import { FileSecretStore, type SecretStore } from './secrets/store'
import { SyncCoordinator } from './sync'

export interface CoreOptions {
  dataDir: string
  host: CoreConfig['host']
  clock?: Clock
  appVersion?: string
  nativeBinding?: string
  /** Where tokens are sealed: Electron's safeStorage in the app, an encrypted file elsewhere. */
  secrets?: SecretStore
  /** Limits and timings of the QBO HTTP layer (tests shorten them). */
  qbo?: QboTuning
}

export interface Core {
  handlers: Handlers
  /** The services behind the handlers, for in-process hosts and tests; windows go through invoke. */
  services: Services
  /** Validates `input` against the contract, runs the handler, never throws. */
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void
  start(): Promise<void>
  stop(): Promise<void>
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock
  const config: CoreConfig = {
    dataDir: options.dataDir,
    clock,
    host: options.host,
    appVersion: options.appVersion ?? '0.1.0',
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  }
  const cache = await openCache({
    dataDir: options.dataDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  })
  const events = new EventBus()
  const ctx = { config, clock, cache, events }
  const secrets = options.secrets ?? FileSecretStore.forDataDir(options.dataDir)
  const connections: QboConnections = new QboConnections(
    cache.db,
    secrets,
    clock,
    options.qbo ?? {},
    (companyId, error): Promise<void> => companies.markNeedsReconnect(companyId, error.message)
  )
  const companies: CompaniesService = new CompaniesService(ctx, secrets, connections)
  const sync = new SyncCoordinator(ctx, connections)
  const services = { companies, connections, sync }
  const handlers = createHandlers(ctx, services)
  let stopped = false
  return {
    handlers,
    services,
    invoke: (channel, input) => {
      if (stopped) {
        return Promise.resolve({ ok: false, error: { kind: 'internal', message: 'the core has stopped' } })
      }
      return invoke(handlers, channel, input)
    },
    subscribe: (listener) => events.subscribe(listener),
    start: async () => {},
    stop: async () => {
      if (stopped) return
      stopped = true
      await cache.close()
    }
  }
}
