// The Accounting API v3 resources under /v3/company/{realmId}/: entity reads and writes, query, CDC,
// batch and invoice send, answered in Intuit's envelopes.

import { ENTITY_SPECS, entityFromName } from './entities'
import { faults, QboFault } from './faults'
import { unknownProperty } from './properties'
import { activeOnly, parseQuery, QueryError, runQuery, type ParsedQuery } from './query'
import type { RealmStore } from './store'
import { formatQboTime } from './time'
import type { EntityName, QboRecord } from './types'
import {
  createEntity,
  deleteEntity,
  isQboId,
  sendInvoice,
  updateEntity,
  voidEntity,
  type SentEmail,
  type WriteContext
} from './writes'

export interface ApiContext {
  store: RealmStore
  nowMs: number
  /** Records a sent invoice email in the outbox. */
  sent(email: SentEmail): void
}

export interface ApiCall {
  method: string
  /** Path segments after /v3/company/{realmId}/. */
  segments: string[]
  query: URLSearchParams
  body: string
}

export interface ApiResult {
  status: number
  /** JSON body (serialised by the caller). */
  body: unknown
}

export const MAX_BATCH_ITEMS = 30
export const CDC_MAX_PER_ENTITY = 1000
const CDC_LOOKBACK_MS = 30 * 86_400_000

const ok = (body: Record<string, unknown>, nowMs: number): ApiResult => ({
  status: 200,
  body: { ...body, time: formatQboTime(nowMs, true) }
})

function queryFault(e: QueryError): QboFault {
  return new QboFault(e.code, e.message, e.detail, '')
}

