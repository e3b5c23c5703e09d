// Digests: every client's weeks as the reports a client receives. Pick a week of a client (or the
// whole portfolio's week) to read it as sent, export it (PDF, HTML, CSV) or email it. Everything but
// sending works with no network: the reports are drawn from the digests kept on this computer.

import './Digests.css'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { DigestListItem } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { SelectField } from '../../components/fields'
import { ErrorNote, StatusBadge } from '../../components/ui'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { day, runwayDaysShort, signedDays } from '../../lib/format'
import { queries } from '../../lib/queries'
import { notify } from '../../stores/notices'
import { SendDialog } from './SendDialog'

/** What is open: one client's week, or (companyId null) the portfolio's. */
interface Selection {
  companyId: string | null
  weekEnd: string
}

const RANK = { critical: 0, warning: 1, healthy: 2, excellent: 3 } as const

/** Worst first, as the portfolio lists them. */
const worstFirst = (a: DigestListItem, b: DigestListItem): number =>
  RANK[a.status] - RANK[b.status] ||
  (a.runwayDays ?? Infinity) - (b.runwayDays ?? Infinity) ||
  a.companyName.localeCompare(b.companyName)

const sendsText = (item: DigestListItem): string | null => {
  const sent = item.sends.filter((s) => s.status === 'sent').length
  const queued = item.sends.filter((s) => s.status === 'queued').length
  if (queued > 0) return `${queued} waiting to send`
  if (sent > 0) return `Sent to ${sent}`
  return null
}

