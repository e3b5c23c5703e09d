// Small shared pieces of the screens: status badges, spinners, inline errors, progress, cards.

import type { ReactNode } from 'react'
import type { ErrorValue } from '../../../shared/errors'
import type { RunwayStatus } from '../../../shared/views'
import { errorText } from '../lib/errors'
import { Button } from './Button'

export const statusLabel: Record<RunwayStatus, string> = {
  critical: 'Critical',
  warning: 'Warning',
  healthy: 'Healthy',
  excellent: 'Excellent'
}

export function StatusBadge({ status }: { status: RunwayStatus }) {
  return (
    <span className="badge" data-testid="status-badge" data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {statusLabel[status]}
    </span>
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
        <Button variant="link" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </div>
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

/** What a card lists, as the coloured square before its title. */
export type CardMarker = 'must' | 'delay' | 'chase' | 'reserve' | 'decision'

export function SectionMarker({ marker }: { marker: CardMarker }) {
  return <span className={`section-dot section-${marker}`} aria-hidden="true" />
}

export function Card({
  title,
  marker,
  count,
  actions,
  children,
  className,
  testId
}: {
  title?: ReactNode
  marker?: CardMarker
  /** How many, or how much, the card holds: quieter text after the title. */
  count?: ReactNode
  actions?: ReactNode
  children: ReactNode
  className?: string
  testId?: string
}) {
  return (
    <section className={className ? `card ${className}` : 'card'} data-testid={testId}>
      {title || actions ? (
        <header className="card-header">
          {title ? (
            <h2 className="card-title">
              {marker ? <SectionMarker marker={marker} /> : null}
              {title}
              {count !== undefined ? <span className="card-count">{count}</span> : null}
            </h2>
          ) : (
            <span />
          )}
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
