// The HTTP front of the sandbox: one loopback server answering the Accounting API (/v3), Intuit's
// OAuth endpoints and, when it has one, the control plane. Every service request passes the same
// gates in the same order: outage, injected faults and latency (decided at arrival), authentication,
// limits, request-id replay, then the handler.

import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { gzipSync } from 'node:zlib'

import { handleApi, requestEntity } from './api'
import type { ChaosDecision, RequestFacts } from './chaos'
import { faultEnvelope, faults, gatewayFault, QboFault, throttleXml } from './faults'
import { DEFAULT_LIMITS, Throttle, type Limits } from './limits'
import { OAuthAuthority, type HttpAnswer } from './oauth'
import type { CachedResponse, SandboxState, StateWriter } from './state-file'
import { RealmStore } from './store'
import type { SandboxClock } from './time'
import type { RealmData } from './types'
import type { SentEmail } from './writes'
import type { ControlPlane, LogEntry, OutboxMessage, SandboxHost, SandboxInfo } from './host'

const JSON_TYPE = 'application/json;charset=UTF-8'
const MAX_BODY = 10 * 1024 * 1024
const LOG_CAPACITY = 20_000
const IDEMPOTENCY_CAPACITY = 10_000

const PATHS = {
  authorize: '/connect/oauth2',
  token: '/oauth2/v1/tokens/bearer',
  revoke: '/v2/oauth2/tokens/revoke',
  discovery: ['/.well-known/openid_configuration', '/.well-known/openid_sandbox_configuration']
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        reject(new BodyTooLarge())
        req.pause()
        return
      }
      chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export interface SandboxCoreOptions {
  realms: RealmData[]
  clock: SandboxClock
  limits: Limits
  clientId: string
  clientSecret: string
  redirectUris?: string[]
  /** Answers gzip-compressed to clients that accept it, as QBO's servers answer over the internet. */
  compress?: boolean
  /** Without one the sandbox is the service alone: no faults, no looking inside, no token revocation. */
  controlPlane?: (host: SandboxHost) => ControlPlane
}

export class SandboxServer implements SandboxHost {
  readonly clock: SandboxClock
  readonly realms = new Map<string, RealmStore>()
  readonly oauth: OAuthAuthority
  readonly throttle: Throttle
  readonly log: LogEntry[] = []
  readonly outbox: OutboxMessage[] = []
  readonly idempotency = new Map<string, CachedResponse>()
  private readonly control: ControlPlane | undefined
  writer: StateWriter | undefined
  url = ''
  private seq = 0
  private outboxSeq = 0
  private closed = false
  private readonly compress: boolean
  private readonly server: Server
  private readonly sockets = new Set<Socket>()
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>()

