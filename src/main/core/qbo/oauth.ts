// OAuth 2.0 with Intuit through `intuit-oauth`, minus its two traps:
//  - its endpoints are static class fields, shared by the whole process, yet a test-drive company
//    (local sandbox) and a real one live side by side. Every call sets the endpoints it needs and
//    the library captures them synchronously when it builds the request, before anyone else runs.
//  - it retries token requests by itself, which can replay a refresh token that has already
//    rotated. Its retry is switched off per client; ours is in TokenManager, single-flight.

import OAuthClient from 'intuit-oauth'
import type { Clock } from '../../../shared/dates'
import type { SecretStore } from '../secrets/store'
import { QboError } from './errors'

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting'

export interface OAuthEndpoints {
  authorizeUrl: string
  tokenUrl: string
  revokeUrl: string
}

export const INTUIT_OAUTH: OAuthEndpoints = {
  authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke'
}

export interface AppCredentials {
  clientId: string
  clientSecret: string
  redirectUri: string
}

export interface TokenSet {
  accessToken: string
  refreshToken: string
  /** ms epoch, from our clock at the time of issue. */
  accessExpiresAt: number
  refreshExpiresAt: number
}

type Statics = { authorizeEndpoint: string; tokenEndpoint: string; revokeEndpoint: string }

function withEndpoints<T>(endpoints: OAuthEndpoints, call: () => T): T {
  const statics = OAuthClient as unknown as Statics
  const saved = { ...statics }
  statics.authorizeEndpoint = endpoints.authorizeUrl
  statics.tokenEndpoint = endpoints.tokenUrl
  statics.revokeEndpoint = endpoints.revokeUrl
  try {
    return call()
  } finally {
    statics.authorizeEndpoint = saved.authorizeEndpoint
    statics.tokenEndpoint = saved.tokenEndpoint
    statics.revokeEndpoint = saved.revokeEndpoint
  }
}

interface LibraryError {
  error?: string
  error_description?: string
  originalMessage?: string
  message?: string
  authResponse?: { response?: { status?: number } } | string
}

function toQboError(error: unknown): QboError {
  const e = (error ?? {}) as LibraryError
  const status = typeof e.authResponse === 'object' ? e.authResponse.response?.status : undefined
  if (e.error === 'invalid_grant') {
    return new QboError('auth', 'QuickBooks no longer accepts this connection: reconnect the company', {
      ...(status ? { status } : {}),
      faults: [{ code: 'invalid_grant', message: e.error_description || 'Token invalid' }]
    })
  }
  if (e.error === 'invalid_client') {
    return new QboError('auth', 'QuickBooks did not accept the app credentials', {
      faults: [{ code: 'invalid_client', message: e.error_description || 'invalid client' }]
    })
  }
  if (status === 429)
    return new QboError('throttled', 'QuickBooks sign-in is busy: try again shortly', { status })
  if (status === 408 || (status && status >= 500))
    return new QboError('server', `QuickBooks sign-in had a problem (HTTP ${status})`, { status })
  if (status && status >= 400) {
    return new QboError('auth', `QuickBooks sign-in refused: ${e.error || e.message || status}`, { status })
  }
  return new QboError(
    'network',
    `could not reach QuickBooks sign-in: ${e.originalMessage || e.message || 'network error'}`,
    {
      ambiguous: true
    }
  )
}

interface TokenJson {
  access_token: string
  refresh_token: string
  expires_in: number
  x_refresh_token_expires_in: number
}

/** One app registration against one set of endpoints. */
export class OAuthGateway {
  private readonly client: OAuthClient

  constructor(
    readonly endpoints: OAuthEndpoints,
    readonly credentials: AppCredentials,
    environment: 'sandbox' | 'production',
    private readonly clock: Clock
  ) {
    this.client = new OAuthClient({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      environment,
      redirectUri: credentials.redirectUri,
      logging: false
    })
    // No library-level retries: a replayed refresh could race a rotation (see TokenManager).
    ;(this.client as unknown as { shouldRetry: () => boolean }).shouldRetry = () => false
  }

  authorizeUri(state: string): string {
    return withEndpoints(this.endpoints, () => this.client.authorizeUri({ scope: [ACCOUNTING_SCOPE], state }))
  }

  async exchangeCode(callbackUrl: string): Promise<TokenSet> {
    return this.tokens(withEndpoints(this.endpoints, () => this.client.createToken(callbackUrl)))
  }

  async refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokens(withEndpoints(this.endpoints, () => this.client.refreshUsingToken(refreshToken)))
  }

  async revoke(token: string): Promise<void> {
    try {
      await withEndpoints(this.endpoints, () => this.client.revoke({ refresh_token: token }))
    } catch (error) {
      throw toQboError(error)
    }
  }

  private async tokens(pending: Promise<unknown>): Promise<TokenSet> {
    let response: unknown
    try {
      response = await pending
    } catch (error) {
      throw toQboError(error)
    }
    const json = ((response as { json?: unknown })?.json ?? response) as Partial<TokenJson>
    if (typeof json.access_token !== 'string' || typeof json.refresh_token !== 'string') {
      throw new QboError('server', 'QuickBooks sign-in answered without tokens')
    }
    const now = this.clock.now().getTime()
    return {
      accessToken: json.access_token,
      refreshToken: json.refresh_token,
      accessExpiresAt: now + (json.expires_in ?? 3600) * 1000,
      refreshExpiresAt: now + (json.x_refresh_token_expires_in ?? 8_726_400) * 1000
    }
  }
}