function parseJsonObject(text: string): Record<string, unknown> {
  if (text.trim() === '') throw faults.invalid('body', 'The request has no body.')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (e) {
    throw new QboFault(
      '2010',
      'Request has invalid or unsupported property',
      `Unable to parse the request body as JSON: ${(e as Error).message}`,
      ''
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw faults.invalid('body', 'The request body must be a JSON object.')
  return parsed as Record<string, unknown>
}

/** Entity named by the request, for fault matching; never throws. */
export function requestEntity(call: {
  segments: string[]
  query: URLSearchParams
  body: string
  method: string
}): string | undefined {
  const head = call.segments[0]?.toLowerCase()
  if (head === 'query') {
    const text = call.method === 'GET' ? (call.query.get('query') ?? '') : call.body
    const m = /\bfrom\s+([A-Za-z]+)/i.exec(text)
    return m ? (entityFromName(m[1]!) ?? m[1]) : undefined
  }
  return head ? entityFromName(head) : undefined
}

export function handleApi(ctx: ApiContext, call: ApiCall): ApiResult {
  const [head = '', id, action] = call.segments
  const resource = head.toLowerCase()
  const method = call.method
  if (resource === 'query' && (method === 'GET' || method === 'POST')) {
    const text = method === 'GET' ? call.query.get('query') : call.body
    return ok(runQueryText(ctx.store, text ?? ''), ctx.nowMs)
  }
  if (resource === 'cdc' && method === 'GET') return ok(changeDataCapture(ctx, call.query), ctx.nowMs)
  if (resource === 'batch' && method === 'POST') return ok(batch(ctx, parseJsonObject(call.body)), ctx.nowMs)

  const entity = entityFromName(resource)
  if (!entity) throw faults.unsupported(`${method} /${call.segments.join('/')}`, 'the sandbox')

  if (method === 'GET') {
    if (entity === 'Preferences' && id === undefined) {
      const prefs = ctx.store.rows('Preferences')[0]
      if (!prefs) throw faults.notFound()
      return ok({ Preferences: prefs }, ctx.nowMs)
    }
    if (id === undefined || action !== undefined)
      throw faults.unsupported(`GET /${call.segments.join('/')}`, entity)
    if (!isQboId(id)) throw faults.invalidId(id)
    const rec = entity === 'CompanyInfo' ? companyInfo(ctx.store, id) : ctx.store.get(entity, id)
    if (!rec) throw faults.notFound()
    return ok({ [entity]: rec }, ctx.nowMs)
  }

  if (method !== 'POST') throw faults.unsupported(method, entity)
  const wctx: WriteContext = { store: ctx.store, nowMs: ctx.nowMs }

  if (id !== undefined) {
    if (entity === 'Invoice' && action?.toLowerCase() === 'send') {
      const sendTo = call.query.get('sendTo') ?? call.query.get('sendto') ?? undefined
      const { invoice, email } = sendInvoice(wctx, id, sendTo)
      ctx.sent(email)
      return ok({ Invoice: invoice }, ctx.nowMs)
    }
    throw faults.unsupported(`POST /${call.segments.join('/')}`, entity)
  }

  const body = parseJsonObject(call.body)
  return ok(write(wctx, entity, body, call.query.get('operation'), call.query.get('include')), ctx.nowMs)
}

function companyInfo(store: RealmStore, id: string): QboRecord | undefined {
  const rec = store.rows('CompanyInfo')[0]
  return rec && (id === store.realmId || id === rec.Id) ? rec : undefined
}

/** One write, shared by single requests and batch items; returns the envelope's entity member. */
function write(
  wctx: WriteContext,
  entity: EntityName,
  body: Record<string, unknown>,
  operation: string | null,
  include: string | null
): Record<string, unknown> {
  const unknown = unknownProperty(entity, body)
  if (unknown !== undefined) throw faults.unknownProperty(entity, unknown)
  const op = (operation ?? '').toLowerCase()
  const spec = ENTITY_SPECS[entity]
  if (op === 'delete') return { [entity]: deleteEntity(wctx, entity, body) }
  if (op === 'void') {
    if (!spec.voidStyles.includes('operation')) throw faults.unsupported('Void', entity)
    return { [entity]: voidEntity(wctx, entity, body) }
  }
  if (op === 'update' && (include ?? '').toLowerCase() === 'void') {
    if (!spec.voidStyles.includes('include')) throw faults.unsupported('Void', entity)
    return { [entity]: voidEntity(wctx, entity, body) }
  }
  if (op !== '' && op !== 'update' && op !== 'create') throw faults.unsupported(operation!, entity)
  const isUpdate =
    op === 'update' ||
    (op === '' && body.Id !== undefined && body.Id !== null && body.Id !== '') ||
    spec.kind === 'singleton'
  if (isUpdate) {
    const sparse = body.sparse === true || body.sparse === 'true'
    return { [entity]: updateEntity(wctx, entity, body, { sparse }) }
  }
  return { [entity]: createEntity(wctx, entity, body) }
}

// ---------------------------------------------------------------------------------------------
// Query

function executeQuery(store: RealmStore, q: ParsedQuery): { rows: readonly QboRecord[]; totalCount: number } {
  const all = store.rows(q.entity)
  // Unfiltered, Id-ordered pages are the bulk of sync traffic; the store already keeps that order.
  const byId = !q.orderBy || (q.orderBy.field.toLowerCase() === 'id' && q.orderBy.dir === 'ASC')
  if (q.where.length === 0 && byId && !activeOnly(q)) {
    if (q.kind === 'count') return { rows: [], totalCount: all.length }
    const from = q.startPosition - 1
    return { rows: all.slice(from, from + q.maxResults), totalCount: all.length }
  }
  return runQuery(q, all)
}

export function runQueryText(store: RealmStore, text: string): Record<string, unknown> {
  let q: ParsedQuery
  try {
    q = parseQuery(text)
  } catch (e) {
    if (e instanceof QueryError) throw queryFault(e)
    throw e
  }
  const { rows, totalCount } = executeQuery(store, q)
  if (q.kind === 'count') return { QueryResponse: { totalCount } }
  if (rows.length === 0) return { QueryResponse: {} }
  return { QueryResponse: { [q.entity]: rows, startPosition: q.startPosition, maxResults: rows.length } }
}

// ---------------------------------------------------------------------------------------------
// Change data capture

function changeDataCapture(ctx: ApiContext, params: URLSearchParams): Record<string, unknown> {
  const entitiesParam = params.get('entities')
  if (!entitiesParam) throw faults.required('entities')
  const sinceText = params.get('changedSince')
  if (!sinceText) throw faults.required('changedSince')
  // An unencoded '+' in the offset arrives as a space (node-quickbooks sends dates that way).
  const since = Date.parse(sinceText.replace(' ', '+'))
  if (Number.isNaN(since)) throw faults.invalid('changedSince', 'changedSince must be an ISO 8601 date-time.')
  if (since < ctx.nowMs - CDC_LOOKBACK_MS) {
    throw faults.invalid('changedSince', 'changedSince cannot be more than 30 days in the past.')
  }
  const names = entitiesParam
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const entities: EntityName[] = []
  for (const n of names) {
    const e = entityFromName(n)
    if (!e) throw faults.invalid('entities', `Unknown entity ${n}.`)
    entities.push(e)
  }
  const responses = entities.map((entity) => {
    const changes: { t: number; id: string; value: unknown }[] = []
    for (const rec of ctx.store.rows(entity)) {
      const t = ctx.store.updatedAt(rec)
      if (t >= since) changes.push({ t, id: rec.Id, value: rec })
    }
    for (const d of ctx.store.data.deletions) {
      if (d.entity !== entity) continue
      const t = Date.parse(d.deletedAt)
      if (t >= since)
        changes.push({
          t,
          id: d.id,
          value: { Id: d.id, status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: d.deletedAt } }
        })
    }
    if (changes.length === 0) return {}
    changes.sort((a, b) => a.t - b.t || a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const page = changes.slice(0, CDC_MAX_PER_ENTITY).map((c) => c.value)
    return { [entity]: page, startPosition: 1, maxResults: page.length }
  })
  return { CDCResponse: [{ QueryResponse: responses }] }
}

// ---------------------------------------------------------------------------------------------
// Batch

function batch(ctx: ApiContext, body: Record<string, unknown>): Record<string, unknown> {
  const items = body.BatchItemRequest
  if (!Array.isArray(items) || items.length === 0) throw faults.required('BatchItemRequest')
  if (items.length > MAX_BATCH_ITEMS) {
    throw faults.invalid(
      'BatchItemRequest',
      `A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${items.length}.`
    )
  }
  const wctx: WriteContext = { store: ctx.store, nowMs: ctx.nowMs }
  const out = items.map((raw) => {
    const item = (raw ?? {}) as Record<string, unknown>
    const bId = item.bId === undefined ? undefined : String(item.bId)
    try {
      if (typeof item.Query === 'string') return { ...runQueryText(ctx.store, item.Query), bId }
      const key = Object.keys(item).find(
        (k) => entityFromName(k) !== undefined && item[k] !== null && typeof item[k] === 'object'
      )
      if (!key) throw faults.required('Entity')
      const entity = entityFromName(key)!
      const op = typeof item.operation === 'string' ? item.operation.toLowerCase() : ''
      if (!['create', 'update', 'delete', 'void'].includes(op))
        throw faults.invalid('operation', 'operation is create, update, delete or void.')
      const entityBody = item[key] as Record<string, unknown>
      const include = op === 'void' && !ENTITY_SPECS[entity].voidStyles.includes('operation') ? 'void' : null
      const operation = op === 'create' ? null : op === 'void' && include ? 'update' : op
      return { ...write(wctx, entity, entityBody, operation, include), bId }
    } catch (e) {
      const fault = e instanceof QboFault ? e : faults.system((e as Error).message)
      return { Fault: fault.toFault(), bId }
    }
  })
  return { BatchItemResponse: out }
}
