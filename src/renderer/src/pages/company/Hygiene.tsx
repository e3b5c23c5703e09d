// Data problems that make the forecast wrong, priced in days of runway error, biggest first.

import { useQuery } from '@tanstack/react-query'
import type { HygieneView } from '../../../../shared/views'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { DateText, Money } from '../../components/values'
import { plural } from '../../lib/format'
import { queries } from '../../lib/queries'

type Check = HygieneView['checks'][number]

const days1 = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(1)} ${n === 1 ? 'day' : 'days'}`

function scoreTone(score: number): 'ok' | 'warn' | 'bad' {
  return score >= 85 ? 'ok' : score >= 60 ? 'warn' : 'bad'
}

export function Hygiene({ companyId }: { companyId: string }) {
  const hygiene = useQuery(queries.hygiene(companyId))
  const runway = useQuery(queries.runway(companyId))
  if (!hygiene.data) {
    if (hygiene.error) return <ErrorNote error={hygiene.error.value} onRetry={() => void hygiene.refetch()} />
    return <Loading what="data hygiene" />
  }
  const h = hygiene.data
  const currency = runway.data?.homeCurrency ?? 'USD'
  const top = h.topFixes
    .map((f) => h.checks.find((c) => c.id === f || c.title === f))
    .filter((c): c is Check => c !== undefined)
  const found = h.checks.filter((c) => c.count > 0)
  const clean = h.checks.filter((c) => c.count === 0)
  const tone = scoreTone(h.score)
  return (
    <div className="stack" data-testid="hygiene">
      {hygiene.error ? <ErrorNote error={hygiene.error.value} compact /> : null}
      <section className="hygiene-hero">
        <ScoreRing score={h.score} tone={tone} />
        <div className="hygiene-hero-text">
          <h2>
            {top.length > 0
              ? `Fix ${top.length === 1 ? 'this one' : `these ${top.length}`} to unlock ${days1(h.topFixesErrorDays)} of accuracy`
              : 'The books are in good shape for forecasting'}
          </h2>
          <p className="muted">
            {h.totalErrorDays > 0
              ? `Together the issues below could move the cash-zero date by up to ${days1(h.totalErrorDays)}.`
              : 'Nothing found that would move the cash-zero date.'}
          </p>
          {top.length > 0 ? (
            <ol className="top-fixes">
              {top.map((c) => (
                <li key={c.id}>
                  <strong>{c.fix}</strong>
                  <span className="muted">
                    {' '}
                    — {plural(c.count, 'item')}, up to {days1(c.errorDays)}
                  </span>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      </section>
      <Card title="Checks" testId="hygiene-checks">
        <ul className="check-list">
          {found.map((c) => (
            <CheckItem key={c.id} check={c} currency={currency} />
          ))}
          {clean.map((c) => (
            <li key={c.id} className="check check-clean" data-testid="hygiene-check">
              <div className="check-summary">
                <span className="check-icon check-icon-ok" aria-hidden="true">
                  ✓
                </span>
                <span className="check-title">{c.title}</span>
                <span className="muted small">None found</span>
                <span />
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  )
}

function CheckItem({ check, currency }: { check: Check; currency: string }) {
  const shown = check.items.slice(0, 50)
  return (
    <li className="check" data-testid="hygiene-check">
      <details>
        <summary className="check-summary">
          <span className="check-icon check-icon-warn" aria-hidden="true">
            !
          </span>
          <span className="check-title">{check.title}</span>
          <span className="check-count">{check.count}</span>
          <span className="check-days">±{days1(check.errorDays)}</span>
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </summary>
        <div className="check-body">
          <p className="check-fix">
            <strong>Fix:</strong> {check.fix}
          </p>
          <ul className="check-items">
            {shown.map((i) => (
              <li key={i.id}>
                <span>{i.label}</span>
                <span className="muted small">{i.date ? <DateText date={i.date} /> : null}</span>
                <span className="check-item-amount">
                  {i.amountCents !== undefined ? <Money cents={i.amountCents} currency={currency} /> : null}
                </span>
              </li>
            ))}
          </ul>
          {check.items.length > shown.length ? (
            <p className="muted small">and {check.items.length - shown.length} more</p>
          ) : null}
        </div>
      </details>
    </li>
  )
}

function ScoreRing({ score, tone }: { score: number; tone: 'ok' | 'warn' | 'bad' }) {
  const r = 42
  const c = 2 * Math.PI * r
  return (
    <div
      className={`score-ring tone-${tone}`}
      data-testid="hygiene-score"
      role="img"
      aria-label={`Hygiene score ${score} of 100`}
    >
      <svg viewBox="0 0 100 100" width="112" height="112" aria-hidden="true">
        <circle cx="50" cy="50" r={r} className="ring-track" />
        <circle
          cx="50"
          cy="50"
          r={r}
          className="ring-fill"
          strokeDasharray={`${(c * Math.max(0, Math.min(100, score))) / 100} ${c}`}
          transform="rotate(-90 50 50)"
        />
      </svg>
      <div className="score-text">
        <span className="score-value">{score}</span>
        <span className="score-max">/ 100</span>
      </div>
    </div>
  )
}
