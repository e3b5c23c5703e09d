// A client's overview: where its cash stands, when it runs out, the weekly digest, and what drives
// the figures.

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { AgingView, RunwayView } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { FieldError } from '../../components/fields'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote, Stat, StatusBadge } from '../../components/ui'
import { Money } from '../../components/values'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { day, daysBetween, instant, moneyWhole, parseDollars, plural, runwayDays } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'
import { CompanyForecastChart } from './Forecast'
import { RecurringOutflows } from './Recurring'
import { WeeklyDigest } from './WeeklyDigest'

export function Overview({ companyId }: { companyId: string }) {
  const runway = useQuery(queries.runway(companyId))
  const weekChange = useQuery({
    ...queries.portfolio({ filter: { companyIds: [companyId] } }),
    select: (list) => list.rows[0]?.snapshot?.weekChangeDays ?? null
  })
  if (!runway.data) {
    if (runway.error) return <ErrorNote error={runway.error.value} onRetry={() => void runway.refetch()} />
    return <Loading what="the runway" />
  }
  const r = runway.data
  return (
    <div className="stack" data-testid="overview">
      {runway.error ? (
        <ErrorNote error={runway.error.value} onRetry={() => void runway.refetch()} compact />
      ) : null}
      {r.stale ? <StaleNote r={r} /> : null}
      <Headline r={r} weekChangeDays={weekChange.data ?? null} />
      <WeeklyDigest companyId={companyId} today={r.asOf} currency={r.homeCurrency} />
      <div className="stat-strip" data-testid="headline-figures">
        <Stat
          label="Cash in bank"
          value={moneyWhole(r.cashCents, r.homeCurrency)}
          hint={cashHint(r)}
          testId="stat-cash"
        />
        <Stat
          label="After reserves"
          value={moneyWhole(r.availableCashCents, r.homeCurrency)}
          hint={
            r.reservedCents > 0
              ? `${moneyWhole(r.reservedCents, r.homeCurrency)} earmarked`
              : 'Nothing earmarked'
          }
          testId="stat-available"
        />
        <Stat label="Receivables (AR)" value={moneyWhole(r.arCents, r.homeCurrency)} testId="stat-ar" />
        <Stat
          label="Overdue AR"
          value={moneyWhole(r.overdueArCents, r.homeCurrency)}
          tone={r.overdueArCents > 0 ? 'warn' : undefined}
          testId="stat-overdue-ar"
        />
        <Stat
          label="Payables (AP)"
          value={moneyWhole(r.apCents, r.homeCurrency)}
          hint={
            [
              r.overdueApCents > 0 ? `${moneyWhole(r.overdueApCents, r.homeCurrency)} overdue` : null,
              r.vendorCreditsCents > 0
                ? `${moneyWhole(r.vendorCreditsCents, r.homeCurrency)} vendor credits netted`
                : null
            ]
              .filter(Boolean)
              .join('; ') || undefined
          }
          testId="stat-ap"
        />
        <Stat
          label="Burn / month"
          value={moneyWhole(r.kpis.burnCents, r.homeCurrency)}
          hint={`${moneyWhole(r.dailyBurnCents, r.homeCurrency)} a day`}
          testId="stat-burn"
        />
      </div>
      <Card
        title="13-week cash forecast"
        actions={<MinCash companyId={companyId} r={r} />}
        testId="forecast-card"
      >
        <CompanyForecastChart r={r} />
      </Card>
      <div className="grid-4">
        <Card title="Days sales outstanding" className="kpi">
          <div className="kpi-value" data-testid="kpi-dso">
            {r.kpis.dsoDays === null ? '—' : plural(r.kpis.dsoDays, 'day')}
          </div>
          <p className="muted small">How long customers take to pay, on average.</p>
        </Card>
        <Card title="Days payables outstanding" className="kpi">
          <div className="kpi-value" data-testid="kpi-dpo">
            {r.kpis.dpoDays === null ? '—' : plural(r.kpis.dpoDays, 'day')}
          </div>
          <p className="muted small">How long the company takes to pay its bills.</p>
        </Card>
        {/* Burn is what goes out beyond what comes in: when more comes in, the card says cash grows. */}
        <Card title={r.kpis.netBurnCents > 0 ? 'Net burn / month' : 'Cash growth / month'} className="kpi">
          <div className={`kpi-value ${r.kpis.netBurnCents > 0 ? 'tone-bad' : 'tone-ok'}`}>
            {r.kpis.netBurnCents > 0
              ? moneyWhole(r.kpis.netBurnCents, r.homeCurrency)
              : `+${moneyWhole(-r.kpis.netBurnCents, r.homeCurrency)}`}
          </div>
          <p className="muted small">
            {r.kpis.netBurnCents > 0 ? 'More goes out than comes in.' : 'Cash grows month on month.'}
          </p>
        </Card>
        <Card title="Net position" className="kpi">
          <div className={`kpi-value ${r.netPositionCents < 0 ? 'tone-bad' : ''}`}>
            {moneyWhole(r.netPositionCents, r.homeCurrency)}
          </div>
          <p className="muted small">Available cash + AR − AP − card debt.</p>
        </Card>
      </div>
      <div className="grid-2">
        <Card title="Receivables aging">
          <Aging aging={r.kpis.arAging} currency={r.homeCurrency} testId="ar-aging" />
        </Card>
        <Card title="Payables aging">
          <Aging aging={r.kpis.apAging} currency={r.homeCurrency} testId="ap-aging" />
        </Card>
      </div>
      <RecurringOutflows companyId={companyId} r={r} />
    </div>
  )
}

