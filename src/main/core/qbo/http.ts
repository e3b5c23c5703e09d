// The one way a company's requests reach QBO: the limiter, a timeout, cancellation, retries with
// backoff and jitter, a request id that stays the same across retries of a write, and every fault
// shape turned into a QboError.

import { randomUUID } from 'node:crypto'
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { pipeline, type Readable } from 'node:stream'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'
import { errorFromResponse, QboError } from './errors'
import type { Limiter } from './limiter'

export const MINOR_VERSION = '75'

export interface HttpOptions {
  apiBaseUrl: string
  realmId: string
  limiter: Limiter
  /** A valid access token (refreshed when near expiry). */
  accessToken(): Promise<string>
  /** Called after a 401: refresh now unless someone already did, and return the token to retry with. */
  refreshAfterUnauthorized(rejected: string): Promise<string>
  now?: () => number
  timeoutMs?: number
  maxRetries?: number
  backoffBaseMs?: number
  /** How long to wait after a 429 without Retry-After (Intuit says 60 s). */
  throttleWaitMs?: number
  random?: () => number
}

export interface RequestSpec {
  method: 'GET' | 'POST'
  /** Below /v3/company/{realmId}, e.g. `/query` or `/bill/12`. */
  path: string
  query?: Record<string, string | undefined>
  body?: unknown
  contentType?: string
  /** Writes carry a request id, reused on every retry so QBO applies them once. */
  write?: boolean
  requestId?: string
  batch?: boolean
  signal?: AbortSignal
  /** Retries for this request alone: a person waiting on an action gets a short budget. */
  retries?: number
  /** Hand back a successful answer's bytes unparsed (query pages are split and parsed record by record). */
  raw?: boolean
}

/** An answer's bytes; `body` must not be read after `release`. */
export interface RawBody {
  body: Uint8Array
  release(): void
}

const BODY_BUFFER_BYTES = 2 * 2 ** 20
/** Answers smaller than this (a small company's pages) get a buffer their own size, never pooled. */
const SMALL_ANSWER = 128 * 2 ** 10
/** Enough for every request the limiter lets fly at once; shared by all companies. */
const POOLED_BUFFERS = 10
/** The pool is let go once no raw answer has been read for this long: it is for full reads only. */
const POOL_IDLE_MS = 10_000

const bodyPool: Uint8Array[] = []
let poolTimer: NodeJS.Timeout | null = null

/** A buffer for an answer of `expected` bytes (0: the server did not say). */
function takeBuffer(expected: number): Uint8Array {
  if (expected > 0 && expected < SMALL_ANSWER) return new Uint8Array(expected)
  if (poolTimer) poolTimer.refresh()
  else {
    poolTimer = setTimeout(releasePooledBodies, POOL_IDLE_MS)
    poolTimer.unref()
  }
  // The smallest pooled buffer that holds it. An answer of untold length is read into two
  // mebibytes, which grow if they must.
  const want = expected > 0 ? expected : BODY_BUFFER_BYTES
  let best = -1
  for (let i = 0; i < bodyPool.length; i++) {
    const size = bodyPool[i]!.length
    if (size >= want && (best < 0 || size < bodyPool[best]!.length)) best = i
  }
  if (best >= 0) return bodyPool.splice(best, 1)[0]!
  // Its own size, not rounded up: a firm's two hundred first syncs at once made a megabyte for
  // each of their pages of a few hundred kilobytes, and paid 1.4 s more CPU in zeroing and
  // collections for it.
  return new Uint8Array(want)
}

/** Lets the pooled buffers go: after POOL_IDLE_MS, or once a large full read has ended (page-parser.ts). */
export function releasePooledBodies(): void {
  if (poolTimer) clearTimeout(poolTimer)
  poolTimer = null
  bodyPool.splice(0)
}

