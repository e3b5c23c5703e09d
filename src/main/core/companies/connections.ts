// One QBOClient per connected company, built on demand from the company row (where its API lives)
// and its sealed connection (app credentials and tokens). The limiter is per company, shared by
// every caller, so sync, actions and refreshes together stay inside Intuit's limits.

import type { Clock } from '../../../shared/dates'
import { findCompany } from '../db/companies'
import type { Db } from '../db/schema'
import { QBOClient } from '../qbo/client'
import { PageParser } from '../qbo/page-parser'
import { QboError } from '../qbo/errors'
import { QboHttp } from '../qbo/http'
import { Limiter, QBO_LIMITS, type LimiterOptions } from '../qbo/limiter'
import {
  INTUIT_OAUTH,
  OAuthGateway,
  readConnection,
  TokenManager,
  type OAuthEndpoints,
  type SharedTokens
} from '../qbo/oauth'
import type { Hooks } from '../hooks'
import type { SecretStore } from '../secrets/store'

export interface QboTuning {
  limits?: Partial<LimiterOptions>
  backoffBaseMs?: number
  throttleWaitMs?: number
  timeoutMs?: number
  maxRetries?: number
}

export interface Endpoints {
  apiBaseUrl: string
  oauth: OAuthEndpoints
}

export const ENVIRONMENT_ENDPOINTS: Record<'production' | 'sandbox', Endpoints> = {
  production: { apiBaseUrl: 'https://quickbooks.api.intuit.com', oauth: INTUIT_OAUTH },
  sandbox: { apiBaseUrl: 'https://sandbox-quickbooks.api.intuit.com', oauth: INTUIT_OAUTH }
}

/** The endpoints a sign-in asked for: Intuit's for its environment, or the custom ones given. */
export function endpointsFor(input: {
  environment: string
  custom?: { apiBaseUrl: string; authorizeUrl: string; tokenUrl: string; revokeUrl: string } | undefined
}): Endpoints {
  if (input.environment === 'custom' && input.custom) {
    const { apiBaseUrl, authorizeUrl, tokenUrl, revokeUrl } = input.custom
    return { apiBaseUrl, oauth: { authorizeUrl, tokenUrl, revokeUrl } }
  }
  return ENVIRONMENT_ENDPOINTS[input.environment as 'production' | 'sandbox']
}

export function endpointsOf(row: { environment: string; endpoints_json: string | null }): Endpoints {
  if (row.environment === 'custom') {
    if (!row.endpoints_json) throw new QboError('validation', 'this company has no endpoints')
    return JSON.parse(row.endpoints_json) as Endpoints
  }
  return ENVIRONMENT_ENDPOINTS[row.environment as 'production' | 'sandbox']
}

export function oauthEnvironment(environment: string): 'sandbox' | 'production' {
  return environment === 'production' ? 'production' : 'sandbox'
}

interface Connection {
  client: QBOClient
  tokens: TokenManager
  gateway: OAuthGateway
}

export class QboConnections {
  private readonly connections = new Map<string, Promise<Connection>>()
  private readonly limiters = new Map<string, Limiter>()
  /** One page reader's thread for every company's full reads. */
  readonly pages = new PageParser()

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
    private readonly tuning: QboTuning,
    private readonly hooks: Hooks,
    /** In firm mode: each client's tokens as the firm has them (refreshed once firm-wide). */
    private readonly shared?: SharedTokens
  ) {}

  limiter(companyId: string): Limiter {
    let limiter = this.limiters.get(companyId)
    if (!limiter) {
      limiter = new Limiter({ ...QBO_LIMITS, ...this.tuning.limits })
      this.limiters.set(companyId, limiter)
    }
    return limiter
  }

  async client(companyId: string): Promise<QBOClient> {
    return (await this.connection(companyId)).client
  }

  connection(companyId: string): Promise<Connection> {
    let pending = this.connections.get(companyId)
    if (!pending) {
      pending = this.build(companyId)
      pending.catch(() => this.connections.delete(companyId))
      this.connections.set(companyId, pending)
    }
    return pending
  }

  /** Before the core stops: ends the page reader's thread. */
  close(): Promise<void> {
    return this.pages.close()
  }

  /** Drops what is cached for a company (after disconnect, reconnect or removal). */
  forget(companyId: string): void {
    this.connections.delete(companyId)
  }

  private async build(companyId: string): Promise<Connection> {
    const row = await findCompany(this.db, companyId)
    if (!row) throw new QboError('not-found', `no company ${companyId}`)
    if (row.status !== 'connected') {
      throw new QboError('auth', `${row.name} is not connected to QuickBooks: reconnect it`)
    }
    const stored = await readConnection(this.secrets, companyId)
    if (!stored) throw new QboError('auth', `${row.name} has no stored connection: reconnect it`)
    const endpoints = endpointsOf(row)
    const gateway = new OAuthGateway(
      endpoints.oauth,
      stored.credentials,
      oauthEnvironment(row.environment),
      this.clock
    )
    const tokens = new TokenManager(
      companyId,
      gateway,
      this.secrets,
      this.clock,
      (error) => {
        this.forget(companyId)
        return this.hooks.emit('connection.refused', { companyId, reason: error.message })
      },
      this.shared
    )
    const http = new QboHttp({
      apiBaseUrl: endpoints.apiBaseUrl,
      realmId: row.realm_id,
      limiter: this.limiter(companyId),
      accessToken: () => tokens.accessToken(),
      refreshAfterUnauthorized: (rejected) => tokens.refreshAfterUnauthorized(rejected),
      now: () => this.clock.now().getTime(),
      ...(this.tuning.backoffBaseMs !== undefined ? { backoffBaseMs: this.tuning.backoffBaseMs } : {}),
      ...(this.tuning.throttleWaitMs !== undefined ? { throttleWaitMs: this.tuning.throttleWaitMs } : {}),
      ...(this.tuning.timeoutMs !== undefined ? { timeoutMs: this.tuning.timeoutMs } : {}),
      ...(this.tuning.maxRetries !== undefined ? { maxRetries: this.tuning.maxRetries } : {})
    })
    return { client: new QBOClient(row.realm_id, http, this.pages), tokens, gateway }
  }
}
