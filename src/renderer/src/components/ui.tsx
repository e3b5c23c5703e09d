// Small shared pieces of the screens: status badges, spinners, inline errors, progress.

import type { InputHTMLAttributes, ReactNode } from 'react'
import type { ErrorValue } from '../../../shared/errors'
import type { RunwayStatus } from '../../../shared/runway'
import { errorText } from '../lib/errors'

export const statusLabel: Record<RunwayStatus, string> = {
  critical: 'Critical',
  warning: 'Warning',
  healthy: 'Healthy',
  excellent: 'Excellent'
}

export function StatusBadge({ status }: { status: RunwayStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {statusLabel[status]}
    </span>
  )
}

export function Spinner({ label, small }: { label?: string; small?: boolean }) {
  return (
    <span
      className={`spinner ${small ? 'spinner-small' : ''}`}
      role="status"
      aria-label={label ?? 'Loading'}
    />
  )
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner label={`Loading ${what}`} />
      <span>Loading {what}…</span>
    </div>
  )
}

export function ErrorNote({
  error,
  onRetry,
  compact
}: {
  error: ErrorValue
  onRetry?: () => void
  compact?: boolean
}) {
  return (
    <div className={`error-note ${compact ? 'error-note-compact' : ''}`} role="alert" data-kind={error.kind}>
      <span>{errorText(error)}</span>
      {onRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  )
}

export function FieldError({ message, id }: { message: string | null; id: string }) {
  if (!message) return null
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  )
}

/**
 * A labelled input with its error, wired for screen readers: while there is a message the input is
 * marked invalid and points at it. Children follow the error (hints, a datalist).
 */
export function TextField({
  label,
  error,
  errorId,
  children,
  ...input
}: {
  label: string
  error: string | null
  errorId: string
  children?: ReactNode
  'data-testid'?: string
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'children' | 'className'>) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        className="input"
        {...input}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <FieldError id={errorId} message={error} />
      {children}
    </label>
  )
}

export function ProgressBar({ value, max, label }: { value: number; max: number; label: string }) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 0
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  )
}

export function Card({
  title,
  actions,
  children,
  className,
  testId
}: {
  title?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
  testId?: string
}) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId}>
      {title || actions ? (
        <header className="card-header">
          {title ? <h2 className="card-title">{title}</h2> : <span />}
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  )
}

export function Stat({
  label,
  value,
  hint,
  tone,
  testId
}: {
  label: string
  value: ReactNode
  hint?: ReactNode
  tone?: 'bad' | 'warn' | 'ok'
  testId?: string
}) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className={`stat-value ${tone ? `tone-${tone}` : ''}`}>{value}</div>
      {hint ? <div className="stat-hint">{hint}</div> : null}
    </div>
  )
}

/** The "Show all N … / Show fewer" toggle under a long list. */
export function ShowMore({
  expanded,
  total,
  noun,
  onToggle
}: {
  expanded: boolean
  total: number
  noun: string
  onToggle(): void
}) {
  return (
    <button type="button" className="show-more" onClick={onToggle} aria-expanded={expanded}>
      {expanded ? 'Show fewer' : `Show all ${total} ${noun}`}
    </button>
  )
}
