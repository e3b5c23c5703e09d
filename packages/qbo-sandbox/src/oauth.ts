// Intuit's OAuth 2.0 authority, as far as a client can observe it: consent, code exchange (a code
// works once; replaying it revokes what it issued), refresh-token rotation with a 24-hour grace for
// the previous token, revocation, and access-token expiry on the sandbox clock.

import { createHash, randomBytes } from 'node:crypto'

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting'
const KNOWN_SCOPES = new Set([
  ACCOUNTING_SCOPE,
  'com.intuit.quickbooks.payment',
  'openid',
  'profile',
  'email',
  'phone',
  'address'
])

const SECOND = 1000
const HOUR = 3600 * SECOND
export const ACCESS_TOKEN_TTL_S = 3600
export const REFRESH_TOKEN_TTL_S = 8_726_400
const HARD_TTL_S = 5 * 365 * 86_400
const REFRESH_GRACE_MS = 24 * HOUR
const CODE_TTL_MS = 5 * 60 * SECOND

export interface OAuthClientConfig {
  clientId: string
  clientSecret: string
  /** Exact redirect URIs to accept; when absent, loopback http(s) and any https URI are accepted. */
  redirectUris?: string[]
}

interface Grant {
  id: string
  realmId: string
  clientId: string
  scope: string
  createdAt: number
  hardExpiresAt: number
  revoked: boolean
}

interface AccessToken {
  grantId: string
  realmId: string
  issuedAt: number
  expiresAt: number
}

interface RefreshToken {
  grantId: string
  issuedAt: number
  expiresAt: number
  supersededAt?: number
}

interface AuthCode {
  clientId: string
  redirectUri: string
  realmId: string
  scope: string
  expiresAt: number
  grantId?: string
}

export interface OAuthState {
  grants: Grant[]
  accessTokens: [string, AccessToken][]
  refreshTokens: [string, RefreshToken][]
  /** Tokens are kept (and written to a state file) as their SHA-256, never as themselves. */
  tokenKeys?: 'sha256'
}

/** What the token tables are keyed by: a state file on disk holds no token a client could use. */
const tokenKey = (token: string): string => createHash('sha256').update(token).digest('base64url')

export interface HttpAnswer {
  status: number
  headers: Record<string, string>
  /** Text, or bytes in parts (see RealmStore.encode). */
  body: string | Buffer[]
}

export type AccessCheck = { ok: true; realmId: string } | { ok: false; status: 401 | 403; detail: string }

const b64url = (bytes: number): string => randomBytes(bytes).toString('base64url')
const JSON_HEADERS = {
  'content-type': 'application/json;charset=UTF-8',
  'cache-control': 'no-cache, no-store',
  pragma: 'no-cache'
}

const json = (status: number, body: unknown): HttpAnswer => ({
  status,
  headers: { ...JSON_HEADERS },
  body: JSON.stringify(body)
})
const invalidGrant = (): HttpAnswer =>
  json(400, { error_description: 'Token invalid', error: 'invalid_grant' })

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

export class OAuthAuthority {
  private readonly grants = new Map<string, Grant>()
  private readonly accessTokens = new Map<string, AccessToken>()
  private readonly refreshTokens = new Map<string, RefreshToken>()
  private readonly codes = new Map<string, AuthCode>()

  constructor(
    readonly client: OAuthClientConfig,
    private readonly now: () => number,
    private readonly companies: () => { realmId: string; companyName: string }[],
    private readonly onChange: () => void = () => {}
  ) {}

  // -------------------------------------------------------------------------------------------
  // Authorize

