/*
 * The sandbox's control plane: what tests, the benchmarks and `npm run sandbox` use to look inside
 * the fake QBO and to make it misbehave. The app's test drive runs without it. Loopback only, no
 * OAuth, and only under /_sandbox/ (never under /v3). Bodies
 * are JSON; errors are `{"error": "..."}` with 400/404. None of these requests enter the request log,
 * count toward limits, or meet injected faults.
 *
 * Looking
 *   GET    /_sandbox/info                          → SandboxInfo & { clock: Clock, limits, latencyMs, seed, outage }
 *   GET    /_sandbox/realms                        → { realms: [{ realmId, companyName, counts: { Bill: n, ... } }] }
 *   GET    /_sandbox/realms/{realmId}/entities/{Entity}[?offset=&limit=]
 *                                                  → { entity, count, records: QboRecord[] }   (Id order)
 *   GET    /_sandbox/realms/{realmId}/entities/{Entity}/{id}
 *                                                  → { record } | 404
 *   GET    /_sandbox/realms/{realmId}/deletions    → { deletions: [{ entity, id, deletedAt }] }
 *   GET    /_sandbox/log[?realmId=&since=<seq>&limit=]
 *                                                  → { entries: LogEntry[] }  (oldest first; LogEntry in server.ts:
 *                                                     seq, time, method, path, query, area, realmId, status, outcome
 *                                                     ('responded'|'reset'|'dropped'|'pending'), requestId, intuitTid,
 *                                                     inFlight (this realm's requests in flight at arrival, itself
 *                                                     included), faults (kinds fired), replayed, minorVersion, durationMs)
 *   DELETE /_sandbox/log                           → 204
 *   GET    /_sandbox/outbox[?realmId=]             → { messages: [{ id, realmId, invoiceId, docNumber, to, subject, body, sentAt }] }
 *   DELETE /_sandbox/outbox                        → 204
 *
 * Changing data as another QBO user would (same validation and business rules as the API; no OAuth,
 * no limits; SyncToken optional — omitted means "the current one")
 *   POST   /_sandbox/realms/{realmId}/mutate
 *          { operation: 'create'|'update'|'delete'|'void', entity: 'Bill', record: {...}, sparse?: boolean }
 *                                                  → 200 { record } (delete: { record: { Id, status: 'Deleted', domain } })
 *                                                  | 400 { Fault: {...} } exactly as the API would fault
 *          { operation: 'raw', entity, record }    stores the record as given (Id assigned when absent, MetaData
 *                                                  filled when absent), bypassing all rules — for malformed data.
 *
 * Faults (decided at each /v3 or OAuth request's arrival, in rule order; rates use a seeded PRNG)
 *   POST   /_sandbox/faults  FaultRuleInput        → 201 { rule: FaultRule }
 *          { kind: 'latency'|'error'|'reset'|'commit-drop'|'throttle',
 *            match?: { method?, path? (RegExp source on the URL path), entity?, realmId?, write?: boolean, area?: 'api'|'oauth' },
 *            count?: N   (act on the next N matching requests, then retire),
 *            rate?: 0..1 (act with this probability; with count: at most N times),
 *            ms? (latency), status? (error; default 500; 502-504 answer an HTML gateway page),
 *            body?, contentType? (error) }
 *          latency: adds ms; error: answers status; reset: destroys the connection unanswered;
 *          commit-drop: performs the request (the write happens) then destroys the connection;
 *          throttle: answers Intuit's 429 XML.
 *   GET    /_sandbox/faults                        → { rules: FaultRule[] (with seen, fired), outage, latencyMs, seed }
 *   DELETE /_sandbox/faults/{id}                   → 204 | 404
 *   DELETE /_sandbox/faults                        → 204 (all rules and any outage)
 *   POST   /_sandbox/throttle { count?, rate?, realmId? }  → 201 { rule }   (shorthand for a throttle rule on /v3)
 *   POST   /_sandbox/latency { ms }                → { latencyMs }   (every /v3 and OAuth request)
 *   POST   /_sandbox/outage { mode: 'reset'|'503' } → { outage }    (every /v3 and OAuth request until cleared)
 *   DELETE /_sandbox/outage                        → { outage: null }
 *   POST   /_sandbox/seed { seed }                 → { seed }       (restarts the fault PRNG)
 *
 * Limits, clock and tokens
 *   GET    /_sandbox/limits                        → { limits: { perMinute, concurrent, batchPerMinute }, inFlight: { realmId: n } }
 *   PUT    /_sandbox/limits  Partial<Limits>       → { limits }
 *   GET    /_sandbox/clock                         → Clock = { now (ms), iso, offsetMs }
 *   POST   /_sandbox/clock/advance { seconds }     → Clock   (moves token expiry, refresh grace, limit windows, CDC)
 *   POST   /_sandbox/tokens/expire                 → { expired: n }  (every access token issued so far)
 *   POST   /_sandbox/tokens/revoke { realmId? }    → { revoked: n }  (connections, as if the user disconnected)
 *
 * Housekeeping
 *   POST   /_sandbox/reset { faults?, log?, limits?, outbox? }  (all default true)
 *                                                  → { reset: string[] }  faults: rules, outage, latency back to the
 *                                                     start value; log; limits: minute windows; outbox. Data stays.
 *   POST   /_sandbox/flush                         → { saved: boolean }  (waits until the state file is written)
 */

