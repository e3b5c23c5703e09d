// What a decision does to the runway, before it is taken: the runway as it stands beside the
// runway with the decision in the forecast (a scenario the core evaluates as the inputs change).

import type { ReactNode } from 'react'
import type { RunwayView } from '../../../shared/views'
import { cashZeroText, runwayDays, signedDays } from '../lib/format'
import type { ScenarioState } from '../lib/useScenario'
import { Spinner } from './Spinner'

export function RunwayImpact({
  runway,
  nowLabel,
  afterLabel,
  preview,
  showCashZero = false,
  testId
}: {
  runway: RunwayView
  nowLabel: string
  afterLabel: string
  preview: ScenarioState
  /** The cash-zero date under each side, where the dialog has room to say it. */
  showCashZero?: boolean
  testId: string
}) {
  const before = runway.runwayDays
  const after = preview.view?.scenario.runwayDays ?? null
  const ready = preview.view !== null && !preview.loading
  const delta =
    ready && before !== null && after !== null && after !== before ? (
      <span className={`impact-delta ${after < before ? 'tone-bad' : 'tone-ok'}`}>
        {' '}
        {signedDays(after - before)}
      </span>
    ) : null
  const afterValue = ready ? (
    <>
      {runwayDays(after)}
      {delta}
    </>
  ) : preview.error ? (
    '—'
  ) : (
    <Spinner small label="Working out the runway" />
  )
  return (
    <>
      <div className="impact-box" data-testid={testId} aria-live="polite">
        <Side
          label={nowLabel}
          value={runwayDays(before)}
          note={showCashZero ? cashZeroText(runway.cashZeroDate) : null}
        />
        <div className="impact-arrow" aria-hidden="true">
          →
        </div>
        <Side
          label={afterLabel}
          value={afterValue}
          note={showCashZero ? (preview.view ? cashZeroText(preview.view.scenario.cashZeroDate) : ' ') : null}
        />
      </div>
      {preview.error ? (
        <p className="muted small">Could not preview the runway effect: {preview.error.message}</p>
      ) : null}
    </>
  )
}

function Side({ label, value, note }: { label: string; value: ReactNode; note: string | null }) {
  return (
    <div>
      <div className="impact-label">{label}</div>
      <div className="impact-value">{value}</div>
      {note !== null ? <div className="muted small">{note}</div> : null}
    </div>
  )
}