function Headline({ r, weekChangeDays }: { r: RunwayView; weekChangeDays: number | null }) {
  const daysToZero = r.cashZeroDate ? daysBetween(r.asOf, r.cashZeroDate) : null
  return (
    <section className="headline" data-status={r.status} data-testid="headline" aria-label="Runway headline">
      <div className="headline-main">
        <div className="headline-label">Cash-zero date</div>
        {r.cashZeroDate ? (
          <>
            <div className="headline-figure tone-bad" data-testid="cash-zero-date" data-date={r.cashZeroDate}>
              {daysToZero !== null && daysToZero <= 0
                ? 'Cash runs out today'
                : `Cash runs out ${day(r.cashZeroDate)}`}
            </div>
            <div className="headline-sub">
              {daysToZero !== null && daysToZero <= 0
                ? `${day(r.cashZeroDate)}: what is due now is more than the cash available.`
                : `In ${plural(daysToZero ?? 0, 'day')}, if bills are paid when planned and customers pay as they usually do.`}
            </div>
          </>
        ) : (
          <>
            <div className="headline-figure tone-ok" data-testid="cash-zero-date" data-date="">
              No cash gap in 13 weeks
            </div>
            <div className="headline-sub">
              The forecast stays above zero through {day(r.forecast.at(-1)?.weekEnd)}.
            </div>
          </>
        )}
        {r.belowMinCashDate && r.minCashCents > 0 ? (
          <div className="headline-warn">
            Below the minimum cash of {moneyWhole(r.minCashCents, r.homeCurrency)} from{' '}
            {day(r.belowMinCashDate)}.
          </div>
        ) : null}
      </div>
      <div className="headline-side">
        <div className="headline-label">Runway</div>
        <div className="headline-days" data-testid="runway-days" data-beyond={r.runwayDays === null}>
          {runwayDays(r.runwayDays)}
        </div>
        <div className="headline-sub" data-testid="simple-runway">
          If sales stopped: {r.simpleRunwayDays === null ? 'no limit' : plural(r.simpleRunwayDays, 'day')}
        </div>
      </div>
      <div className="headline-side">
        <div className="headline-label">Status</div>
        <StatusBadge status={r.status} />
        <div className="headline-sub" data-testid="status-basis">
          {statusBasis(r)}
        </div>
        <div className="headline-sub" data-testid="week-change">
          {weekChangeDays === null ? (
            'No week-ago figure yet'
          ) : weekChangeDays === 0 ? (
            'Same as last week'
          ) : (
            <span className={weekChangeDays < 0 ? 'tone-bad' : 'tone-ok'}>
              {weekChangeDays < 0 ? '▼' : '▲'} {plural(Math.abs(weekChangeDays), 'day')} since last week
            </span>
          )}
        </div>
      </div>
    </section>
  )
}

/** What the status rests on, in the words of the bands (README, "Rules we changed"). */
function statusBasis(r: RunwayView): string {
  const days = r.statusDays === null ? '' : plural(r.statusDays, 'day')
  switch (r.statusBasis) {
    case 'cash-zero':
      return r.statusDays === 0 ? 'Short of cash now' : `Out of cash in ${days}`
    case 'below-minimum':
      return r.statusDays === 0 ? 'Below the minimum now' : `Below the minimum in ${days}`
    case 'beyond-horizon':
      return `Lasts about ${days} if no new money came in`
    case 'no-burn':
      return 'Nothing is going out'
  }
}