function giveBack(buffer: Uint8Array): void {
  // A small answer's buffer is not kept, nor one grown for an unusually large answer.
  if (buffer.length < SMALL_ANSWER || buffer.length > 2 * BODY_BUFFER_BYTES) return
  if (bodyPool.length < POOLED_BUFFERS) {
    bodyPool.push(buffer)
    return
  }
  // The pool keeps the largest that came back, so that the next page, of about the same size,
  // finds one that holds it.
  let smallest = 0
  for (let i = 1; i < bodyPool.length; i++) if (bodyPool[i]!.length < bodyPool[smallest]!.length) smallest = i
  if (buffer.length > bodyPool[smallest]!.length) bodyPool[smallest] = buffer
}

/**
 * The first `length` bytes of a pooled buffer as an answer (also for a buffer that came back from
 * the page reader's thread, see page-parser.ts: `release` then pools the memory that came back).
 */
export function rawBody(buffer: Uint8Array, length: number): RawBody {
  let released = false
  return {
    body: buffer.subarray(0, length),
    release: () => {
      if (released) return
      released = true
      giveBack(buffer)
    }
  }
}

export interface HttpStats {
  requests: number
  retries: number
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })

function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(header)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/**
 * Requests go out on node:http(s) with connections kept open, not on fetch: a large company's first
 * sync reads a hundred megabytes of pages, and fetch's web streams took a tenth of the CPU of the
 * main thread, which also writes them.
 */
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) }

interface Answer {
  status: number
  header(name: string): string | null
  /** The body's bytes as they arrive, unpacked when QBO compressed them. */
  body: Readable
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  signal: AbortSignal
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const secure = url.startsWith('https:')
    const request = (secure ? httpsRequest : httpRequest)(
      url,
      { method, headers, signal, agent: secure ? agents.https : agents.http },
      (message) => {
        const header = (name: string): string | null => {
          const value = message.headers[name]
          return Array.isArray(value) ? value.join(', ') : (value ?? null)
        }
        resolve({
          status: message.statusCode ?? 0,
          header,
          body: unpacked(message, header('content-encoding'))
        })
      }
    )
    request.on('error', reject)
    request.end(body)
  })
}

function unpacked(message: IncomingMessage, encoding: string | null): Readable {
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null
  if (!decoder) return message
  // A failure on either side (a reset, bytes that do not unpack) ends both with it.
  return pipeline(message, decoder, () => {})
}

/** Calls `each` with every chunk of a body; fails if the body is cut short (a reset, a timeout). */
function readChunks(body: Readable, each: (chunk: Uint8Array) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    body.on('data', each)
    body.on('error', reject)
    body.on('end', resolve)
    body.on('close', () => {
      if (!body.readableEnded) reject(new Error('the answer was cut short'))
    })
  })
}

