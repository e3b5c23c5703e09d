// Monday's overview: every client, worst first, with the figures that decide who to look at first.

import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { CompanySummary } from '../../../shared/contract'
import type { PortfolioRow } from '../../../shared/views'
import { Button } from '../components/Button'
import { DataTable, type Column } from '../components/DataTable'
import { Loading, Spinner } from '../components/Spinner'
import { ErrorNote, ProgressBar, StatusBadge } from '../components/ui'
import { Money } from '../components/values'
import { ago, dayShort, day, instant, plural, runwayDays, runwayDaysShort } from '../lib/format'
import { unsyncedRow, worstFirst } from '../lib/portfolio'
import { queries } from '../lib/queries'
import { useAppStore } from '../stores/app'
import { progressTotals, useSyncStore, type CompanyProgress } from '../stores/sync'
import { useTestDriveStore } from '../stores/testDrive'

const connectionLabel: Record<PortfolioRow['connection'], string> = {
  connected: 'Connected',
  'needs-reconnect': 'Needs reconnect',
  disconnected: 'Disconnected'
}

const columns: Column[] = [
  { header: 'Client' },
  { header: 'Status' },
  { header: 'Runway', numeric: true },
  { header: 'Cash-zero date' },
  { header: 'Cash', numeric: true },
  { header: 'Overdue AR', numeric: true },
  { header: <abbr title="Change in runway days over the past 7 days">7-day Δ</abbr>, numeric: true }
]

/** Every company, with the ones the portfolio has no figures for yet listed rather than hidden. */
function withUnsynced(rows: PortfolioRow[], companies: CompanySummary[]): PortfolioRow[] {
  const known = new Set(rows.map((r) => r.companyId))
  return [...rows, ...companies.filter((c) => !known.has(c.id)).map(unsyncedRow)]
}

export function Portfolio({ onConnect }: { onConnect(): void }) {
  const companies = useQuery(queries.companies)
  // Reloaded whenever the user comes back to it, not only when the core says it changed.
  const portfolio = useQuery({ ...queries.portfolio, refetchOnMount: 'always' })
  const select = useAppStore((s) => s.selectCompany)
  const underThirty = useAppStore((s) => s.underThirty)
  const setUnderThirty = useAppStore((s) => s.setUnderThirty)
  const testDrive = useTestDriveStore()

  const all = useMemo(
    () => worstFirst(withUnsynced(portfolio.data ?? [], companies.data ?? [])),
    [portfolio.data, companies.data]
  )
  const shown = underThirty
    ? all.filter((r) => r.snapshot?.runwayDays != null && r.snapshot.runwayDays < 30)
    : all

  if (testDrive.state === 'running') return <TestDriveProgress progress={testDrive.progress} />
  if (portfolio.isPending && !companies.data) return <Loading what="your clients" />
  if (all.length === 0) return <EmptyPortfolio onConnect={onConnect} />

  const counts = { critical: 0, warning: 0, healthy: 0, excellent: 0 }
  for (const r of all) if (r.snapshot) counts[r.snapshot.status]++
  const reconnect = all.filter((r) => r.connection !== 'connected').length

  return (
    <section className="portfolio" aria-label="Client overview">
      <div className="toolbar">
        <div className="summary-pills" aria-label="Clients by status">
          <span className="summary-pill" data-status="critical">
            {plural(counts.critical, 'critical')}
          </span>
          <span className="summary-pill" data-status="warning">
            {plural(counts.warning, 'warning')}
          </span>
          <span className="summary-pill" data-status="healthy">
            {counts.healthy + counts.excellent} on track
          </span>
          {reconnect > 0 ? (
            <span className="summary-pill pill-reconnect">
              {plural(reconnect, 'needs reconnect', 'need reconnect')}
            </span>
          ) : null}
        </div>
        <div className="toolbar-right">
          <label className="toggle">
            <input
              type="checkbox"
              checked={underThirty}
              onChange={(e) => setUnderThirty(e.target.checked)}
              data-testid="filter-under-30"
            />
            <span>Under 30 days only</span>
          </label>
          <SyncAllButton />
        </div>
      </div>
      {portfolio.error ? (
        <ErrorNote error={portfolio.error.value} onRetry={() => void portfolio.refetch()} />
      ) : null}
      <div className="table-wrap table-wrap-scroll">
        <DataTable
          columns={columns}
          rows={shown}
          renderRow={(r) => <Row key={r.companyId} row={r} onOpen={() => select(r.companyId)} />}
          empty="No client has under 30 days of runway. Good week."
          className="portfolio-table"
          testId="company-table"
        />
      </div>
    </section>
  )
}

