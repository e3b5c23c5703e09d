// Turns an error value into words a bookkeeper can act on, next to where it happened.

import type { ErrorValue } from '../../../shared/errors'
import { ApiError } from './api'
import { timeOfDay } from './format'

export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof ApiError) return error.value
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) }
}

/** A short lead for the kind, so "auth" reads as what to do rather than what broke. */
export function explain(error: ErrorValue): string {
  switch (error.kind) {
    case 'auth':
      return 'QuickBooks needs you to reconnect this company.'
    case 'throttled':
      return error.retryAt
        ? `QuickBooks is rate-limiting requests; retry at ${timeOfDay(error.retryAt)}.`
        : 'QuickBooks is rate-limiting requests; try again in a minute.'
    case 'offline':
      return 'Working offline: QuickBooks cannot be reached right now.'
    case 'stale':
      return 'Someone changed this in QuickBooks; the latest version has been loaded.'
    case 'conflict':
      return 'This conflicts with a change made elsewhere.'
    case 'not-found':
      return 'It no longer exists in QuickBooks.'
    case 'network':
      return 'The network failed.'
    case 'server':
      return 'QuickBooks answered with an error.'
    case 'validation':
      return 'Please check the input.'
    default:
      return 'Something went wrong.'
  }
}

export function errorText(error: ErrorValue): string {
  const lead = explain(error)
  if (error.kind === 'auth' || error.kind === 'offline') return lead
  return error.message && error.message !== lead ? `${lead} ${capitalise(error.message)}` : lead
}

function capitalise(text: string): string {
  const t = text.trim()
  const withStop = /[.!?]$/.test(t) ? t : `${t}.`
  return withStop.charAt(0).toUpperCase() + withStop.slice(1)
}

/** The message for a validation error on `field` (exact, or nested under it), else null. */
export function fieldError(error: ErrorValue | null, field: string): string | null {
  if (!error || error.kind !== 'validation' || !error.field) return null
  return error.field === field || error.field.startsWith(`${field}.`) ? capitalise(error.message) : null
}