async function readText(body: Readable): Promise<string> {
  const chunks: Buffer[] = []
  await readChunks(body, (chunk) => chunks.push(chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * A raw answer, read into a buffer that is used again once the caller releases it: a full sync
 * reads a hundred one-megabyte pages, and fresh buffers for each wait for a collection to be freed
 * (tens of megabytes of them at a time).
 */
async function readRaw(answer: Answer): Promise<RawBody> {
  // A compressed answer's length says nothing of the bytes it unpacks to.
  const expected = answer.header('content-encoding') ? null : answer.header('content-length')
  let buffer = takeBuffer(Number(expected ?? 0))
  let length = 0
  try {
    await readChunks(answer.body, (bytes) => {
      if (length + bytes.length > buffer.length) {
        const bigger = new Uint8Array(Math.max(buffer.length * 2, length + bytes.length))
        bigger.set(buffer.subarray(0, length))
        buffer = bigger
      }
      buffer.set(bytes, length)
      length += bytes.length
    })
  } catch (error) {
    giveBack(buffer)
    throw error
  }
  return rawBody(buffer, length)
}

export class QboHttp {
  readonly stats: HttpStats = { requests: 0, retries: 0 }
  private readonly now: () => number
  private readonly random: () => number

  constructor(private readonly options: HttpOptions) {
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
  }

  async request<T = unknown>(spec: RequestSpec): Promise<T> {
    const { options } = this
    const maxRetries = spec.retries ?? options.maxRetries ?? 5
    // A 429 is QBO there and saying when to come back, not QBO missing: it is waited out as it says
    // on the full budget, even where a person waiting cuts the retries for faults short (three 429s
    // on a sync's opening request used to end it with nothing read).
    const maxThrottled = Math.max(maxRetries, options.maxRetries ?? 5)
    let throttled = 0
    const requestId = spec.write ? (spec.requestId ?? randomUUID()) : undefined
    let token = await options.accessToken()
    let refreshed = false
    let ambiguous = false
    for (let attempt = 0; ; attempt++) {
      let failure: QboError
      try {
        return await this.once<T>(spec, token, requestId)
      } catch (error) {
        if (!(error instanceof QboError)) throw error
        failure = error
      }
      if (failure.info.ambiguous) ambiguous = true
      if (failure.qboKind === 'auth' && failure.info.status === 401 && !refreshed) {
        refreshed = true
        token = await options.refreshAfterUnauthorized(token)
        continue
      }
      if (failure.qboKind === 'throttled') throttled += 1
      const retriable =
        failure.qboKind === 'throttled'
          ? throttled <= maxThrottled
          : (failure.qboKind === 'network' || failure.qboKind === 'server') &&
            attempt - throttled < maxRetries
      if (!retriable || spec.signal?.aborted) {
        if (ambiguous && spec.write) failure.info.ambiguous = true
        throw failure
      }
      this.stats.retries += 1
      await sleep(this.delayFor(failure, attempt), spec.signal)
    }
  }

  private delayFor(failure: QboError, attempt: number): number {
    if (failure.qboKind === 'throttled' && failure.info.retryAt) {
      return Math.max(0, Date.parse(failure.info.retryAt) - this.now())
    }
    const base = this.options.backoffBaseMs ?? 500
    const exp = Math.min(30_000, base * 2 ** attempt)
    return exp / 2 + this.random() * (exp / 2)
  }

  private url(spec: RequestSpec, requestId: string | undefined): string {
    const url = new URL(
      `${this.options.apiBaseUrl.replace(/\/$/, '')}/v3/company/${this.options.realmId}${spec.path}`
    )
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value)
    }
    url.searchParams.set('minorversion', MINOR_VERSION)
    if (requestId) url.searchParams.set('requestid', requestId)
    return url.toString()
  }

  private async once<T>(spec: RequestSpec, token: string, requestId: string | undefined): Promise<T> {
    const release = await this.options.limiter.acquire(spec.batch ? 'batch' : 'normal', spec.signal)
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 120_000)
    const signal = spec.signal ? AbortSignal.any([spec.signal, timeout]) : timeout
    this.stats.requests += 1
    let sent = false
    try {
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        'Accept-Encoding': 'gzip, deflate, br'
      }
      let body: string | undefined
      if (spec.body !== undefined) {
        headers['Content-Type'] = spec.contentType ?? 'application/json'
        body = typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body)
      }
      sent = true
      const response = await send(this.url(spec, requestId), spec.method, headers, body, signal)
      const ok = response.status >= 200 && response.status < 300
      if (spec.raw && ok) return (await readRaw(response)) as T
      const text = await readText(response.body)
      const intuitTid = response.header('intuit_tid') ?? undefined
      const context = { now: this.now(), ...(intuitTid ? { intuitTid } : {}) }
      if (!ok) {
        const wait =
          retryAfterMs(response.header('retry-after'), this.now()) ?? this.options.throttleWaitMs ?? 60_000
        throw errorFromResponse(response.status, text, { ...context, retryAfterMs: wait })
      }
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw errorFromResponse(response.status >= 500 ? response.status : 502, text, context)
      }
      // A Fault can arrive inside an HTTP 200.
      if (typeof json === 'object' && json !== null && 'Fault' in json) {
        throw errorFromResponse(400, text, context)
      }
      return json as T
    } catch (error) {
      if (error instanceof QboError) throw error
      if (spec.signal?.aborted) {
        throw new QboError('network', 'cancelled', { ambiguous: sent && Boolean(spec.write) })
      }
      const timedOut = timeout.aborted
      const message = timedOut ? 'QuickBooks did not answer in time' : 'could not reach QuickBooks'
      // Once the request left us, a write may have been applied even though no answer came back.
      throw new QboError('network', message, { ambiguous: sent })
    } finally {
      release()
    }
  }
}