export interface StoredConnection {
  credentials: AppCredentials
  tokens: TokenSet
}

export function connectionKey(companyId: string): string {
  return `qbo-connection:${companyId}`
}

export async function readConnection(
  secrets: SecretStore,
  companyId: string
): Promise<StoredConnection | null> {
  const raw = await secrets.get(connectionKey(companyId))
  return raw ? (JSON.parse(raw) as StoredConnection) : null
}

export async function writeConnection(
  secrets: SecretStore,
  companyId: string,
  value: StoredConnection
): Promise<void> {
  await secrets.set(connectionKey(companyId), JSON.stringify(value))
}

/** Refresh this long before expiry, so a request does not set off with a token about to lapse. */
export const EXPIRY_MARGIN_MS = 120_000

/**
 * In firm mode a client's tokens are the firm's (firm/service.ts): refreshed once firm-wide under a
 * lock, and the newest taken before a desktop uses its own. Null answers mean "no firm to ask"
 * (not in one, or its server out of reach): the desktop does as it does alone.
 */
export interface SharedTokens {
  /** The firm's tokens for the company when they are newer than this desktop's. */
  newer(companyId: string, mine: StoredConnection): Promise<TokenSet | null>
  /**
   * Refreshes under the firm-wide lock: `refresh` is called with the newest refresh token unless
   * another desktop's fresh tokens can be used as they are.
   */
  refresh(
    companyId: string,
    mine: StoredConnection,
    refresh: (from: TokenSet) => Promise<TokenSet>
  ): Promise<TokenSet | null>
}

/**
 * A company's tokens: refresh is single-flight (ten callers with an expired token cause one
 * refresh), and the new refresh token is persisted before the new access token is handed out, so a
 * crash between the two loses nothing (Intuit keeps the previous refresh token valid for 24 hours).
 */
export class TokenManager {
  private current: TokenSet | null = null
  private inflight: Promise<TokenSet> | null = null
  refreshCount = 0

  constructor(
    private readonly companyId: string,
    private readonly gateway: OAuthGateway,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
    private readonly onInvalidGrant: (error: QboError) => Promise<void>,
    private readonly shared?: SharedTokens
  ) {}

  private async load(): Promise<TokenSet> {
    if (this.current) return this.current
    const stored = await readConnection(this.secrets, this.companyId)
    if (!stored) throw new QboError('auth', 'this company is not connected: connect it again')
    // A desktop that was away takes the firm's newer tokens before it uses its own.
    const newer = await this.shared?.newer(this.companyId, stored)
    if (newer) {
      await writeConnection(this.secrets, this.companyId, { ...stored, tokens: newer })
      this.current = newer
      return newer
    }
    this.current = stored.tokens
    return stored.tokens
  }

  async accessToken(): Promise<string> {
    const tokens = await this.load()
    if (tokens.accessExpiresAt - EXPIRY_MARGIN_MS > this.clock.now().getTime()) return tokens.accessToken
    return (await this.refresh()).accessToken
  }

  /** After a 401: refresh unless another caller already replaced the rejected token. */
  async refreshAfterUnauthorized(rejected: string): Promise<string> {
    const tokens = await this.load()
    if (tokens.accessToken !== rejected) return tokens.accessToken
    return (await this.refresh()).accessToken
  }

  refresh(): Promise<TokenSet> {
    this.inflight ??= this.doRefresh().finally(() => {
      this.inflight = null
    })
    return this.inflight
  }

  private async doRefresh(): Promise<TokenSet> {
    const stored = await readConnection(this.secrets, this.companyId)
    if (!stored) throw new QboError('auth', 'this company is not connected: connect it again')
    const next =
      (await this.shared?.refresh(this.companyId, stored, (from) => this.refreshFrom(from.refreshToken))) ??
      (await this.refreshFrom(stored.tokens.refreshToken))
    // A reconnect may have replaced the connection while this refresh was out: keep the newer one.
    const latest = await readConnection(this.secrets, this.companyId)
    if (!latest || latest.tokens.refreshToken !== stored.tokens.refreshToken) {
      throw new QboError('auth', 'the connection changed while it was being refreshed: try again')
    }
    await writeConnection(this.secrets, this.companyId, { ...latest, tokens: next })
    this.current = next
    return next
  }

  private async refreshFrom(refreshToken: string): Promise<TokenSet> {
    let next: TokenSet | null = null
    let lastError: QboError | null = null
    // Network trouble is retried with the same refresh token: it stays valid for 24 hours even if
    // Intuit rotated it on a request whose answer we lost.
    for (let attempt = 0; attempt < 3 && !next; attempt++) {
      try {
        this.refreshCount += 1
        next = await this.gateway.refresh(refreshToken)
      } catch (error) {
        lastError = error instanceof QboError ? error : new QboError('network', String(error))
        // Only a refused grant means the user must reconnect; a busy or failing sign-in server does not.
        const code = lastError.info.faults?.[0]?.code
        if (code === 'invalid_grant' || code === 'invalid_client') {
          await this.onInvalidGrant(lastError)
          throw lastError
        }
        if (lastError.qboKind === 'auth' || lastError.qboKind === 'validation') throw lastError
        if (attempt < 2) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt))
      }
    }
    if (!next) throw lastError ?? new QboError('network', 'could not refresh the connection')
    return next
  }

  forget(): void {
    this.current = null
  }
}
