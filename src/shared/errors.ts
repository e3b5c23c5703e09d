// Errors cross every boundary as values with a kind the UI can act on.

export const ERROR_KINDS = [
  'auth', // reconnect the company
  'throttled', // retry at retryAt
  'stale', // someone changed it in QBO: refresh and show
  'validation', // say which field
  'offline', // queued for later
  'not-found',
  'conflict',
  'network',
  'server',
  'internal'
] as const

export type ErrorKind = (typeof ERROR_KINDS)[number]

export interface ErrorValue {
  kind: ErrorKind
  message: string
  /** Dotted path of the offending input field, for validation errors. */
  field?: string
  /** ISO instant, for throttled errors. */
  retryAt?: string
  details?: Record<string, unknown>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue }

export function isErrorValue(value: unknown): value is ErrorValue {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.message === 'string' && (ERROR_KINDS as readonly unknown[]).includes(v.kind)
}
