// Activity: what was done and what happened, for one client or all — the audit trail (every decision
// and action, who, when, the runway before and after), the sync history with its failures, and the
// outbox (waiting, stopped, sent, dismissed).

import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ActivityEntry, SyncRun } from '../../../../shared/contract'
import type { OutboxItem } from '../../../../shared/views'
import { DataTable } from '../../components/DataTable'
import { SelectField } from '../../components/fields'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { instant, plural, runwayDaysShort } from '../../lib/format'
import { queries } from '../../lib/queries'

const ALL = ''
const ROWS = 12

export function ActivityPage() {
  const companies = useQuery(queries.companies)
  const [companyId, setCompanyId] = useState<string>(ALL)
  const names = new Map((companies.data ?? []).map((c) => [c.id, c.name]))
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'A removed client') : 'All clients')
  const filter = companyId === ALL ? null : companyId
  return (
    <div className="activity-page" data-testid="activity-page">
      <div className="toolbar activity-toolbar">
        <SelectField
          label="Client"
          value={companyId}
          onChange={(e) => setCompanyId(e.target.value)}
          data-testid="activity-company"
        >
          <option value={ALL}>All clients</option>
          {(companies.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
      </div>
      <AuditTrail companyId={filter} nameOf={nameOf} />
      <SyncHistory companyId={filter} nameOf={nameOf} />
      <OutboxList companyId={filter} nameOf={nameOf} />
    </div>
  )
}

type NameOf = (id: string | null) => string

/** What an entry says it did: its own summary when it has one, else its action in words. */
function what(e: ActivityEntry): string {
  const summary = e.details.summary
  if (typeof summary === 'string' && summary) return summary
  const words: Record<string, string> = {
    'company.connected': 'Connected the company',
    'company.disconnected': 'Disconnected the company',
    'company.needs-reconnect': 'QuickBooks signed the company out',
    'company.removed': 'Removed the company',
    'sync.skipped-records': `Sync skipped ${plural(Number(e.details.count ?? 0), 'record')} QuickBooks sent malformed`
  }
  return words[e.action] ?? e.action.replace(/[.-]/g, ' ')
}

function runwayMove(e: ActivityEntry): string | null {
  if (!('runwayBefore' in e.details) || !('runwayAfter' in e.details)) return null
  const days = (v: unknown) => runwayDaysShort(typeof v === 'number' ? v : null)
  return `${days(e.details.runwayBefore)} → ${days(e.details.runwayAfter)}`
}

function AuditTrail({ companyId, nameOf }: { companyId: string | null; nameOf: NameOf }) {
  const activity = useQuery(queries.activity(companyId))
  return (
    <Card title="Decisions and actions" count={activity.data?.length} testId="activity-audit">
      {activity.error ? (
        <ErrorNote error={activity.error.value} onRetry={() => void activity.refetch()} />
      ) : !activity.data ? (
        <Loading what="the audit trail" />
      ) : (
        <DataTable
          className="activity-table"
          columns={[
            { header: 'When', width: 128 },
            ...(companyId ? [] : [{ header: 'Client', width: 150 }]),
            { header: 'Who', width: 90 },
            { header: 'What' },
            { header: 'Runway', width: 140 }
          ]}
          rows={activity.data}
          collapseAfter={ROWS}
          noun="entries"
          empty="Nothing done yet: payments, delays, reminders and other decisions are listed here."
          renderRow={(e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action}>
              <td title={new Date(e.at).toString()}>{instant(e.at)}</td>
              {companyId ? null : (
                <td className="cell-ellipsis" title={nameOf(e.companyId)}>
                  {nameOf(e.companyId)}
                </td>
              )}
              <td>{e.actor}</td>
              <td className="activity-what">{what(e)}</td>
              <td className="muted">{runwayMove(e) ?? ''}</td>
            </tr>
          )}
        />
      )}
    </Card>
  )
}