export function DigestsPage() {
  const [companyFilter, setCompanyFilter] = useState<string>('all')
  const [selection, setSelection] = useState<Selection | null>(null)
  const [sending, setSending] = useState<Selection | null>(null)
  const companies = useQuery(queries.companies)
  const list = useQuery(queries.digests(companyFilter === 'all' ? null : companyFilter))

  const weeks = useMemo(() => {
    const byWeek = new Map<string, DigestListItem[]>()
    for (const item of list.data ?? []) byWeek.set(item.weekEnd, [...(byWeek.get(item.weekEnd) ?? []), item])
    return [...byWeek.entries()].map(([week, items]) => [week, [...items].sort(worstFirst)] as const)
  }, [list.data])
  const open = selection ?? (weeks[0] ? { companyId: weeks[0][1][0]!.companyId, weekEnd: weeks[0][0] } : null)

  return (
    <div className="digests-page" data-testid="digests-page">
      <div className="digests-list">
        <SelectField
          label="Client"
          value={companyFilter}
          onChange={(e) => {
            setCompanyFilter(e.target.value)
            setSelection(null)
          }}
          data-testid="digests-filter"
        >
          <option value="all">All clients</option>
          {(companies.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {list.error ? <ErrorNote error={list.error.value} onRetry={() => void list.refetch()} /> : null}
        {list.data && list.data.length === 0 ? (
          <p className="muted" data-testid="digests-empty">
            No digest yet. Each client&apos;s week is made on the digest day (Settings, Weekly digest) once
            its books are synced.
          </p>
        ) : null}
        {weeks.map(([weekEnd, items]) => (
          <section key={weekEnd} className="digest-week" data-testid="digest-week" data-week-end={weekEnd}>
            <header className="digest-week-header">
              <h2>Week ending {day(weekEnd)}</h2>
              {companyFilter === 'all' && items.length > 1 ? (
                <Button
                  variant="link"
                  onClick={() => setSelection({ companyId: null, weekEnd })}
                  data-testid="open-portfolio-digest"
                  aria-pressed={open?.companyId === null && open.weekEnd === weekEnd}
                >
                  All clients in one report
                </Button>
              ) : null}
            </header>
            <ul>
              {items.map((item) => {
                const current = open?.companyId === item.companyId && open.weekEnd === weekEnd
                const sends = sendsText(item)
                return (
                  <li key={item.companyId}>
                    <button
                      type="button"
                      className={current ? 'digest-row digest-row-current' : 'digest-row'}
                      aria-current={current ? 'true' : undefined}
                      onClick={() => setSelection({ companyId: item.companyId, weekEnd })}
                      data-testid="digest-row"
                      data-company-id={item.companyId}
                    >
                      <span className="digest-row-name">{item.companyName}</span>
                      <StatusBadge status={item.status} />
                      <span className="digest-row-runway">
                        {runwayDaysShort(item.runwayDays)}
                        {item.changeDays !== null && item.changeDays !== 0 ? (
                          <span className={item.changeDays < 0 ? 'tone-bad' : 'tone-ok'}>
                            {' '}
                            {signedDays(item.changeDays)}
                          </span>
                        ) : null}
                      </span>
                      {sends ? (
                        <span className="digest-row-sends" data-testid="digest-sends">
                          {sends}
                        </span>
                      ) : null}
                    </button>
                  </li>
                )
              })}
            </ul>
          </section>
        ))}
      </div>
      {open ? (
        <DigestReport
          key={`${open.companyId ?? 'portfolio'}:${open.weekEnd}`}
          selection={open}
          onSend={() => setSending(open)}
        />
      ) : null}
      {sending ? <SendDialog {...sending} onClose={() => setSending(null)} /> : null}
    </div>
  )
}

function DigestReport({ selection, onSend }: { selection: Selection; onSend(): void }) {
  const report = useQuery(queries.digestReport(selection.companyId, selection.weekEnd))
  const exporting = useMutation({
    mutationFn: (format: 'pdf' | 'html' | 'csv') =>
      call('digest.export', {
        ...(selection.companyId ? { companyId: selection.companyId } : {}),
        weekEnd: selection.weekEnd,
        format
      }),
    onSuccess: (result) => {
      if (result.files.length === 0) return
      notify(
        {
          tone: 'success',
          text: `Saved ${result.files.map((f) => f.slice(result.folder.length + 1)).join(' and ')} in ${result.folder}`
        },
        12_000
      )
    },
    onError: (e) => notify({ tone: 'error', text: `Not exported: ${toErrorValue(e).message}` }, 12_000)
  })
  return (
    <section className="card digest-report" data-testid="digest-report" aria-label="Report">
      <header className="digest-report-toolbar">
        <h2 className="card-title">{report.data?.title ?? 'Report'}</h2>
        <div className="digest-report-actions">
          {(['pdf', 'html', 'csv'] as const).map((format) => (
            <Button
              key={format}
              size="small"
              busy={exporting.isPending && exporting.variables === format}
              busyLabel="Exporting"
              disabled={exporting.isPending}
              onClick={() => exporting.mutate(format)}
              data-testid={`export-${format}`}
            >
              {format === 'csv' ? 'CSV' : format.toUpperCase()}
            </Button>
          ))}
          <Button size="small" variant="primary" onClick={onSend} data-testid="send-digest">
            Send…
          </Button>
        </div>
      </header>
      {report.error ? <ErrorNote error={report.error.value} onRetry={() => void report.refetch()} /> : null}
      {report.data ? (
        <ReportFrame title={report.data.title} html={report.data.html} />
      ) : (
        <p className="muted">Loading the report…</p>
      )}
    </section>
  )
}

/**
 * The report as the client gets it, in a frame of its own that runs no script. The app's Content
 * Security Policy (which a srcdoc frame inherits) refuses inline styles, so the report's own
 * stylesheet is lifted out of its page and given to the frame's document as a constructed sheet,
 * which the policy does not govern: the same styles, not a copy of them.
 */
function ReportFrame({ title, html }: { title: string; html: string }) {
  const styles = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? ''
  const page = html.replace(/<style>[\s\S]*?<\/style>/, '')
  const adopt = (frame: HTMLIFrameElement | null) => {
    const doc = frame?.contentDocument
    const view = frame?.contentWindow as (Window & { CSSStyleSheet: typeof CSSStyleSheet }) | null
    if (!doc || !view) return
    const sheet = new view.CSSStyleSheet()
    sheet.replaceSync(styles)
    doc.adoptedStyleSheets = [sheet]
  }
  return (
    <iframe
      className="digest-frame"
      title={title}
      sandbox="allow-same-origin"
      srcDoc={page}
      onLoad={(e) => adopt(e.currentTarget)}
      data-testid="digest-frame"
    />
  )
}