  authorize(url: URL): HttpAnswer {
    const q = url.searchParams
    const clientId = q.get('client_id')
    if (!clientId || clientId !== this.client.clientId)
      return this.errorPage(400, 'invalid_client', 'The client_id is missing or unknown.')
    const redirectUri = q.get('redirect_uri')
    if (!redirectUri || !this.redirectAllowed(redirectUri)) {
      return this.errorPage(
        400,
        'invalid_request',
        'The redirect_uri is missing or not registered for this app.'
      )
    }
    const state = q.get('state')
    if (q.get('response_type') !== 'code')
      return this.redirectError(redirectUri, 'unsupported_response_type', state)
    const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean)
    if (!scopes.includes(ACCOUNTING_SCOPE) || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
      return this.redirectError(redirectUri, 'invalid_scope', state)
    }
    const consent = q.get('auto_consent')
    if (consent === 'deny') return this.redirectError(redirectUri, 'access_denied', state)
    if (consent) {
      const company = this.companies().find((c) => c.realmId === consent)
      if (!company)
        return this.errorPage(400, 'invalid_request', `No company with realmId ${consent} in this sandbox.`)
      const code = `AB11${Math.floor(this.now() / 1000)}${b64url(27)}`
      this.codes.set(code, {
        clientId,
        redirectUri,
        realmId: company.realmId,
        scope: scopes.join(' '),
        expiresAt: this.now() + CODE_TTL_MS
      })
      const target = new URL(redirectUri)
      target.searchParams.set('code', code)
      if (state !== null) target.searchParams.set('state', state)
      target.searchParams.set('realmId', company.realmId)
      return { status: 302, headers: { location: target.toString(), 'cache-control': 'no-store' }, body: '' }
    }
    return this.consentPage(url)
  }

  private redirectAllowed(uri: string): boolean {
    if (this.client.redirectUris) return this.client.redirectUris.includes(uri)
    let u: URL
    try {
      u = new URL(uri)
    } catch {
      return false
    }
    if (u.hash) return false
    if (u.protocol === 'https:') return true
    return u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)
  }

  private redirectError(redirectUri: string, error: string, state: string | null): HttpAnswer {
    const target = new URL(redirectUri)
    target.searchParams.set('error', error)
    if (state !== null) target.searchParams.set('state', state)
    return { status: 302, headers: { location: target.toString(), 'cache-control': 'no-store' }, body: '' }
  }

  private errorPage(status: number, error: string, message: string): HttpAnswer {
    const body = `<!doctype html><html><head><title>Intuit OAuth error</title></head><body><h1>${escapeHtml(error)}</h1><p>${escapeHtml(message)}</p></body></html>`
    return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body }
  }

  private consentPage(url: URL): HttpAnswer {
    const link = (value: string): string => {
      const u = new URL(url.toString())
      u.searchParams.set('auto_consent', value)
      return escapeHtml(u.pathname + u.search)
    }
    const rows = this.companies()
      .map(
        (c) =>
          `<li><span class="company">${escapeHtml(c.companyName)}</span> <small>(${escapeHtml(c.realmId)})</small> ` +
          `<a class="connect" data-realm-id="${escapeHtml(c.realmId)}" href="${link(c.realmId)}">Connect</a></li>`
      )
      .join('\n')
    const body = `<!doctype html>
<html><head><meta charset="utf-8"><title>Connect to QuickBooks (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto}li{margin:.75rem 0}a.connect{margin-left:1rem;padding:.3rem .9rem;background:#2ca01c;color:#fff;border-radius:4px;text-decoration:none}</style>
</head><body>
<h1>Connect to QuickBooks</h1>
<p>This local QuickBooks Online sandbox asks you to connect an app to one of its companies.</p>
<ul>
${rows}
</ul>
<p><a class="cancel" href="${link('deny')}">Cancel</a></p>
</body></html>`
    return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body }
  }

  // -------------------------------------------------------------------------------------------
  // Token endpoint

  token(headers: Record<string, string | string[] | undefined>, rawBody: string): HttpAnswer {
    if (!this.clientAuthenticated(headers.authorization)) return json(401, { error: 'invalid_client' })
    const form = new URLSearchParams(rawBody)
    const grantType = form.get('grant_type')
    const includeHard =
      String(headers['x-include-refresh-token-hard-expires-in'] ?? '').toLowerCase() === 'true'
    if (grantType === 'authorization_code') {
      const code = form.get('code')
      const redirectUri = form.get('redirect_uri')
      if (!code || !redirectUri) return json(400, { error: 'invalid_request' })
      const entry = this.codes.get(code)
      if (!entry || entry.clientId !== this.client.clientId) return invalidGrant()
      if (entry.grantId) {
        // A replayed code means it leaked: revoke everything it produced (oauth-jsclient #173).
        this.revokeGrant(entry.grantId)
        return invalidGrant()
      }
      if (this.now() > entry.expiresAt || entry.redirectUri !== redirectUri) return invalidGrant()
      const now = this.now()
      const grant: Grant = {
        id: b64url(12),
        realmId: entry.realmId,
        clientId: entry.clientId,
        scope: entry.scope,
        createdAt: now,
        hardExpiresAt: now + HARD_TTL_S * SECOND,
        revoked: false
      }
      this.grants.set(grant.id, grant)
      entry.grantId = grant.id
      return this.issue(grant, includeHard)
    }
    if (grantType === 'refresh_token') {
      const token = form.get('refresh_token')
      if (!token) return json(400, { error: 'invalid_request' })
      const rt = this.refreshTokens.get(tokenKey(token))
      const grant = rt && this.grants.get(rt.grantId)
      const now = this.now()
      if (!rt || !grant || grant.revoked || grant.clientId !== this.client.clientId) return invalidGrant()
      if (now >= rt.expiresAt || now >= grant.hardExpiresAt) return invalidGrant()
      if (rt.supersededAt !== undefined && now > rt.supersededAt + REFRESH_GRACE_MS) return invalidGrant()
      return this.issue(grant, includeHard)
    }
    return json(400, { error: 'unsupported_grant_type' })
  }

  private clientAuthenticated(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false
    const m = /^Basic\s+(\S+)$/i.exec(header.trim())
    if (!m) return false
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return false
    return (
      decoded.slice(0, colon) === this.client.clientId &&
      decoded.slice(colon + 1) === this.client.clientSecret
    )
  }

  private issue(grant: Grant, includeHard: boolean): HttpAnswer {
    const now = this.now()
    for (const rt of this.refreshTokens.values()) {
      if (rt.grantId === grant.id && rt.supersededAt === undefined) rt.supersededAt = now
    }
    this.prune(now)
    const accessToken = `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${b64url(16)}.${b64url(384)}.${b64url(16)}`
    this.accessTokens.set(tokenKey(accessToken), {
      grantId: grant.id,
      realmId: grant.realmId,
      issuedAt: now,
      expiresAt: now + ACCESS_TOKEN_TTL_S * SECOND
    })
    const refreshExpires = Math.min(now + REFRESH_TOKEN_TTL_S * SECOND, grant.hardExpiresAt)
    const refreshToken = `AB11${Math.floor((now + REFRESH_TOKEN_TTL_S * SECOND) / 1000)}${b64url(30)}`
    this.refreshTokens.set(tokenKey(refreshToken), {
      grantId: grant.id,
      issuedAt: now,
      expiresAt: refreshExpires
    })
    const body: Record<string, unknown> = {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      x_refresh_token_expires_in: Math.floor((refreshExpires - now) / 1000)
    }
    if (grant.scope.split(' ').includes('openid')) body.id_token = this.idToken(grant, now)
    if (includeHard) body.x_refresh_token_hard_expires_in = Math.floor((grant.hardExpiresAt - now) / 1000)
    this.onChange()
    return json(200, body)
  }

  private idToken(grant: Grant, now: number): string {
    const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url')
    const header = enc({ alg: 'RS256', kid: 'sandbox' })
    const payload = enc({
      sub: `sandbox-user-${grant.realmId}`,
      aud: [grant.clientId],
      realmid: grant.realmId,
      auth_time: Math.floor(grant.createdAt / 1000),
      iss: 'https://oauth.platform.intuit.com/op/v1',
      exp: Math.floor(now / 1000) + ACCESS_TOKEN_TTL_S,
      iat: Math.floor(now / 1000)
    })
    return `${header}.${payload}.${b64url(256)}`
  }

  /** Drops tokens that can never be accepted again, so a long-running sandbox stays small. */
  private prune(now: number): void {
    for (const [k, at] of this.accessTokens) if (at.expiresAt + 24 * HOUR < now) this.accessTokens.delete(k)
    for (const [k, rt] of this.refreshTokens) {
      if (
        rt.expiresAt < now ||
        (rt.supersededAt !== undefined && rt.supersededAt + REFRESH_GRACE_MS + HOUR < now)
      )
        this.refreshTokens.delete(k)
    }
    for (const [k, c] of this.codes) if (c.expiresAt + 24 * HOUR < now) this.codes.delete(k)
  }

  // -------------------------------------------------------------------------------------------
  // Revoke

  revoke(headers: Record<string, string | string[] | undefined>, rawBody: string): HttpAnswer {
    if (!this.clientAuthenticated(headers.authorization)) return json(401, { error: 'invalid_client' })
    let token: unknown
    try {
      token = (JSON.parse(rawBody) as { token?: unknown }).token
    } catch {
      token = new URLSearchParams(rawBody).get('token') ?? undefined
    }
    if (typeof token !== 'string' || token === '') return json(400, { error: 'invalid_request' })
    const grantId =
      this.refreshTokens.get(tokenKey(token))?.grantId ?? this.accessTokens.get(tokenKey(token))?.grantId
    if (grantId) this.revokeGrant(grantId)
    return { status: 200, headers: { ...JSON_HEADERS }, body: '' }
  }

  private revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId)
    if (grant && !grant.revoked) {
      grant.revoked = true
      this.onChange()
    }
  }

  // -------------------------------------------------------------------------------------------
  // Resource access and the control plane

  checkAccess(authorization: string | undefined, realmId: string): AccessCheck {
    const m = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null
    if (!m) return { ok: false, status: 401, detail: 'Token not found in the Authorization header' }
    const token = m[1]!
    const at = this.accessTokens.get(tokenKey(token))
    if (!at) return { ok: false, status: 401, detail: `Token invalid: ${token.slice(0, 24)}...` }
    const grant = this.grants.get(at.grantId)
    if (!grant || grant.revoked)
      return { ok: false, status: 401, detail: `Token revoked: ${token.slice(0, 24)}...` }
    if (this.now() >= at.expiresAt)
      return { ok: false, status: 401, detail: `Token expired: ${token.slice(0, 24)}...` }
    if (at.realmId !== realmId)
      return {
        ok: false,
        status: 403,
        detail: `Token is for another company; realmId ${realmId} is not authorized.`
      }
    return { ok: true, realmId: at.realmId }
  }

  /** Makes every access token issued so far expired at the current clock. */
  expireAccessTokens(): number {
    const now = this.now()
    let n = 0
    for (const at of this.accessTokens.values()) {
      if (at.expiresAt > now) {
        at.expiresAt = now
        n++
      }
    }
    if (n > 0) this.onChange()
    return n
  }

  /** Revokes every connection (or those of one realm), as a user disconnecting the app would. */
  revokeAll(realmId?: string): number {
    let n = 0
    for (const g of this.grants.values()) {
      if (!g.revoked && (realmId === undefined || g.realmId === realmId)) {
        g.revoked = true
        n++
      }
    }
    if (n > 0) this.onChange()
    return n
  }

  snapshot(): OAuthState {
    return {
      grants: [...this.grants.values()],
      accessTokens: [...this.accessTokens],
      refreshTokens: [...this.refreshTokens],
      tokenKeys: 'sha256'
    }
  }

  restore(state: OAuthState): void {
    for (const g of state.grants) this.grants.set(g.id, g)
    // A state written before tokens were kept as digests holds them in plain text: digest them now.
    const key = state.tokenKeys === 'sha256' ? (k: string) => k : tokenKey
    for (const [k, v] of state.accessTokens) this.accessTokens.set(key(k), v)
    for (const [k, v] of state.refreshTokens) this.refreshTokens.set(key(k), v)
  }
}