/** Money in transit and accounts in other currencies, with the rate each was converted at. */
function cashHint(r: RunwayView): string | undefined {
  const notes = r.foreignCash.map((a) =>
    a.rate === null
      ? `${a.name} (${a.currency}) left out: no rate`
      : `incl. ${moneyWhole(a.balanceCents, a.currency)} at ${a.rate} (${day(a.rateDate)})`
  )
  if (r.undepositedCents > 0) notes.push(`+ ${moneyWhole(r.undepositedCents, r.homeCurrency)} in transit`)
  return notes.length > 0 ? notes.join('; ') : undefined
}

/** The figures are the last consistent ones: the books have not been whole since a sync failed. */
function StaleNote({ r }: { r: RunwayView }) {
  return (
    <div className="error-note error-note-compact" data-kind="stale" role="status" data-testid="stale-note">
      <span>
        Figures as of {instant(r.dataAsOf)}, the last complete sync. The sync of {instant(r.stale?.since)} did
        not finish ({r.stale?.reason}); they update when one does.
      </span>
    </div>
  )
}

const buckets: { key: keyof AgingView; label: string }[] = [
  { key: 'current', label: 'Current' },
  { key: 'd1_30', label: '1–30' },
  { key: 'd31_60', label: '31–60' },
  { key: 'd61_90', label: '61–90' },
  { key: 'd90plus', label: '90+' }
]

function Aging({ aging, currency, testId }: { aging: AgingView; currency: string; testId: string }) {
  const total = buckets.reduce((s, b) => s + aging[b.key], 0)
  return (
    <div className="aging" data-testid={testId}>
      <div className="aging-bar" aria-hidden="true">
        {total > 0
          ? buckets.map((b) =>
              aging[b.key] > 0 ? (
                <span
                  key={b.key}
                  className={`aging-seg seg-${b.key}`}
                  style={{ width: `${(aging[b.key] / total) * 100}%` }}
                />
              ) : null
            )
          : null}
      </div>
      <dl className="aging-list">
        {buckets.map((b) => (
          <div key={b.key}>
            <dt>
              <i className={`aging-key seg-${b.key}`} aria-hidden="true" />
              {b.label}
            </dt>
            <dd>{moneyWhole(aging[b.key], currency)}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}

function MinCash({ companyId, r }: { companyId: string; r: RunwayView }) {
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<ErrorValue | null>(null)
  const [saving, setSaving] = useState(false)
  if (!editing) {
    return (
      <span className="min-cash">
        <span className="muted">Minimum cash</span>{' '}
        <Money cents={r.minCashCents} currency={r.homeCurrency} whole />
        <Button
          variant="link"
          onClick={() => {
            setText(String(r.minCashCents / 100))
            setError(null)
            setEditing(true)
          }}
        >
          Edit
        </Button>
      </span>
    )
  }
  const save = async () => {
    const cents = parseDollars(text)
    if (cents === null) {
      setError({
        kind: 'validation',
        field: 'minCashCents',
        message: 'enter an amount such as 10000 or 10,000.00'
      })
      return
    }
    setSaving(true)
    try {
      await call('runway.setMinCash', { companyId, minCashCents: cents })
      setEditing(false)
      await queryClient.invalidateQueries({ queryKey: queries.runway(companyId).queryKey })
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setSaving(false)
    }
  }
  const fe = fieldError(error, 'minCashCents')
  return (
    <form
      className="min-cash-form"
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <label htmlFor="min-cash-input" className="muted">
        Minimum cash
      </label>
      <input
        id="min-cash-input"
        className="input input-small"
        inputMode="decimal"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={fe ? true : undefined}
        aria-describedby={fe ? 'min-cash-error' : undefined}
        autoFocus
      />
      <Button type="submit" variant="primary" size="small" busy={saving}>
        Save
      </Button>
      <Button size="small" onClick={() => setEditing(false)}>
        Cancel
      </Button>
      <FieldError id="min-cash-error" message={fe} />
      {error && !fe ? <ErrorNote error={error} compact /> : null}
    </form>
  )
}