  constructor(opts: SandboxCoreOptions) {
    this.clock = opts.clock
    this.compress = opts.compress ?? false
    for (const realm of opts.realms) this.realms.set(realm.realmId, new RealmStore(realm))
    this.oauth = new OAuthAuthority(
      { clientId: opts.clientId, clientSecret: opts.clientSecret, redirectUris: opts.redirectUris },
      () => this.clock.now(),
      () => this.companies(),
      () => this.markDirty()
    )
    this.throttle = new Throttle({ ...DEFAULT_LIMITS, ...opts.limits })
    this.control = opts.controlPlane?.(this)
    this.server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          const fault = faults.system((e as Error).message)
          this.send(res, 500, JSON_TYPE, JSON.stringify(faultEnvelope(fault, this.clock.now())))
        }
      })
    })
    this.server.keepAliveTimeout = 5000
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
  }

  companies(): { realmId: string; companyName: string }[] {
    return [...this.realms.values()].map((r) => ({ realmId: r.realmId, companyName: r.companyName }))
  }

  info(): SandboxInfo {
    return {
      apiBaseUrl: this.url,
      oauth: {
        authorizeUrl: this.url + PATHS.authorize,
        tokenUrl: this.url + PATHS.token,
        revokeUrl: this.url + PATHS.revoke,
        clientId: this.oauth.client.clientId,
        clientSecret: this.oauth.client.clientSecret
      },
      realms: this.companies()
    }
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject)
        resolve()
      })
    })
    const addr = this.server.address() as AddressInfo
    this.url = `http://127.0.0.1:${addr.port}`
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const s of this.sleepers) {
      clearTimeout(s.timer)
      s.wake()
    }
    this.sleepers.clear()
    const done = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.server.closeAllConnections()
    for (const s of this.sockets) s.destroy()
    await done
    if (this.writer) {
      try {
        await this.writer.flush()
      } finally {
        this.writer.dispose()
      }
    }
  }

  markDirty(): void {
    this.writer?.markDirty()
  }

  snapshot(): SandboxState {
    return {
      clientId: this.oauth.client.clientId,
      clientSecret: this.oauth.client.clientSecret,
      realms: [...this.realms.values()].map((r) => r.data),
      oauth: this.oauth.snapshot(),
      outbox: this.outbox,
      idempotency: [...this.idempotency]
    }
  }

  recordEmail(email: SentEmail): void {
    this.outbox.push({ ...email, id: ++this.outboxSeq })
  }

  restoreOutbox(messages: SentEmail[]): void {
    for (const m of messages) this.recordEmail(m)
  }

  // -------------------------------------------------------------------------------------------

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper)
          resolve()
        }, ms),
        wake: resolve
      }
      this.sleepers.add(sleeper)
    })
  }

  private send(
    res: ServerResponse,
    status: number,
    contentType: string,
    body: string | Buffer[],
    headers: Record<string, string> = {}
  ): 'gzip' | undefined {
    if (res.headersSent || res.destroyed || res.writableEnded) return
    res.statusCode = status
    if (contentType) res.setHeader('content-type', contentType)
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
    const gzip = this.compress && /\bgzip\b/.test(String(res.req.headers['accept-encoding'] ?? ''))
    const bytes = gzip ? gzipSync(joined(body)) : body
    if (gzip) res.setHeader('content-encoding', 'gzip')
    if (Array.isArray(bytes)) {
      res.setHeader(
        'content-length',
        bytes.reduce((n, part) => n + part.length, 0)
      )
      // Corked: the parts leave in a few writes, not one per record.
      res.cork()
      for (const part of bytes) res.write(part)
      res.end()
    } else {
      res.setHeader('content-length', Buffer.byteLength(bytes))
      res.end(bytes)
    }
    return gzip ? 'gzip' : undefined
  }

  private resetConnection(req: IncomingMessage): void {
    const socket = req.socket as Socket & { resetAndDestroy?: () => Socket }
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy()
    else socket.destroy()
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('intuit_tid', randomUUID())
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname

    if (this.control?.owns(path)) {
      const body = await readBody(req).catch(() => '')
      return this.control.handle(req, res, url, body)
    }

    let area: 'api' | 'oauth'
    let realmId: string | undefined
    let segments: string[] = []
    const api = /^\/v3\/company\/([^/]+)(?:\/(.*))?$/.exec(path)
    if (api) {
      area = 'api'
      realmId = decodeURIComponent(api[1]!)
      segments = (api[2] ?? '')
        .split('/')
        .filter(Boolean)
        .map((s) => decodeURIComponent(s))
    } else if (
      path === PATHS.authorize ||
      path === PATHS.token ||
      path === PATHS.revoke ||
      PATHS.discovery.includes(path)
    ) {
      area = 'oauth'
    } else {
      this.send(res, 404, 'text/plain; charset=utf-8', `No such path: ${path}\n`)
      return
    }

    let body: string
    try {
      body = await readBody(req)
    } catch (e) {
      if (e instanceof BodyTooLarge)
        this.send(res, 413, 'text/plain; charset=utf-8', 'Request body too large\n', { connection: 'close' })
      return
    }
    await this.serve(req, res, url, { area, realmId, segments, body })
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    r: { area: 'api' | 'oauth'; realmId?: string; segments: string[]; body: string }
  ): Promise<void> {
    const started = performance.now()
    const method = (req.method ?? 'GET').toUpperCase()
    const entry: LogEntry = {
      seq: ++this.seq,
      time: new Date(this.clock.now()).toISOString(),
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      area: r.area,
      status: null,
      outcome: 'pending',
      intuitTid: String(res.getHeader('intuit_tid')),
      faults: []
    }
    if (r.realmId !== undefined) entry.realmId = r.realmId
    const requestId = url.searchParams.get('requestid') ?? undefined
    if (requestId !== undefined) entry.requestId = requestId
    this.log.push(entry)
    if (this.log.length > LOG_CAPACITY) this.log.splice(0, this.log.length - LOG_CAPACITY)

    const respond = (
      status: number,
      contentType: string,
      body: string | Buffer[],
      headers?: Record<string, string>
    ): void => {
      entry.status = status
      entry.outcome = 'responded'
      const encoding = this.send(res, status, contentType, body, headers)
      if (encoding) entry.encoding = encoding
    }
    const reset = (): void => {
      entry.outcome = 'reset'
      this.resetConnection(req)
    }

    const outage = this.control?.chaos.outage
    if (outage) {
      if (outage === 'reset') reset()
      else respond(503, 'text/html', SERVICE_UNAVAILABLE)
      entry.durationMs = performance.now() - started
      return
    }

    const inFlight = r.realmId !== undefined ? this.throttle.arrive(r.realmId) : undefined
    if (inFlight !== undefined) entry.inFlight = inFlight
    try {
      const facts: RequestFacts = {
        method,
        path: url.pathname,
        write: r.area === 'api' && method === 'POST' && r.segments[0]?.toLowerCase() !== 'query',
        area: r.area
      }
      if (r.realmId !== undefined) facts.realmId = r.realmId
      const entity =
        r.area === 'api'
          ? requestEntity({ segments: r.segments, query: url.searchParams, body: r.body, method })
          : undefined
      if (entity !== undefined) facts.entity = entity
      const decision: ChaosDecision = this.control?.chaos.decide(facts) ?? { latencyMs: 0, fired: [] }
      entry.faults = decision.fired.map((f) => f.kind)
      await this.sleep(decision.latencyMs)
      if (this.closed) return

      const action = decision.action
      if (action?.kind === 'reset') return reset()
      if (action?.kind === 'throttle') return respond(429, 'application/xml', throttleXml(this.clock.now()))
      if (action?.kind === 'error') {
        const status = action.status ?? 500
        if (action.body !== undefined) return respond(status, action.contentType ?? 'text/plain', action.body)
        if (status >= 502 && status <= 504)
          return respond(status, 'text/html', status === 503 ? SERVICE_UNAVAILABLE : gatewayPage(status))
        return respond(
          status,
          JSON_TYPE,
          JSON.stringify(
            faultEnvelope(faults.system('Injected by the sandbox control plane'), this.clock.now())
          )
        )
      }

      const answer =
        r.area === 'api'
          ? this.serveApi(req, url, r.realmId!, r.segments, r.body, inFlight!, entry)
          : this.serveOAuth(req, url, r.body)
      if (action?.kind === 'commit-drop') {
        entry.status = answer.status
        entry.outcome = 'dropped'
        this.resetConnection(req)
        return
      }
      respond(
        answer.status,
        answer.headers['content-type'] ?? '',
        answer.body,
        withoutContentType(answer.headers)
      )
    } finally {
      if (r.realmId !== undefined) this.throttle.leave(r.realmId)
      entry.durationMs = Math.round((performance.now() - started) * 100) / 100
    }
  }

  private serveOAuth(req: IncomingMessage, url: URL, body: string): HttpAnswer {
    const method = (req.method ?? 'GET').toUpperCase()
    const path = url.pathname
    if (PATHS.discovery.includes(path)) {
      const doc = {
        issuer: 'https://oauth.platform.intuit.com/op/v1',
        authorization_endpoint: this.url + PATHS.authorize,
        token_endpoint: this.url + PATHS.token,
        revocation_endpoint: this.url + PATHS.revoke,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code', 'refresh_token'],
        scopes_supported: [
          'openid',
          'email',
          'profile',
          'address',
          'phone',
          'com.intuit.quickbooks.accounting',
          'com.intuit.quickbooks.payment'
        ]
      }
      return { status: 200, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(doc) }
    }
    if (path === PATHS.authorize) {
      if (method !== 'GET')
        return {
          status: 405,
          headers: { 'content-type': 'text/plain', allow: 'GET' },
          body: 'Method not allowed\n'
        }
      return this.oauth.authorize(url)
    }
    if (method !== 'POST')
      return {
        status: 405,
        headers: { 'content-type': 'text/plain', allow: 'POST' },
        body: 'Method not allowed\n'
      }
    return path === PATHS.token ? this.oauth.token(req.headers, body) : this.oauth.revoke(req.headers, body)
  }

  private serveApi(
    req: IncomingMessage,
    url: URL,
    realmId: string,
    segments: string[],
    body: string,
    inFlight: number,
    entry: LogEntry
  ): HttpAnswer {
    const now = this.clock.now()
    const access = this.oauth.checkAccess(req.headers.authorization, realmId)
    if (!access.ok) {
      const kind = access.status === 401 ? 'authentication' : 'authorization'
      const headers: Record<string, string> = { 'content-type': JSON_TYPE }
      if (access.status === 401) headers['www-authenticate'] = 'Bearer realm="Intuit", error="invalid_token"'
      return { status: access.status, headers, body: JSON.stringify(gatewayFault(kind, access.detail, now)) }
    }
    const isBatch = segments[0]?.toLowerCase() === 'batch'
    if (!this.throttle.admit(realmId, inFlight, isBatch, now)) {
      return { status: 429, headers: { 'content-type': 'application/xml' }, body: throttleXml(now) }
    }
    const store = this.realms.get(realmId)
    if (!store) return this.faultAnswer(faults.notFound(), now)

    const mv = Number(url.searchParams.get('minorversion'))
    entry.minorVersion = Number.isInteger(mv) && mv > 75 ? mv : 75

    const method = (req.method ?? 'GET').toUpperCase()
    const requestId = url.searchParams.get('requestid')
    let key: string | undefined
    if (requestId !== null && method === 'POST') {
      const limit = isBatch ? 36 : 50
      if (requestId.length === 0 || requestId.length > limit) {
        return this.faultAnswer(
          faults.invalid('requestid', `requestid must be 1 to ${limit} characters.`),
          now
        )
      }
      key = `${realmId}|${requestId}`
      const earlier = this.idempotency.get(key)
      if (earlier) {
        entry.replayed = true
        return {
          status: earlier.status,
          headers: { 'content-type': earlier.contentType },
          body: earlier.body
        }
      }
    }

    let answer: HttpAnswer
    try {
      const result = handleApi(
        { store, nowMs: now, sent: (email) => this.recordEmail(email) },
        { method, segments, query: url.searchParams, body }
      )
      answer = {
        status: result.status,
        headers: { 'content-type': JSON_TYPE },
        body: store.encode(result.body)
      }
    } catch (e) {
      if (!(e instanceof QboFault))
        process.emitWarning(`sandbox: ${method} ${url.pathname} failed: ${(e as Error).stack ?? String(e)}`)
      const fault = e instanceof QboFault ? e : faults.system((e as Error).message)
      answer = this.faultAnswer(fault, now)
    }
    if (method === 'POST') {
      if (key) {
        this.idempotency.set(key, {
          status: answer.status,
          contentType: answer.headers['content-type'] ?? JSON_TYPE,
          // Kept as text: the cache is saved with the sandbox's state (a JSON file).
          body: joined(answer.body).toString('utf8')
        })
        if (this.idempotency.size > IDEMPOTENCY_CAPACITY)
          this.idempotency.delete(this.idempotency.keys().next().value!)
      }
      this.markDirty()
    }
    return answer
  }

  private faultAnswer(fault: QboFault, now: number): HttpAnswer {
    return {
      status: fault.status,
      headers: { 'content-type': JSON_TYPE },
      body: JSON.stringify(faultEnvelope(fault, now))
    }
  }
}

const withoutContentType = (h: Record<string, string>): Record<string, string> => {
  const { ['content-type']: _omit, ...rest } = h
  return rest
}

const SERVICE_UNAVAILABLE =
  '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>'

const gatewayPage = (status: number): string => {
  const text = status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Time-out' : 'Error'
  return `<html><head><title>${status} ${text}</title></head><body><center><h1>${status} ${text}</h1></center></body></html>`
}

const joined = (body: string | Buffer[]): string | Buffer =>
  typeof body === 'string' ? body : Buffer.concat(body)
