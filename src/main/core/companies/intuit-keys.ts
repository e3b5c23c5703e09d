// The firm's Intuit app keys, entered once: every client added afterwards signs in with them. They
// live in the secret store (safeStorage in the app, the sealed file elsewhere), never in settings.

import type { z } from 'zod'
import type { IntuitKeysView, intuitKeysInput } from '../../../shared/contract'
import type { Clock } from '../../../shared/dates'
import type { SecretStore } from '../secrets/store'
import { endpointsFor, type Endpoints } from './connections'

export type IntuitKeysInput = z.output<typeof intuitKeysInput>

export interface IntuitKeys {
  environment: IntuitKeysInput['environment']
  endpoints: Endpoints
  clientId: string
  clientSecret: string
  updatedAt: string
}

const KEY = 'intuit-app-keys'

export class IntuitKeysStore {
  constructor(
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
    /** Where the host catches the browser's return from Intuit (the app's loopback listener). */
    readonly redirectUri: () => string
  ) {}

  async read(): Promise<IntuitKeys | null> {
    const raw = await this.secrets.get(KEY)
    return raw ? (JSON.parse(raw) as IntuitKeys) : null
  }

  async view(): Promise<IntuitKeysView> {
    const keys = await this.read()
    return {
      configured: keys !== null,
      environment: keys?.environment ?? null,
      clientIdEnd: keys ? keys.clientId.slice(-4) : null,
      apiBaseUrl: keys?.environment === 'custom' ? keys.endpoints.apiBaseUrl : null,
      redirectUri: this.redirectUri(),
      updatedAt: keys?.updatedAt ?? null
    }
  }

  async set(input: IntuitKeysInput): Promise<IntuitKeysView> {
    const endpoints = endpointsFor(input)
    const keys: IntuitKeys = {
      environment: input.environment,
      endpoints,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      updatedAt: this.clock.now().toISOString()
    }
    await this.secrets.set(KEY, JSON.stringify(keys))
    return this.view()
  }

  /** The firm's keys as a partner's desktop set them (firm mode): kept as they came. */
  async keep(keys: IntuitKeys): Promise<void> {
    await this.secrets.set(KEY, JSON.stringify(keys))
  }

  async clear(): Promise<IntuitKeysView> {
    await this.secrets.delete(KEY)
    return this.view()
  }
}