import type { IncomingMessage, ServerResponse } from 'node:http'

import { Chaos } from './chaos'
import { entityFromName } from './entities'
import { faultEnvelope, QboFault } from './faults'
import type { Limits } from './limits'
import type { ControlPlane, SandboxHost } from './host'
import { formatQboTime } from './time'
import { ENTITY_NAMES, type QboRecord } from './types'
import { createEntity, deleteEntity, updateEntity, voidEntity } from './writes'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const PREFIX = '/_sandbox'

/** What a plane's routes reach: the running sandbox, and the faults only the plane injects. */
interface Plane {
  sb: SandboxHost
  chaos: Chaos
  initialLatencyMs: number
}

export function createControlPlane(sb: SandboxHost, opts: { seed: number; latencyMs: number }): ControlPlane {
  const plane: Plane = { sb, chaos: new Chaos(opts.seed, opts.latencyMs), initialLatencyMs: opts.latencyMs }
  return {
    chaos: plane.chaos,
    owns: (path) => path === PREFIX || path.startsWith(`${PREFIX}/`),
    handle: (req, res, url, body) => handleControl(plane, req, res, url, body)
  }
}

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

function json(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent || res.destroyed) return
  if (status === 204 || body === undefined) {
    res.statusCode = status
    res.end()
    return
  }
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('content-length', Buffer.byteLength(text))
  res.end(text)
}

function parse(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  let v: unknown
  try {
    v = JSON.parse(body)
  } catch {
    throw new ControlError(400, 'body is not JSON')
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new ControlError(400, 'body must be a JSON object')
  return v as Record<string, unknown>
}

const num = (v: unknown, name: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ControlError(400, `${name} must be a number`)
  return v
}

async function handleControl(
  plane: Plane,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string
): Promise<void> {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? ''))
    return json(res, 403, { error: 'the control plane answers loopback clients only' })
  try {
    await dispatch(plane, req.method ?? 'GET', url, body, res)
  } catch (e) {
    if (e instanceof ControlError) return json(res, e.status, { error: e.message })
    return json(res, 400, { error: (e as Error).message })
  }
}

function clockView(sb: SandboxHost): { now: number; iso: string; offsetMs: number } {
  const now = sb.clock.now()
  return { now, iso: new Date(now).toISOString(), offsetMs: sb.clock.offset }
}