function Row({ row, onOpen }: { row: PortfolioRow; onOpen(): void }) {
  const s = row.snapshot
  const syncing = useSyncStore((st) => st.byCompany[row.companyId]?.running ?? false)
  return (
    <tr
      className="portfolio-row"
      data-testid="portfolio-row"
      data-company-id={row.companyId}
      data-status={s?.status ?? 'unknown'}
      onClick={onOpen}
    >
      <td>
        <div className="client-cell">
          <span className="status-strip" aria-hidden="true" />
          <div>
            <Button
              variant="plain"
              className="row-link"
              title={row.name}
              onClick={(e) => {
                // The row opens the company too; one open is enough.
                e.stopPropagation()
                onOpen()
              }}
            >
              {row.name}
            </Button>
            <div className="cell-sub">
              {row.connection !== 'connected' ? (
                <span className="chip chip-warn" data-testid="reconnect-chip">
                  {connectionLabel[row.connection]}
                </span>
              ) : null}
              {syncing ? (
                <span className="syncing">
                  <Spinner small label="Syncing" /> Syncing
                </span>
              ) : (
                <span
                  className={stale(row.lastSyncAt) ? 'tone-warn' : undefined}
                  title={
                    row.lastSyncAt
                      ? `Synced ${ago(row.lastSyncAt)}${s ? `; books to ${day(s.asOf)}` : ''}`
                      : undefined
                  }
                  data-testid="as-of"
                >
                  {row.lastSyncAt ? `As of ${instant(row.lastSyncAt)}` : 'Never synced'}
                </span>
              )}
              {row.stale ? (
                <span
                  className="chip chip-warn"
                  title={`The last sync failed ${instant(row.stale.since)}: ${row.stale.reason}`}
                  data-testid="stale-chip"
                >
                  Last sync failed
                </span>
              ) : null}
            </div>
          </div>
        </div>
      </td>
      <td>{s ? <StatusBadge status={s.status} /> : <span className="muted">—</span>}</td>
      <td className="num">
        {s ? (
          <span className="runway-figure" data-testid="runway-days" title={runwayDays(s.runwayDays)}>
            {runwayDaysShort(s.runwayDays)}
          </span>
        ) : (
          <span className="muted">Not synced yet</span>
        )}
      </td>
      <td>
        {s ? (
          s.cashZeroDate ? (
            <span className="tone-bad" data-testid="cash-zero">
              {s.cashZeroDate <= s.asOf ? 'Cash short now' : `Cash runs out ${dayShort(s.cashZeroDate)}`}
            </span>
          ) : (
            <span className="tone-ok" data-testid="cash-zero" title="No cash gap in the 13-week forecast">
              None in 13 weeks
            </span>
          )
        ) : null}
      </td>
      <td className="num">{s ? <Money cents={s.cashCents} whole /> : null}</td>
      <td className={`num ${s && s.overdueArCents > 0 ? 'tone-warn' : ''}`}>
        {s ? <Money cents={s.overdueArCents} whole /> : null}
      </td>
      <td className="num">
        <WeekChange days={s?.weekChangeDays ?? null} />
      </td>
    </tr>
  )
}

/** Figures more than a day old deserve a sync before the bookkeeper acts on them. */
function stale(iso: string | null): boolean {
  return iso !== null && Date.now() - new Date(iso).getTime() > 24 * 3_600_000
}

