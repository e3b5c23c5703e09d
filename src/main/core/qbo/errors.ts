// Every fault shape QBO sends, turned into one typed error the rest of the core can act on.

import { AppError } from '../errors'

export type QboErrorKind =
  'auth' | 'throttled' | 'stale' | 'validation' | 'not-found' | 'network' | 'server' | 'conflict'

export interface QboFault {
  code: string
  message: string
  detail?: string
  element?: string
}

export class QboError extends AppError {
  constructor(
    readonly qboKind: QboErrorKind,
    message: string,
    readonly info: {
      status?: number
      faults?: QboFault[]
      field?: string
      retryAt?: string
      intuitTid?: string
      /** The request may have reached QBO (a dropped connection): a write must not be assumed undone. */
      ambiguous?: boolean
    } = {}
  ) {
    super(qboKind, message, {
      ...(info.field ? { field: info.field } : {}),
      ...(info.retryAt ? { retryAt: info.retryAt } : {}),
      details: {
        ...(info.status ? { status: info.status } : {}),
        ...(info.faults ? { faults: info.faults } : {}),
        ...(info.intuitTid ? { intuitTid: info.intuitTid } : {})
      }
    })
    this.name = 'QboError'
  }

  get code(): string | undefined {
    return this.info.faults?.[0]?.code
  }
}

type Json = Record<string, unknown>

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined
}

/** The uppercase `Fault.Error[]` of JSON responses (also inside HTTP 200s and batch items). */
export function faultsFromJson(body: unknown): QboFault[] | null {
  if (typeof body !== 'object' || body === null) return null
  const b = body as Json
  const upper = b.Fault as Json | undefined
  if (upper && typeof upper === 'object') {
    return asArray(upper.Error).map((e) => {
      const err = (e ?? {}) as Json
      return {
        code: str(err.code) ?? '0',
        message: str(err.Message) ?? 'QuickBooks reported an error',
        ...(str(err.Detail) ? { detail: str(err.Detail) } : {}),
        ...(str(err.element) ? { element: str(err.element) } : {})
      }
    })
  }
  // 401/403 use a lowercase shape: {"fault":{"error":[{"message","detail","code"}],"type":"AUTHENTICATION"}}
  const lower = b.fault as Json | undefined
  if (lower && typeof lower === 'object') {
    return asArray(lower.error).map((e) => {
      const err = (e ?? {}) as Json
      return {
        code: str(err.code) ?? '0',
        message: str(err.message) ?? 'QuickBooks refused the request',
        ...(str(err.detail) ? { detail: str(err.detail) } : {})
      }
    })
  }
  return null
}

/** The XML bodies (ThrottleExceeded even for JSON requests, and some older faults). */
export function faultsFromXml(text: string): QboFault[] | null {
  if (!/<Fault[\s>]/.test(text)) return null
  const faults: QboFault[] = []
  for (const match of text.matchAll(/<Error\b([^>]*)>([\s\S]*?)<\/Error>/g)) {
    const code = /code="([^"]*)"/.exec(match[1] ?? '')?.[1] ?? '0'
    const message =
      /<Message>([\s\S]*?)<\/Message>/.exec(match[2] ?? '')?.[1]?.trim() ?? 'QuickBooks reported an error'
    const detail = /<Detail>([\s\S]*?)<\/Detail>/.exec(match[2] ?? '')?.[1]?.trim()
    faults.push({ code, message, ...(detail ? { detail } : {}) })
  }
  return faults.length > 0 ? faults : [{ code: '0', message: 'QuickBooks reported an error' }]
}

export function parseFaults(text: string): QboFault[] | null {
  const trimmed = text.trimStart()
  if (trimmed.startsWith('<')) return faultsFromXml(trimmed)
  try {
    return faultsFromJson(JSON.parse(trimmed))
  } catch {
    return null
  }
}

const THROTTLE_CODES = new Set(['3001', '3002', '003001'])
const AUTH_CODES = new Set(['3200', '3100', '100', '003200'])

/** Classifies an HTTP response (or a Fault inside a 200) into a QboError. */
export function errorFromResponse(
  status: number,
  text: string,
  opts: { retryAfterMs?: number; now: number; intuitTid?: string }
): QboError {
  const faults = parseFaults(text) ?? []
  const first = faults[0]
  const codes = new Set(faults.map((f) => f.code))
  const summary = first ? `${first.message}${first.detail ? `: ${first.detail}` : ''}` : `HTTP ${status}`
  const base = { status, faults, ...(opts.intuitTid ? { intuitTid: opts.intuitTid } : {}) }

  if (status === 429 || [...codes].some((c) => THROTTLE_CODES.has(c)) || /ThrottleExceeded/.test(text)) {
    const retryAt = new Date(opts.now + (opts.retryAfterMs ?? 60_000)).toISOString()
    return new QboError('throttled', 'QuickBooks asked us to slow down', { ...base, retryAt })
  }
  if (status === 401 || status === 403 || [...codes].some((c) => AUTH_CODES.has(c))) {
    return new QboError('auth', `QuickBooks refused the connection: ${summary}`, base)
  }
  if (codes.has('5010')) {
    return new QboError('stale', 'Someone changed this in QuickBooks since it was last synced', base)
  }
  if (codes.has('610') || status === 404) {
    return new QboError('not-found', `Not found in QuickBooks: ${summary}`, base)
  }
  if (status >= 500) return new QboError('server', `QuickBooks had a problem (HTTP ${status})`, base)
  if (status === 400 || first) {
    const field = first?.element
    return new QboError('validation', summary, { ...base, ...(field ? { field } : {}) })
  }
  return new QboError('server', `Unexpected answer from QuickBooks (HTTP ${status})`, base)
}