async function dispatch(
  plane: Plane,
  method: string,
  url: URL,
  body: string,
  res: ServerResponse
): Promise<void> {
  const { sb, chaos } = plane
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent)
  const route = `${method} ${parts.map((p, i) => (i > 0 && ['realms', 'faults'].includes(parts[i - 1]!) ? ':' : p)).join('/')}`
  const q = url.searchParams

  switch (route) {
    case 'GET info':
      return json(res, 200, {
        ...sb.info(),
        clock: clockView(sb),
        limits: sb.throttle.limits,
        latencyMs: chaos.latencyMs,
        seed: chaos.currentSeed,
        outage: chaos.outage
      })
    case 'GET realms':
      return json(res, 200, {
        realms: [...sb.realms.values()].map((r) => ({
          realmId: r.realmId,
          companyName: r.companyName,
          counts: Object.fromEntries(ENTITY_NAMES.map((e) => [e, r.count(e)]))
        }))
      })
    case 'GET log': {
      const since = Number(q.get('since') ?? 0)
      const limit = Number(q.get('limit') ?? Infinity)
      const realmId = q.get('realmId')
      const entries = sb.log.filter((e) => e.seq > since && (!realmId || e.realmId === realmId))
      return json(res, 200, { entries: Number.isFinite(limit) ? entries.slice(0, limit) : entries })
    }
    case 'DELETE log':
      sb.log.length = 0
      return json(res, 204)
    case 'GET outbox': {
      const realmId = q.get('realmId')
      return json(res, 200, { messages: sb.outbox.filter((m) => !realmId || m.realmId === realmId) })
    }
    case 'DELETE outbox':
      sb.outbox.length = 0
      sb.markDirty()
      return json(res, 204)
    case 'POST faults': {
      let rule
      try {
        rule = chaos.add(parse(body))
      } catch (e) {
        throw new ControlError(400, (e as Error).message)
      }
      return json(res, 201, { rule })
    }
    case 'GET faults':
      return json(res, 200, {
        rules: chaos.rules,
        outage: chaos.outage,
        latencyMs: chaos.latencyMs,
        seed: chaos.currentSeed
      })
    case 'DELETE faults':
      chaos.clear()
      return json(res, 204)
    case 'DELETE faults/:':
      return chaos.remove(parts[1]!) ? json(res, 204) : json(res, 404, { error: 'no such rule' })
    case 'POST throttle': {
      const b = parse(body)
      const input: Record<string, unknown> = {
        kind: 'throttle',
        match: { area: 'api', ...(typeof b.realmId === 'string' ? { realmId: b.realmId } : {}) }
      }
      if (b.count !== undefined) input.count = b.count
      if (b.rate !== undefined) input.rate = b.rate
      try {
        return json(res, 201, { rule: chaos.add(input) })
      } catch (e) {
        throw new ControlError(400, (e as Error).message)
      }
    }
    case 'POST latency': {
      const ms = num(parse(body).ms, 'ms')
      if (ms < 0) throw new ControlError(400, 'ms must be >= 0')
      chaos.latencyMs = ms
      return json(res, 200, { latencyMs: ms })
    }
    case 'POST outage': {
      const mode = parse(body).mode ?? 'reset'
      if (mode !== 'reset' && mode !== '503') throw new ControlError(400, "mode is 'reset' or '503'")
      chaos.outage = mode
      return json(res, 200, { outage: mode })
    }
    case 'DELETE outage':
      chaos.outage = null
      return json(res, 200, { outage: null })
    case 'POST seed': {
      const seed = num(parse(body).seed, 'seed')
      chaos.reseed(seed)
      return json(res, 200, { seed })
    }
    case 'GET limits':
      return json(res, 200, {
        limits: sb.throttle.limits,
        inFlight: Object.fromEntries([...sb.realms.keys()].map((r) => [r, sb.throttle.inFlight(r)]))
      })
    case 'PUT limits': {
      const b = parse(body)
      const next: Limits = { ...sb.throttle.limits }
      for (const k of ['perMinute', 'concurrent', 'batchPerMinute'] as const) {
        if (b[k] !== undefined) {
          const v = num(b[k], k)
          if (!(Number.isInteger(v) && v > 0)) throw new ControlError(400, `${k} must be a positive integer`)
          next[k] = v
        }
      }
      sb.throttle.limits = next
      return json(res, 200, { limits: next })
    }
    case 'GET clock':
      return json(res, 200, clockView(sb))
    case 'POST clock/advance': {
      const seconds = num(parse(body).seconds, 'seconds')
      if (seconds < 0) throw new ControlError(400, 'the clock only moves forward')
      sb.clock.advance(seconds * 1000)
      return json(res, 200, clockView(sb))
    }
    case 'POST tokens/expire':
      return json(res, 200, { expired: sb.oauth.expireAccessTokens() })
    case 'POST tokens/revoke': {
      const b = parse(body)
      return json(res, 200, {
        revoked: sb.oauth.revokeAll(typeof b.realmId === 'string' ? b.realmId : undefined)
      })
    }
    case 'POST reset': {
      const b = parse(body)
      const done: string[] = []
      if (b.faults !== false) {
        chaos.clear()
        chaos.latencyMs = plane.initialLatencyMs
        done.push('faults')
      }
      if (b.log !== false) {
        sb.log.length = 0
        done.push('log')
      }
      if (b.limits !== false) {
        sb.throttle.resetWindows()
        done.push('limits')
      }
      if (b.outbox !== false) {
        sb.outbox.length = 0
        sb.markDirty()
        done.push('outbox')
      }
      return json(res, 200, { reset: done })
    }
    case 'POST flush':
      if (!sb.writer) return json(res, 200, { saved: false })
      await sb.writer.flush()
      return json(res, 200, { saved: true })
    default:
      return realmRoute(sb, method, parts, q, body, res)
  }
}