function WeekChange({ days }: { days: number | null }) {
  if (days === null)
    return (
      <span className="muted" title="No snapshot from a week ago yet">
        —
      </span>
    )
  if (days === 0) return <span className="muted">No change</span>
  const down = days < 0
  return (
    <span className={down ? 'tone-bad' : 'tone-ok'} data-testid="week-change">
      {down ? '▼' : '▲'} {plural(Math.abs(days), 'day')}
    </span>
  )
}

function SyncAllButton() {
  const companies = useQuery(queries.companies).data ?? []
  const running = useSyncStore((s) => companies.some((c) => s.byCompany[c.id]?.running))
  const syncNow = useSyncStore((s) => s.syncNow)
  return (
    <Button
      busy={running}
      busyLabel="Syncing"
      disabled={companies.length === 0}
      onClick={() => companies.forEach((c) => void syncNow(c.id))}
    >
      {running ? 'Syncing…' : 'Sync all'}
    </Button>
  )
}

function EmptyPortfolio({ onConnect }: { onConnect(): void }) {
  const start = useTestDriveStore((s) => s.start)
  const error = useTestDriveStore((s) => s.error)
  return (
    <section className="empty-state" data-testid="empty-portfolio">
      <div className="empty-icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" width="48" height="48">
          <rect x="6" y="26" width="8" height="14" rx="2" className="empty-bar-1" />
          <rect x="20" y="18" width="8" height="22" rx="2" className="empty-bar-2" />
          <rect x="34" y="10" width="8" height="30" rx="2" className="empty-bar-3" />
          <line x1="4" y1="41" x2="44" y2="41" strokeWidth="2" className="empty-axis" />
        </svg>
      </div>
      <h2>No client companies yet</h2>
      <p>
        Runway shows each client&rsquo;s cash-zero date, the bills that must be paid and the invoices worth
        chasing — worst first, every Monday.
      </p>
      <div className="empty-actions">
        <Button variant="primary" size="large" onClick={() => void start()}>
          Take a test drive
        </Button>
        <p className="empty-note">
          Three demo companies on a local QuickBooks sandbox: no account, nothing leaves this computer.
        </p>
      </div>
      {error ? <ErrorNote error={error} onRetry={() => void start()} /> : null}
      <div className="empty-connect">
        <h3>Connecting a real client</h3>
        <p>
          Connect a QuickBooks Online company with your Intuit app&rsquo;s keys. Its books are copied to this
          computer, so the figures open instantly and stay readable offline; payments and reminders you make
          here go straight to QuickBooks.
        </p>
        <Button onClick={onConnect}>Connect a company…</Button>
      </div>
    </section>
  )
}

function TestDriveProgress({ progress }: { progress: Record<string, CompanyProgress> }) {
  const companies = useQuery(queries.companies).data ?? []
  const entries = Object.entries(progress).map(([id, p]) => ({
    id,
    ...progressTotals(p),
    entities: Object.keys(p).length
  }))
  // Three demo companies come up one after another; until each reports, it counts as not started.
  const expected = Math.max(3, entries.length)
  const fraction = entries.reduce((sum, e) => sum + (e.total > 0 ? e.done / e.total : 0), 0) / expected
  const name = (id: string) => companies.find((c) => c.id === id)?.name ?? 'Demo company'
  return (
    <section className="empty-state" data-testid="test-drive-progress" aria-live="polite">
      <h2>Setting up your test drive</h2>
      <p>
        {entries.length === 0
          ? 'Starting a local QuickBooks sandbox with three demo companies…'
          : 'Connecting and syncing the demo companies, just as a real client would be.'}
      </p>
      <div className="test-drive-bar">
        {entries.length === 0 ? (
          <div
            className="progress progress-indeterminate"
            role="progressbar"
            aria-label="Starting the sandbox"
          >
            <div className="progress-fill" />
          </div>
        ) : (
          <ProgressBar value={Math.round(fraction * 100)} max={100} label="Test drive sync" />
        )}
      </div>
      {entries.length > 0 ? (
        <ul className="sync-list">
          {entries.map((e) => (
            <li key={e.id}>
              <span className="sync-name">{name(e.id)}</span>
              <span className="muted">
                {e.done.toLocaleString('en-US')} of {e.total.toLocaleString('en-US')} records
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  )
}
