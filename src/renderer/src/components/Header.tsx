import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { AppInfo, CompanySummary } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { errorText, toErrorValue } from '../lib/errors'
import { ago, day, instant, timeOfDay } from '../lib/format'
import { queries, queryClient } from '../lib/queries'
import { notify } from '../stores/notices'
import { progressTotals, useCompanySync, useSyncStore, type CompanyProgress } from '../stores/sync'
import { Button } from './Button'
import { StatusBadge } from './ui'

interface Props {
  title: string
  subtitle?: string
  info: AppInfo | null
  company: CompanySummary | null
  onReconnect(company: CompanySummary): void
}

export function Header({ title, subtitle, info, company, onReconnect }: Props) {
  return (
    <header className="header">
      <div className="header-title">
        <div className="header-row">
          <h1>{title}</h1>
          {company ? <CompanyStatus companyId={company.id} /> : null}
        </div>
        {company ? <Freshness company={company} /> : subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      <div className="header-tools">
        <OutboxIndicator companyId={company?.id} />
        {company ? <SyncControl company={company} onReconnect={onReconnect} /> : null}
        {info && !company ? (
          <div className="app-info" data-testid="app-info">
            <span>
              {info.name} {info.version}
            </span>
            <span className="muted">
              · {info.host === 'electron' ? 'desktop' : info.host === 'web' ? 'browser preview' : 'cli'}
            </span>
          </div>
        ) : null}
      </div>
    </header>
  )
}

function CompanyStatus({ companyId }: { companyId: string }) {
  const runway = useQuery(queries.runway(companyId))
  return runway.data && runway.data.dataAsOf !== null ? <StatusBadge status={runway.data.status} /> : null
}

function Freshness({ company }: { company: CompanySummary }) {
  const runway = useQuery(queries.runway(company.id))
  const asOf = runway.data?.dataAsOf ?? company.lastSyncAt
  return (
    <p className="subtitle" data-testid="freshness">
      {asOf ? (
        <span title={new Date(asOf).toString()}>
          As of {instant(asOf)} <span className="muted">({ago(asOf)})</span>
        </span>
      ) : (
        'Not synced yet'
      )}
      {runway.data?.dataAsOf ? <span className="muted"> · books to {day(runway.data.asOf)}</span> : null}
    </p>
  )
}

function failureText(error: ErrorValue): string {
  switch (error.kind) {
    case 'auth':
      return 'QuickBooks signed this company out.'
    case 'throttled':
      return error.retryAt
        ? `QuickBooks is busy: retry at ${timeOfDay(error.retryAt)}.`
        : 'QuickBooks is busy: retry shortly.'
    case 'offline':
    case 'network':
      return 'Working offline: showing the last synced figures.'
    default:
      return `Sync failed: ${error.message}`
  }
}

function SyncControl({
  company,
  onReconnect
}: {
  company: CompanySummary
  onReconnect(c: CompanySummary): void
}) {
  const sync = useCompanySync(company.id)
  const syncNow = useSyncStore((s) => s.syncNow)
  const disconnected = company.status === 'disconnected'
  const needsReconnect = disconnected || company.status === 'needs-reconnect' || sync.failure?.kind === 'auth'
  const progress = sync.progress
  return (
    <div className="sync-control">
      {disconnected ? (
        <span
          className="chip chip-warn"
          data-testid="read-only"
          title="Disconnected: the copy of its books is kept, and nothing is paid, delayed or sent for it until it is reconnected"
        >
          Disconnected · read-only
        </span>
      ) : sync.failure && !sync.running ? (
        <span className={`sync-failure kind-${sync.failure.kind}`} role="alert" data-testid="sync-failure">
          {failureText(sync.failure)}
        </span>
      ) : null}
      {sync.running && progress ? <SyncProgressText progress={progress} /> : null}
      {needsReconnect ? (
        <Button variant="warn" onClick={() => onReconnect(company)}>
          Reconnect
        </Button>
      ) : null}
      <Button
        onClick={() => void syncNow(company.id)}
        disabled={disconnected}
        busy={sync.running}
        busyLabel="Syncing"
        data-testid="sync-now"
      >
        {sync.running ? (
          'Syncing…'
        ) : (
          <>
            <SyncIcon />
            Sync now
          </>
        )}
      </Button>
    </div>
  )
}

function SyncProgressText({ progress }: { progress: CompanyProgress }) {
  const { done, total } = progressTotals(progress)
  return (
    <span className="muted sync-progress-text" aria-live="polite">
      {done.toLocaleString('en-US')} of {total.toLocaleString('en-US')} records
    </span>
  )
}

function SyncIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className="icon">
      <path
        d="M13.5 8a5.5 5.5 0 0 1-9.6 3.7M2.5 8a5.5 5.5 0 0 1 9.6-3.7M12.5 1.5v3h-3M3.5 14.5v-3h3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  )
}

/** Stops showing an entry the user has read (done, or stopped by a conflict they resolved). */
async function dismiss(id: string): Promise<void> {
  try {
    await call('outbox.dismiss', { id })
  } catch (error) {
    notify({ tone: 'error', text: errorText(toErrorValue(error)) })
  }
  await queryClient.invalidateQueries({ queryKey: queries.outbox.queryKey })
}

function OutboxIndicator({ companyId }: { companyId: string | undefined }) {
  const outbox = useQuery(queries.outbox)
  const [open, setOpen] = useState(false)
  // Entries that still need the user's eye: waiting to be sent, or stopped by a conflict or failure.
  const mine = (outbox.data ?? []).filter(
    (i) => i.status !== 'done' && (companyId === undefined || i.companyId === companyId)
  )
  if (mine.length === 0) return null
  const problems = mine.filter((i) => i.status === 'conflict' || i.status === 'failed').length
  return (
    <div className="outbox">
      <Button
        variant="plain"
        className={problems > 0 ? 'outbox-pill outbox-problem' : 'outbox-pill'}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="outbox-count"
      >
        {mine.length} pending
        {problems > 0 ? ` · ${problems} need attention` : ''}
      </Button>
      {open ? (
        <div className="outbox-panel" role="dialog" aria-label="Waiting to be sent">
          <h3>Waiting to be sent</h3>
          <ul>
            {mine.map((i) => (
              <li key={i.id} className={`outbox-item status-${i.status}`}>
                <div>
                  <div>{i.summary}</div>
                  <div className="muted small">
                    {i.status === 'pending' ? `Queued ${ago(i.createdAt)}` : i.status}
                    {i.attempts > 0 ? ` · ${i.attempts} attempt${i.attempts === 1 ? '' : 's'}` : ''}
                  </div>
                  {i.problem ? <div className="tone-bad small">{i.problem}</div> : null}
                </div>
                {i.status !== 'pending' ? (
                  <Button variant="link" onClick={() => void dismiss(i.id)}>
                    Dismiss
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