function realmRoute(
  sb: SandboxHost,
  method: string,
  parts: string[],
  q: URLSearchParams,
  body: string,
  res: ServerResponse
): void {
  if (parts[0] !== 'realms' || parts.length < 3)
    throw new ControlError(404, `no control endpoint ${method} /_sandbox/${parts.join('/')}`)
  const store = sb.realms.get(parts[1]!)
  if (!store) throw new ControlError(404, `no realm ${parts[1]}`)
  const what = parts[2]

  if (method === 'GET' && what === 'entities' && parts.length >= 4) {
    const entity = entityFromName(parts[3]!)
    if (!entity) throw new ControlError(404, `no entity ${parts[3]}`)
    if (parts.length === 5) {
      const record = store.get(entity, parts[4]!)
      return record
        ? json(res, 200, { record })
        : json(res, 404, { error: `${entity} ${parts[4]} not found` })
    }
    const rows = store.rows(entity)
    const offset = Number(q.get('offset') ?? 0) || 0
    const limit = q.has('limit') ? Number(q.get('limit')) : rows.length
    return json(res, 200, { entity, count: rows.length, records: rows.slice(offset, offset + limit) })
  }
  if (method === 'GET' && what === 'deletions' && parts.length === 3) {
    return json(res, 200, { deletions: store.data.deletions })
  }
  if (method === 'POST' && what === 'mutate' && parts.length === 3) {
    const b = parse(body)
    const entity = typeof b.entity === 'string' ? entityFromName(b.entity) : undefined
    if (!entity) throw new ControlError(400, 'entity must name a sandbox entity')
    const record = b.record
    if (record === null || typeof record !== 'object' || Array.isArray(record))
      throw new ControlError(400, 'record must be an object')
    const rec = record as Record<string, unknown>
    const now = sb.clock.now()
    const ctx = { store, nowMs: now }
    try {
      let out: unknown
      switch (b.operation) {
        case 'create':
          out = createEntity(ctx, entity, rec)
          break
        case 'update':
          out = updateEntity(ctx, entity, rec, {
            sparse: b.sparse === true || rec.sparse === true,
            force: rec.SyncToken === undefined
          })
          break
        case 'delete':
          out = deleteEntity(ctx, entity, rec, { force: rec.SyncToken === undefined })
          break
        case 'void':
          out = voidEntity(ctx, entity, rec, { force: rec.SyncToken === undefined })
          break
        case 'raw': {
          const stamp = formatQboTime(now)
          const raw = structuredClone(rec) as QboRecord
          if (raw.Id === undefined) raw.Id = store.newId()
          raw.Id = String(raw.Id)
          raw.SyncToken ??= '0'
          raw.MetaData ??= { CreateTime: stamp, LastUpdatedTime: stamp }
          store.put(entity, raw)
          out = raw
          break
        }
        default:
          throw new ControlError(400, "operation is 'create', 'update', 'delete', 'void' or 'raw'")
      }
      sb.markDirty()
      return json(res, 200, { record: out })
    } catch (e) {
      if (e instanceof QboFault) return json(res, e.status, faultEnvelope(e, now))
      throw e
    }
  }
  throw new ControlError(404, `no control endpoint ${method} /_sandbox/${parts.join('/')}`)
}