const strategyLabel: Record<SyncRun['strategy'], string> = {
  ON_DEMAND: 'Asked for',
  EVENT_TRIGGERED: 'After an action',
  SCHEDULED: 'Scheduled',
  BACKGROUND: 'Background'
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

function SyncHistory({ companyId, nameOf }: { companyId: string | null; nameOf: NameOf }) {
  const history = useQuery(queries.syncHistory(companyId))
  const failed = history.data?.filter((r) => !r.ok).length ?? 0
  return (
    <Card
      title="Syncs"
      count={history.data ? `${history.data.length}${failed > 0 ? ` · ${failed} failed` : ''}` : undefined}
      testId="activity-syncs"
    >
      {history.error ? (
        <ErrorNote error={history.error.value} onRetry={() => void history.refetch()} />
      ) : !history.data ? (
        <Loading what="the sync history" />
      ) : (
        <DataTable
          className="activity-table"
          columns={[
            { header: 'When', width: 128 },
            ...(companyId ? [] : [{ header: 'Client', width: 150 }]),
            { header: 'Why', width: 130 },
            { header: 'Result' },
            { header: 'Took', width: 80, numeric: true }
          ]}
          rows={history.data}
          collapseAfter={ROWS}
          noun="syncs"
          empty="No syncs yet."
          renderRow={(r) => (
            <tr key={r.id} data-testid="sync-row" data-ok={r.ok}>
              <td title={new Date(r.startedAt).toString()}>{instant(r.startedAt)}</td>
              {companyId ? null : (
                <td className="cell-ellipsis" title={nameOf(r.companyId)}>
                  {nameOf(r.companyId)}
                </td>
              )}
              <td>{strategyLabel[r.strategy]}</td>
              <td>
                {r.ok ? (
                  <span>
                    {r.mode === 'full' ? 'Full copy' : 'Changes'}: {plural(r.written, 'record')} written
                    {r.deleted > 0 ? `, ${r.deleted} removed` : ''}
                    {r.skipped > 0 ? `, ${r.skipped} skipped` : ''}
                  </span>
                ) : (
                  <span className="tone-bad">Failed: {r.error?.message ?? 'unknown error'}</span>
                )}
              </td>
              <td className="num">{duration(r.durationMs)}</td>
            </tr>
          )}
        />
      )}
    </Card>
  )
}

const outboxLabel: Record<OutboxItem['status'], string> = {
  pending: 'Waiting for QuickBooks',
  done: 'Sent',
  conflict: 'Stopped: changed in QuickBooks',
  failed: 'Failed'
}

interface OutboxRow {
  key: string
  companyId: string | null
  at: string
  summary: string
  status: string
  tone: 'bad' | 'ok' | null
  detail: string | null
  waiting?: boolean
}

function OutboxList({ companyId, nameOf }: { companyId: string | null; nameOf: NameOf }) {
  const outbox = useQuery(queries.outbox)
  // Dismissed entries leave the outbox; the audit trail keeps them.
  const activity = useQuery(queries.activity(companyId))
  if (outbox.error) return <ErrorNote error={outbox.error.value} onRetry={() => void outbox.refetch()} />
  const live: OutboxRow[] = (outbox.data ?? [])
    .filter((i) => companyId === null || i.companyId === companyId)
    .map((i) => ({
      key: i.id,
      companyId: i.companyId,
      at: i.createdAt,
      summary: i.summary,
      status:
        i.action === 'digest.send' && i.status === 'pending'
          ? 'Waiting for the mail server'
          : outboxLabel[i.status],
      waiting: i.status === 'pending',
      tone: i.status === 'conflict' || i.status === 'failed' ? 'bad' : i.status === 'done' ? 'ok' : null,
      detail:
        [i.attempts > 0 ? plural(i.attempts, 'attempt') : null, i.problem].filter(Boolean).join(' · ') || null
    }))
  const dismissed: OutboxRow[] = (activity.data ?? [])
    .filter((e) => e.action === 'outbox.dismissed')
    .map((e) => ({
      key: `dismissed-${e.id}`,
      companyId: e.companyId,
      at: e.at,
      summary: String(e.details.summary ?? '').replace(/^Dismissed: /, ''),
      status: 'Dismissed',
      tone: null,
      detail: typeof e.details.problem === 'string' ? e.details.problem : null
    }))
  const rows = [...live, ...dismissed]
  const waiting = live.filter((r) => r.waiting).length
  return (
    <Card
      title="Waiting to be sent"
      count={outbox.data ? `${waiting} waiting · ${rows.length - waiting} settled` : undefined}
      testId="activity-outbox"
    >
      {!outbox.data ? (
        <Loading what="the outbox" />
      ) : (
        <DataTable
          className="activity-table"
          columns={[
            { header: 'When', width: 128 },
            ...(companyId ? [] : [{ header: 'Client', width: 150 }]),
            { header: 'What' },
            { header: 'Status', width: 220 }
          ]}
          rows={rows}
          collapseAfter={ROWS}
          noun="entries"
          empty="Nothing waiting: actions taken while QuickBooks cannot be reached, and digest emails while the mail server cannot, wait here and are sent once it is back."
          renderRow={(r) => (
            <tr key={r.key} data-testid="outbox-row">
              <td title={new Date(r.at).toString()}>{instant(r.at)}</td>
              {companyId ? null : (
                <td className="cell-ellipsis" title={nameOf(r.companyId)}>
                  {nameOf(r.companyId)}
                </td>
              )}
              <td>{r.summary}</td>
              <td>
                <div className={r.tone ? `tone-${r.tone}` : undefined}>{r.status}</div>
                {r.detail ? <div className="muted small">{r.detail}</div> : null}
              </td>
            </tr>
          )}
        />
      )}
    </Card>
  )
}
