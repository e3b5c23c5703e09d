// Connecting, disconnecting and removing client companies.

import { randomBytes, randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { CompanySummary, ConnectStart, connectInput } from '../../../shared/contract'
import { logActivity } from '../db/activity'
import { readSettings } from '../db/settings'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { QboError } from '../qbo/errors'
import {
  OAuthGateway,
  connectionKey,
  readConnection,
  writeConnection,
  type AppCredentials
} from '../qbo/oauth'
import type { SecretStore } from '../secrets/store'
import type { IntuitKeysStore } from './intuit-keys'
import {
  endpointsFor,
  endpointsOf,
  oauthEnvironment,
  type Endpoints,
  type QboConnections
} from './connections'
import {
  findByRealm,
  findCompany,
  getCompany,
  insertCompany,
  listCompanies,
  removeCompany,
  toSummary,
  updateCompany
} from '../db/companies'
import type { CompanyRow } from '../db/schema'

type ConnectInput = z.output<typeof connectInput>

/** Where the desktop shell listens for Intuit's redirect unless the caller names another. */
export const DEFAULT_REDIRECT_URI = 'http://127.0.0.1:53682/qbo/callback'
/** How long a started sign-in may take; its pending state is swept after that. */
export const PENDING_TTL_MS = 30 * 60_000

interface PendingConnect {
  environment: ConnectInput['environment']
  endpoints: Endpoints
  credentials: AppCredentials
  createdAt: number
  /** Signing an existing company in again: the consent must be for its realm. */
  reconnect?: { companyId: string; realmId: string }
}

function environmentName(environment: string): string {
  if (environment === 'production') return 'QuickBooks Online'
  if (environment === 'sandbox') return "Intuit's sandbox"
  return 'its QuickBooks'
}

const PENDING_PREFIX = 'pending-connect:'
const pendingKey = (state: string): string => `${PENDING_PREFIX}${state}`

export class CompaniesService {
  constructor(
    private readonly ctx: CoreContext,
    private readonly secrets: SecretStore,
    private readonly connections: QboConnections,
    readonly keys: IntuitKeysStore
  ) {}

  list(): Promise<CompanySummary[]> {
    return listCompanies(this.ctx.cache.db)
  }

  /** Starts OAuth with keys given by the caller (scripts, the test drive). */
  connect(input: ConnectInput): Promise<ConnectStart> {
    const endpoints = endpointsFor(input)
    return this.startSignIn({
      environment: input.environment,
      endpoints,
      credentials: {
        clientId: input.clientId,
        clientSecret: input.clientSecret,
        redirectUri: input.redirectUri ?? this.keys.redirectUri()
      }
    })
  }

  /** Adding a client: the firm's stored Intuit keys, so all the user does is consent in the browser. */
  async add(): Promise<ConnectStart> {
    const keys = await this.keys.read()
    if (!keys) {
      throw new AppError(
        'validation',
        "Enter your firm's Intuit app keys first (Settings → Intuit keys): every client signs in with them",
        { field: 'intuitKeys' }
      )
    }
    return this.startSignIn({
      environment: keys.environment,
      endpoints: keys.endpoints,
      credentials: {
        clientId: keys.clientId,
        clientSecret: keys.clientSecret,
        redirectUri: this.keys.redirectUri()
      }
    })
  }

  /**
   * Signs a company in again after QuickBooks revoked or expired its tokens, or after a disconnect:
   * with the keys it was connected with while they are kept, else the firm's keys for the same
   * QuickBooks (or, for a demo company, the test drive's). The consent must name the same company.
   */
  async reconnect(companyId: string, demoCredentials?: AppCredentials & Endpoints): Promise<ConnectStart> {
    const row = await this.row(companyId)
    const reconnect = { companyId, realmId: row.realm_id }
    const redirectUri = this.keys.redirectUri()
    if (demoCredentials) {
      const { clientId, clientSecret, apiBaseUrl, oauth } = demoCredentials
      return this.startSignIn({
        environment: 'custom',
        endpoints: { apiBaseUrl, oauth },
        credentials: { clientId, clientSecret, redirectUri },
        reconnect
      })
    }
    const endpoints = endpointsOf(row)
    const stored = await readConnection(this.secrets, companyId)
    if (stored) {
      return this.startSignIn({
        environment: row.environment,
        endpoints,
        credentials: { ...stored.credentials, redirectUri },
        reconnect
      })
    }
    const keys = await this.keys.read()
    if (!keys || keys.environment !== row.environment || keys.endpoints.apiBaseUrl !== row.api_base_url) {
      throw new AppError(
        'validation',
        `${row.name} needs your firm's Intuit app keys for ${environmentName(row.environment)} to sign in again: enter them in Settings → Intuit keys`,
        { field: 'intuitKeys' }
      )
    }
    return this.startSignIn({
      environment: row.environment,
      endpoints,
      credentials: { clientId: keys.clientId, clientSecret: keys.clientSecret, redirectUri },
      reconnect
    })
  }

  /** The state (CSRF token) and the app credentials wait, sealed, for the browser's return. */
  private async startSignIn(start: Omit<PendingConnect, 'createdAt'>): Promise<ConnectStart> {
    await this.sweepPendingConnects()
    const state = randomBytes(24).toString('base64url')
    const pending: PendingConnect = { ...start, createdAt: this.now() }
    await this.secrets.set(pendingKey(state), JSON.stringify(pending))
    const gateway = new OAuthGateway(
      start.endpoints.oauth,
      start.credentials,
      oauthEnvironment(start.environment),
      this.ctx.clock
    )
    return { authorizeUrl: gateway.authorizeUri(state), state }
  }

  /**
   * Forgets sign-ins started more than PENDING_TTL_MS ago: an abandoned one would otherwise keep
   * its client secret in the store for good. Runs at start and whenever a sign-in starts.
   */
  async sweepPendingConnects(): Promise<number> {
    let swept = 0
    for (const key of await this.secrets.keys(PENDING_PREFIX)) {
      const raw = await this.secrets.get(key)
      let createdAt = Number.NaN
      try {
        createdAt = (JSON.parse(raw ?? '') as PendingConnect).createdAt
      } catch {
        // Unreadable: nothing could complete it either.
      }
      if (!(this.now() - createdAt <= PENDING_TTL_MS)) {
        await this.secrets.delete(key)
        swept += 1
      }
    }
    return swept
  }

  async completeConnect(callbackUrl: string): Promise<CompanySummary> {
    let url: URL
    try {
      url = new URL(callbackUrl)
    } catch {
      throw new AppError('validation', 'callbackUrl is not a URL', { field: 'callbackUrl' })
    }
    const state = url.searchParams.get('state')
    const raw = state ? await this.secrets.get(pendingKey(state)) : null
    if (!state || !raw) {
      throw new AppError(
        'validation',
        'this sign-in was not started here (unknown state): start connecting again',
        {
          field: 'callbackUrl'
        }
      )
    }
    // A state is good for one callback, whatever happens next.
    await this.secrets.delete(pendingKey(state))
    const pending = JSON.parse(raw) as PendingConnect
    if (this.now() - pending.createdAt > PENDING_TTL_MS) {
      throw new AppError('validation', 'this sign-in took too long: start connecting again', {
        field: 'callbackUrl'
      })
    }
    const denied = url.searchParams.get('error')
    if (denied) throw new AppError('auth', `QuickBooks did not grant access (${denied})`)
    const realmId = url.searchParams.get('realmId')
    if (!realmId || !url.searchParams.get('code')) {
      throw new AppError('validation', 'the callback has no code or realmId', { field: 'callbackUrl' })
    }
    if (pending.reconnect && pending.reconnect.realmId !== realmId) {
      const row = await findCompany(this.ctx.cache.db, pending.reconnect.companyId)
      throw new AppError(
        'validation',
        `You chose another QuickBooks company (${realmId}); reconnecting ${row?.name ?? 'this client'} needs company ${pending.reconnect.realmId}. Reconnect again and pick that one.`,
        { field: 'callbackUrl' }
      )
    }

    const gateway = new OAuthGateway(
      pending.endpoints.oauth,
      pending.credentials,
      oauthEnvironment(pending.environment),
      this.ctx.clock
    )
    const tokens = await gateway.exchangeCode(callbackUrl)

    const { db } = this.ctx.cache
    const existing = await findByRealm(db, {
      environment: pending.environment,
      apiBaseUrl: pending.endpoints.apiBaseUrl,
      realmId
    })
    const id = existing?.id ?? randomUUID()
    const now = this.ctx.clock.now().toISOString()
    // The tokens are sealed before anything else can fail, so a connection is never lost.
    await writeConnection(this.secrets, id, { credentials: pending.credentials, tokens })
    if (existing) {
      await updateCompany(db, id, { status: 'connected' })
    } else {
      await insertCompany(db, {
        id,
        name: `QuickBooks company ${realmId}`,
        realm_id: realmId,
        environment: pending.environment,
        status: 'connected',
        endpoints_json: pending.environment === 'custom' ? JSON.stringify(pending.endpoints) : null,
        api_base_url: pending.endpoints.apiBaseUrl,
        created_at: now,
        last_sync_at: null,
        min_cash_cents: (await readSettings(db)).defaultMinCashCents
      })
    }
    this.connections.forget(id)
    let name = existing?.name
    try {
      const info = await (await this.connections.client(id)).companyInfo()
      name = info.CompanyName
      await updateCompany(db, id, { name })
    } catch (error) {
      // The company is connected; its name arrives with the first sync if QuickBooks is slow now.
      if (!(error instanceof QboError) || !['network', 'server', 'throttled'].includes(error.qboKind))
        throw error
    }
    await logActivity(db, {
      at: now,
      companyId: id,
      actor: 'user',
      action: existing ? 'company.reconnected' : 'company.connected',
      details: { realmId, environment: pending.environment, name: name ?? null }
    })
    this.ctx.events.emit('companies.changed', { companyIds: [id] })
    return this.summary(id)
  }

  async disconnect(companyId: string): Promise<CompanySummary> {
    const row = await this.row(companyId)
    const stored = await readConnection(this.secrets, companyId)
    let revoked = false
    if (stored) {
      const endpoints = endpointsOf(row)
      const gateway = new OAuthGateway(
        endpoints.oauth,
        stored.credentials,
        oauthEnvironment(row.environment),
        this.ctx.clock
      )
      try {
        await gateway.revoke(stored.tokens.refreshToken)
        revoked = true
      } catch {
        // Offline or already revoked: the tokens are forgotten here either way.
      }
    }
    await this.secrets.delete(connectionKey(companyId))
    this.connections.forget(companyId)
    const { db } = this.ctx.cache
    await updateCompany(db, companyId, { status: 'disconnected' })
    await logActivity(db, {
      at: this.ctx.clock.now().toISOString(),
      companyId,
      actor: 'user',
      action: 'company.disconnected',
      details: { revoked }
    })
    this.ctx.events.emit('companies.changed', { companyIds: [companyId] })
    return this.summary(companyId)
  }

  /** Deletes the company's cached books; its audit trail stays unless `deleteActivity`. */
  async remove(
    companyId: string,
    deleteActivity = false
  ): Promise<{ removed: true; activityDeleted: number }> {
    const row = await this.row(companyId)
    if (row.status !== 'disconnected') await this.disconnect(companyId)
    await this.ctx.hooks.emit('company.removing', { companyId })
    const { db } = this.ctx.cache
    const activityDeleted = await removeCompany(
      db,
      companyId,
      {
        at: this.ctx.clock.now().toISOString(),
        companyId,
        actor: 'user',
        action: 'company.removed',
        details: { companyId, name: row.name, realmId: row.realm_id }
      },
      deleteActivity
    )
    this.connections.forget(companyId)
    this.ctx.events.emit('companies.changed', { companyIds: [companyId] })
    return { removed: true, activityDeleted }
  }

  /** Forgets a company's tokens here without asking QuickBooks (the test drive's, whose sandbox goes). */
  async forgetConnection(companyId: string): Promise<void> {
    await this.secrets.delete(connectionKey(companyId))
    this.connections.forget(companyId)
  }

  async markNeedsReconnect(companyId: string, reason: string): Promise<void> {
    const { db } = this.ctx.cache
    await updateCompany(db, companyId, { status: 'needs-reconnect' })
    await logActivity(db, {
      at: this.ctx.clock.now().toISOString(),
      companyId,
      actor: 'system',
      action: 'company.needs-reconnect',
      details: { reason }
    })
    this.ctx.events.emit('companies.changed', { companyIds: [companyId] })
  }

  row(companyId: string): Promise<CompanyRow> {
    return getCompany(this.ctx.cache.db, companyId)
  }

  private async summary(companyId: string): Promise<CompanySummary> {
    return toSummary(await this.row(companyId))
  }

  private now(): number {
    return this.ctx.clock.now().getTime()
  }
}
