// Monday's overview: every client, worst first, with the figures that decide who to look at first;
// sorted by any column, filtered, searched. The rows are virtualised (only those in view are in the
// page), so 500 clients scroll as 50 do.

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { CompanySummary } from '../../../shared/contract'
import type { PortfolioRow } from '../../../shared/views'
import { Button, IconButton } from '../components/Button'
import { Dialog } from '../components/Dialog'
import { Loading, Spinner } from '../components/Spinner'
import { ErrorNote, ProgressBar, StatusBadge } from '../components/ui'
import { Money } from '../components/values'
import { call } from '../lib/api'
import { errorText, toErrorValue } from '../lib/errors'
import { ago, dayShort, day, instant, plural, runwayDays, runwayDaysShort } from '../lib/format'
import {
  BLOCK,
  usePortfolioWindow,
  useScrollView,
  worstDirection,
  type PortfolioSortKey
} from '../lib/portfolio'
import { portfolioKey, queries, queryClient } from '../lib/queries'
import { useAppStore } from '../stores/app'
import { notify } from '../stores/notices'
import { progressTotals, syncConnected, useSyncStore, type CompanyProgress } from '../stores/sync'
import { useTestDriveStore } from '../stores/testDrive'

const connectionLabel: Record<PortfolioRow['connection'], string> = {
  connected: 'Connected',
  'needs-reconnect': 'Needs reconnect',
  disconnected: 'Read-only'
}

const connectionTitle: Record<PortfolioRow['connection'], string> = {
  connected: 'Connected to QuickBooks',
  'needs-reconnect': 'QuickBooks signed it out: reconnect it to sync and act',
  disconnected: 'Disconnected: its books are kept here read-only until it is reconnected'
}

/** Every row is this tall, so the list knows which rows are in view from the scroll offset alone. */
const ROW_HEIGHT = 68
/** Rows drawn beyond the visible ones on each side, so a quick scroll shows no blank band. */
const OVERSCAN = 6

interface ColumnDef {
  key: PortfolioSortKey
  label: ReactNode
  /** The header's words for screen readers and the sort button's tooltip. */
  title: string
  numeric?: boolean
}

const columns: ColumnDef[] = [
  { key: 'name', label: 'Client', title: 'Client' },
  { key: 'runway', label: 'Runway', title: 'Runway: days to the forecast’s cash-zero date', numeric: true },
  { key: 'cashZero', label: 'Cash zero', title: 'The day the 13-week forecast runs out of cash' },
  {
    key: 'lowest',
    label: 'Lowest cash',
    title: 'The lowest the forecast’s cash falls in 13 weeks, and when',
    numeric: true
  },
  {
    key: 'mustPay',
    label: 'Must pay 7d',
    title: 'Must-pay bills the forecast pays in the next 7 days, overdue ones included',
    numeric: true
  },
  { key: 'overdue', label: 'Overdue AR', title: 'Invoices past their due date', numeric: true },
  { key: 'change', label: 'Week Δ', title: 'Change in runway days since a week ago', numeric: true },
  { key: 'lastSync', label: 'Last sync', title: 'When its books were last copied from QuickBooks' }
]

type RowAction = { kind: 'disconnect' | 'remove'; row: PortfolioRow }

export function Portfolio({ onConnect }: { onConnect(company: CompanySummary | null): void }) {
  const companies = useQuery(queries.companies)
  const select = useAppStore((s) => s.selectCompany)
  const underThirty = useAppStore((s) => s.underThirty)
  const setUnderThirty = useAppStore((s) => s.setUnderThirty)
  const storedFilter = useAppStore((s) => s.portfolioFilter)
  const setFilter = useAppStore((s) => s.setPortfolioFilter)
  const sort = useAppStore((s) => s.portfolioSort)
  const setSort = useAppStore((s) => s.setPortfolioSort)
  const testDrive = useTestDriveStore()
  const [action, setAction] = useState<RowAction | null>(null)
  // The rows the grid shows (and a few beyond), asked of the core as the user scrolls.
  const [range, setRange] = useState({ first: 0, last: BLOCK })
  const filter = useMemo(() => ({ ...storedFilter, underThirty }), [storedFilter, underThirty])
  const portfolio = usePortfolioWindow(sort, filter, range.first, range.last)
  // Reloaded whenever the user comes back to it, not only when the core says it changed.
  const client = useQueryClient()
  useEffect(() => {
    void client.invalidateQueries({ queryKey: portfolioKey })
  }, [client])

  if (testDrive.state === 'running') return <TestDriveProgress progress={testDrive.progress} />
  const list = portfolio.list
  if (!list && !companies.data) return <Loading what="your clients" />
  const total = list?.total ?? companies.data?.length ?? 0
  if (total === 0 && (companies.data?.length ?? 0) === 0)
    return <EmptyPortfolio onConnect={() => onConnect(null)} />

  const counts = list?.counts
  const demo = (companies.data ?? []).filter((c) => c.demo)
  const filtered =
    filter.search.trim() !== '' ||
    filter.status !== 'all' ||
    filter.kind !== 'all' ||
    filter.attention ||
    underThirty
  const matched = list?.matched ?? 0
  const companyOf = (row: PortfolioRow): CompanySummary =>
    companies.data?.find((c) => c.id === row.companyId) ?? {
      id: row.companyId,
      name: row.name,
      realmId: '',
      environment: 'production',
      status: row.connection,
      lastSyncAt: row.lastSyncAt,
      demo: row.demo
    }

  return (
    <section className="portfolio" aria-label="Client overview">
      {demo.length > 0 ? <TestDriveBanner demo={demo} real={total - demo.length} /> : null}
      <div className="toolbar">
        <div className="summary-pills" aria-label="Clients by status">
          <span className="summary-pill" data-status="critical">
            {counts?.critical ?? 0} critical
          </span>
          <span className="summary-pill" data-status="warning">
            {plural(counts?.warning ?? 0, 'warning')}
          </span>
          <span className="summary-pill" data-status="healthy">
            {(counts?.healthy ?? 0) + (counts?.excellent ?? 0)} on track
          </span>
          {counts && counts.notConnected > 0 ? (
            <span className="summary-pill pill-reconnect">
              {plural(counts.notConnected, 'not connected', 'not connected')}
            </span>
          ) : null}
        </div>
        <div className="toolbar-right">
          <Button onClick={() => onConnect(null)} data-testid="portfolio-add-client">
            + Add client
          </Button>
          <SyncAllButton companies={companies.data ?? []} />
        </div>
      </div>
      <div className="portfolio-filters" role="search" aria-label="Find clients">
        <input
          type="search"
          className="input portfolio-search"
          placeholder="Search clients"
          aria-label="Search clients"
          value={filter.search}
          onChange={(e) => setFilter({ search: e.target.value })}
          data-testid="portfolio-search"
        />
        <select
          className="input"
          aria-label="Status"
          value={filter.status}
          onChange={(e) => setFilter({ status: e.target.value as typeof filter.status })}
          data-testid="filter-status"
        >
          <option value="all">All statuses</option>
          <option value="critical">Critical</option>
          <option value="warning">Warning</option>
          <option value="healthy">Healthy</option>
          <option value="excellent">Excellent</option>
          <option value="unknown">No figures yet</option>
        </select>
        <select
          className="input"
          aria-label="Demo or real"
          value={filter.kind}
          onChange={(e) => setFilter({ kind: e.target.value as typeof filter.kind })}
          data-testid="filter-kind"
        >
          <option value="all">Real and demo</option>
          <option value="real">Real clients</option>
          <option value="demo">Demo companies</option>
        </select>
        <label className="toggle">
          <input
            type="checkbox"
            checked={filter.attention}
            onChange={(e) => setFilter({ attention: e.target.checked })}
            data-testid="filter-attention"
          />
          <span>Stale or signed out</span>
        </label>
        <label className="toggle">
          <input
            type="checkbox"
            checked={underThirty}
            onChange={(e) => setUnderThirty(e.target.checked)}
            data-testid="filter-under-30"
          />
          <span>Under 30 days</span>
        </label>
        <span className="muted portfolio-count" aria-live="polite" data-testid="portfolio-count">
          {filtered ? `${matched} of ${total}` : plural(total, 'client')}
        </span>
      </div>
      {portfolio.error ? <ErrorNote error={portfolio.error.value} onRetry={portfolio.refetch} /> : null}
      <ClientGrid
        count={list ? matched : 0}
        rowAt={portfolio.rowAt}
        total={total}
        onRange={(first, last) =>
          setRange((r) => (r.first === first && r.last === last ? r : { first, last }))
        }
        sort={sort}
        onSort={(key) =>
          setSort(
            sort.key === key
              ? { key, dir: sort.dir === 'asc' ? 'desc' : 'asc' }
              : { key, dir: worstDirection[key] }
          )
        }
        onWorstFirst={() => setSort({ key: 'worst', dir: 'asc' })}
        empty={
          !list ? (
            <Loading what="your clients" />
          ) : filtered ? (
            <>
              No client matches.{' '}
              <Button
                variant="link"
                onClick={() => {
                  setFilter({ search: '', status: 'all', kind: 'all', attention: false })
                  setUnderThirty(false)
                }}
              >
                Clear the filters
              </Button>
            </>
          ) : (
            'No clients.'
          )
        }
        renderRow={(r, style, index) => (
          <Row
            key={r.companyId}
            row={r}
            index={index}
            style={style}
            onOpen={() => select(r.companyId)}
            onReconnect={() => onConnect(companyOf(r))}
            onAction={(kind) => setAction({ kind, row: r })}
          />
        )}
      />
      {action?.kind === 'disconnect' ? (
        <DisconnectDialog row={action.row} onClose={() => setAction(null)} />
      ) : action?.kind === 'remove' ? (
        <RemoveDialog row={action.row} onClose={() => setAction(null)} />
      ) : null}
    </section>
  )
}

/**
 * The table, as ARIA grid roles over divs: a header that stays, and a body that scrolls and holds
 * only the rows in view (positioned by their index) inside a box as tall as all of them. It says
 * which rows it shows (`onRange`), and draws a placeholder for one whose block has not come yet.
 */
function ClientGrid({
  count,
  rowAt,
  total,
  onRange,
  sort,
  onSort,
  onWorstFirst,
  empty,
  renderRow
}: {
  count: number
  rowAt(index: number): PortfolioRow | undefined
  total: number
  onRange(first: number, last: number): void
  sort: { key: PortfolioSortKey; dir: 'asc' | 'desc' }
  onSort(key: PortfolioSortKey): void
  onWorstFirst(): void
  empty: ReactNode
  renderRow(row: PortfolioRow, style: React.CSSProperties, index: number): ReactNode
}) {
  const body = useRef<HTMLDivElement>(null)
  const view = useScrollView(body, 800)
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN)
  const last = Math.min(count, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN)
  const wanted = Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN
  useEffect(() => onRange(first, Math.max(first + 1, wanted)), [first, wanted, onRange])
  return (
    <div
      className="client-grid"
      role="table"
      aria-label="Clients"
      aria-rowcount={count + 1}
      data-testid="company-table"
      data-total={total}
    >
      <div role="rowgroup" className="client-grid-head">
        <div role="row" className="client-grid-row" aria-rowindex={1}>
          {columns.map((c) => {
            const active = sort.key === c.key
            return (
              <div
                key={c.key}
                role="columnheader"
                className={c.numeric ? 'client-grid-cell num' : 'client-grid-cell'}
                aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button
                  type="button"
                  className={active ? 'sort-button active' : 'sort-button'}
                  title={`${c.title}: sort by it`}
                  onClick={() => onSort(c.key)}
                  data-testid={`sort-${c.key}`}
                >
                  {c.label}
                  <span className="sort-arrow" aria-hidden="true">
                    {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                  </span>
                </button>
                {c.key === 'name' && sort.key !== 'worst' ? (
                  <button type="button" className="link-button worst-first" onClick={onWorstFirst}>
                    worst first
                  </button>
                ) : null}
              </div>
            )
          })}
        </div>
      </div>
      <div role="rowgroup" className="client-grid-body" ref={body} data-testid="portfolio-scroller">
        {count === 0 ? (
          <div className="client-grid-empty" role="row">
            <div role="cell">{empty}</div>
          </div>
        ) : (
          <div className="client-grid-space" style={{ height: count * ROW_HEIGHT }}>
            {Array.from({ length: Math.max(0, last - first) }, (_, i) => {
              const index = first + i
              const style = { transform: `translateY(${index * ROW_HEIGHT}px)` }
              const row = rowAt(index)
              return row ? (
                renderRow(row, style, index)
              ) : (
                <div
                  key={`pending-${index}`}
                  role="row"
                  className="client-grid-row portfolio-row-pending"
                  style={style}
                  aria-rowindex={index + 2}
                  aria-busy="true"
                >
                  <div role="cell" className="client-grid-cell">
                    <span className="pending-bar" aria-hidden="true" />
                  </div>
                </div>
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}

function Row({
  row,
  index,
  style,
  onOpen,
  onReconnect,
  onAction
}: {
  row: PortfolioRow
  index: number
  style: React.CSSProperties
  onOpen(): void
  onReconnect(): void
  onAction(kind: RowAction['kind']): void
}) {
  const s = row.snapshot
  const sync = useSyncStore((st) => st.byCompany[row.companyId])
  const syncNow = useSyncStore((st) => st.syncNow)
  const syncing = sync?.running ?? false
  // The failure of a sync run from here, or the one the core kept from an earlier run.
  const failure = sync?.failure ? errorText(sync.failure) : (row.stale?.reason ?? null)
  const failedAt = row.stale?.since ?? sync?.lastFinishedAt ?? null
  const connected = row.connection === 'connected'
  // In a firm: who handles the client (one query for every row).
  const handledBy = useQuery(queries.firmHandlers).data?.[row.companyId]
  return (
    <div
      role="row"
      className="client-grid-row portfolio-row"
      style={style}
      aria-rowindex={index + 2}
      data-testid="portfolio-row"
      data-company-id={row.companyId}
      data-status={s?.status ?? 'unknown'}
      data-demo={row.demo ? 'true' : 'false'}
      data-connection={row.connection}
      onClick={onOpen}
    >
      <div role="cell" className="client-grid-cell client-cell">
        <span className="status-strip" aria-hidden="true" />
        <div className="client-main">
          <div className="client-name-line">
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
            <RowMenu row={row} onReconnect={onReconnect} onAction={onAction} />
          </div>
          <div className="cell-sub">
            {/* A client signed out says so first; its status is in the strip's colour meanwhile. */}
            {!connected ? (
              <span
                className="chip chip-warn"
                data-testid="reconnect-chip"
                title={connectionTitle[row.connection]}
              >
                {connectionLabel[row.connection]}
              </span>
            ) : s ? (
              <StatusBadge status={s.status} />
            ) : null}
            {handledBy?.length ? (
              <span className="chip" data-testid="handled-by" title="Who handles this client in the firm">
                {handledBy.join(', ')}
              </span>
            ) : null}
            {row.demo ? (
              <span
                className="chip chip-demo"
                data-testid="demo-chip"
                title="A test-drive company: made-up books"
              >
                Demo
              </span>
            ) : null}
          </div>
          {failure && !syncing ? (
            <div className="row-reason tone-warn" title={failure} data-testid="stale-reason">
              {failure}
            </div>
          ) : null}
        </div>
      </div>
      <div role="cell" className="client-grid-cell num">
        {s ? (
          <span className="runway-figure" data-testid="runway-days" title={runwayDays(s.runwayDays)}>
            {runwayDaysShort(s.runwayDays)}
          </span>
        ) : (
          <span className="muted">No figures yet</span>
        )}
      </div>
      <div role="cell" className="client-grid-cell">
        {s ? (
          s.cashZeroDate ? (
            <span className="tone-bad" data-testid="cash-zero" title={`Cash runs out ${day(s.cashZeroDate)}`}>
              {s.cashZeroDate <= s.asOf ? 'Short now' : dayShort(s.cashZeroDate)}
            </span>
          ) : (
            <span className="tone-ok" data-testid="cash-zero" title="No cash gap in the 13-week forecast">
              None
            </span>
          )
        ) : null}
      </div>
      <div role="cell" className="client-grid-cell num" data-testid="lowest-cash">
        {s ? (
          <>
            <span
              className={s.lowestCashCents < 0 ? 'tone-bad' : undefined}
              title={`Lowest on ${day(s.lowestCashDate)}; cash now ${moneyTitle(s.cashCents)}`}
            >
              <Money cents={s.lowestCashCents} whole />
            </span>
            <div className="cell-note">{dayShort(s.lowestCashDate)}</div>
          </>
        ) : null}
      </div>
      <div role="cell" className="client-grid-cell num" data-testid="must-pay-week">
        {s ? (
          s.mustPayWeekCount > 0 ? (
            <>
              <Money cents={s.mustPayWeekCents} whole />
              <div className="cell-note">{plural(s.mustPayWeekCount, 'bill')}</div>
            </>
          ) : (
            <span className="muted">None</span>
          )
        ) : null}
      </div>
      <div
        role="cell"
        className={`client-grid-cell num ${s && s.overdueArCents > 0 ? 'tone-warn' : ''}`}
        data-testid="overdue-ar"
      >
        {s ? <Money cents={s.overdueArCents} whole /> : null}
      </div>
      <div role="cell" className="client-grid-cell num">
        <WeekChange days={s?.weekChangeDays ?? null} />
      </div>
      <div role="cell" className="client-grid-cell last-sync">
        {syncing ? (
          <span className="syncing">
            <Spinner small label="Syncing" /> Syncing
          </span>
        ) : failure ? (
          // Stale: the badge in place of the time, which its tooltip keeps with the failure.
          <span
            className="chip chip-warn"
            title={`Figures from ${row.lastSyncAt ? instant(row.lastSyncAt) : 'no complete sync'}. The last sync failed${failedAt ? ` ${instant(failedAt)}` : ''}: ${failure}`}
            data-testid="stale-chip"
          >
            Stale
          </span>
        ) : (
          <span
            className={isOld(row.lastSyncAt) ? 'tone-warn' : undefined}
            title={
              row.lastSyncAt
                ? `Synced ${instant(row.lastSyncAt)}${s ? `; books to ${day(s.asOf)}` : ''}`
                : undefined
            }
            data-testid="as-of"
          >
            {row.lastSyncAt ? ago(row.lastSyncAt) : 'Never'}
          </span>
        )}
        {!syncing && (!connected || failure) ? (
          <div className="cell-actions">
            {connected ? (
              <Button
                variant="link"
                onClick={(e) => {
                  e.stopPropagation()
                  void syncNow(row.companyId)
                }}
                data-testid="row-retry"
              >
                Retry
              </Button>
            ) : (
              <Button
                variant="link"
                onClick={(e) => {
                  e.stopPropagation()
                  onReconnect()
                }}
                data-testid="row-reconnect"
              >
                Reconnect
              </Button>
            )}
          </div>
        ) : null}
      </div>
    </div>
  )
}

function moneyTitle(cents: number): string {
  return `$${Math.round(cents / 100).toLocaleString('en-US')}`
}

/** A client's own actions, out of the way of the figures: reconnect, disconnect, remove. */
function RowMenu({
  row,
  onReconnect,
  onAction
}: {
  row: PortfolioRow
  onReconnect(): void
  onAction(kind: RowAction['kind']): void
}) {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node))
        setOpen(false)
    }
    document.addEventListener('mousedown', close)
    document.addEventListener('keydown', close)
    return () => {
      document.removeEventListener('mousedown', close)
      document.removeEventListener('keydown', close)
    }
  }, [open])
  const item = (label: string, testId: string, run: () => void) => (
    <button
      type="button"
      role="menuitem"
      className="row-menu-item"
      data-testid={testId}
      onClick={() => {
        setOpen(false)
        run()
      }}
    >
      {label}
    </button>
  )
  return (
    <div className="row-menu" ref={ref} onClick={(e) => e.stopPropagation()}>
      <IconButton
        label={`Actions for ${row.name}`}
        size="small"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="row-menu"
      >
        ⋯
      </IconButton>
      {open ? (
        <div className="row-menu-list" role="menu" aria-label={`Actions for ${row.name}`}>
          {item(
            row.connection === 'connected' ? 'Sign in again…' : 'Reconnect…',
            'menu-reconnect',
            onReconnect
          )}
          {row.connection !== 'disconnected'
            ? item('Disconnect…', 'menu-disconnect', () => onAction('disconnect'))
            : null}
          {item('Remove…', 'menu-remove', () => onAction('remove'))}
        </div>
      ) : null}
    </div>
  )
}

/**
 * A client's irreversible step, asked first: `act` does it and says what happened, which is shown
 * once the client list has caught up; a refusal stays in the dialog.
 */
function ConfirmClientDialog({
  row,
  verb,
  testId,
  act,
  onClose,
  children
}: {
  row: PortfolioRow
  verb: 'Disconnect' | 'Remove'
  testId: string
  act(): Promise<string>
  onClose(): void
  children: ReactNode
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ReturnType<typeof toErrorValue> | null>(null)
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      const text = await act()
      await refreshClients()
      notify({ tone: 'success', text })
      onClose()
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog
      title={`${verb} ${row.name}?`}
      onClose={onClose}
      testId={`${testId}-dialog`}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="warn" busy={busy} onClick={() => void run()} data-testid={`confirm-${testId}`}>
            {verb}
          </Button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        {children}
      </form>
      {error ? <ErrorNote error={error} /> : null}
    </Dialog>
  )
}

function DisconnectDialog({ row, onClose }: { row: PortfolioRow; onClose(): void }) {
  return (
    <ConfirmClientDialog
      row={row}
      verb="Disconnect"
      testId="disconnect"
      onClose={onClose}
      act={async () => {
        await call('companies.disconnect', { companyId: row.companyId })
        return `${row.name} is disconnected. Its books stay here, read-only.`
      }}
    >
      <p className="dialog-lead">
        Runway gives up its access to {row.name}&rsquo;s QuickBooks. The copy of its books stays on this
        computer, read-only and marked so: nothing is paid, delayed or sent for it until you reconnect.
      </p>
    </ConfirmClientDialog>
  )
}

function RemoveDialog({ row, onClose }: { row: PortfolioRow; onClose(): void }) {
  const [deleteActivity, setDeleteActivity] = useState(false)
  return (
    <ConfirmClientDialog
      row={row}
      verb="Remove"
      testId="remove"
      onClose={onClose}
      act={async () => {
        const removed = await call('companies.remove', { companyId: row.companyId, deleteActivity })
        return `${row.name} is removed${removed.activityDeleted > 0 ? `, with ${plural(removed.activityDeleted, 'audit entry', 'audit entries')}` : '; its audit trail is kept'}.`
      }}
    >
      <p className="dialog-lead">
        {row.name} leaves the client list and the copy of its books is deleted from this computer. Its
        QuickBooks is not touched{row.demo ? '' : ': you can add it again later'}.
      </p>
      <label className="toggle">
        <input
          type="checkbox"
          checked={deleteActivity}
          onChange={(e) => setDeleteActivity(e.target.checked)}
          data-testid="remove-activity"
        />
        <span>Also delete its audit trail (the record of what was paid, delayed and sent)</span>
      </label>
    </ConfirmClientDialog>
  )
}

function refreshClients(): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queries.companies.queryKey }),
    queryClient.invalidateQueries({ queryKey: portfolioKey })
  ])
}

/** Demo and real never mix unnoticed: while any demo company is listed, this says which. */
function TestDriveBanner({ demo, real }: { demo: { name: string }[]; real: number }) {
  const reset = useTestDriveStore((s) => s.reset)
  const end = useTestDriveStore((s) => s.end)
  const error = useTestDriveStore((s) => s.error)
  const [confirm, setConfirm] = useState<'end' | 'reset' | null>(null)
  const names = demo.map((r) => r.name).join(', ')
  return (
    <div className="test-drive-banner" role="region" aria-label="Test drive" data-testid="test-drive-banner">
      <div>
        <strong>Test drive</strong> ·{' '}
        {`${plural(demo.length, 'demo company', 'demo companies')} (${names}), marked Demo: made-up books on a local sandbox`}
        {real > 0 ? `, listed beside your ${plural(real, 'real client')}.` : '.'}
      </div>
      <div className="test-drive-actions">
        <Button size="small" onClick={() => setConfirm('reset')} data-testid="test-drive-reset">
          Restart
        </Button>
        <Button size="small" variant="primary" onClick={() => setConfirm('end')} data-testid="test-drive-end">
          Leave test drive
        </Button>
      </div>
      {error ? <ErrorNote error={error} compact /> : null}
      {confirm ? (
        <Dialog
          title={confirm === 'end' ? 'Leave the test drive?' : 'Restart the test drive?'}
          onClose={() => setConfirm(null)}
          testId="test-drive-confirm"
          footer={
            <>
              <Button onClick={() => setConfirm(null)}>Cancel</Button>
              <Button
                variant="primary"
                onClick={() => {
                  setConfirm(null)
                  void (confirm === 'end' ? end() : reset())
                }}
                data-testid="test-drive-confirm-button"
              >
                {confirm === 'end' ? 'Leave test drive' : 'Restart'}
              </Button>
            </>
          }
        >
          <p className="dialog-lead">
            {confirm === 'end'
              ? `${names} and everything done on them go from this computer.`
              : `${names} start again from fresh demo books; what was paid, delayed or planned on them goes.`}{' '}
            {real > 0
              ? `Your ${plural(real, 'real client')} stay${real === 1 ? 's' : ''} as ${real === 1 ? 'it is' : 'they are'}.`
              : ''}
          </p>
        </Dialog>
      ) : null}
    </div>
  )
}

/** Figures more than a day old deserve a sync before the bookkeeper acts on them. */
function isOld(iso: string | null): boolean {
  return iso !== null && Date.now() - new Date(iso).getTime() > 24 * 3_600_000
}

function WeekChange({ days }: { days: number | null }) {
  if (days === null)
    return (
      <span className="muted" title="No snapshot from a week ago yet">
        —
      </span>
    )
  if (days === 0) return <span className="muted">None</span>
  const down = days < 0
  return (
    <span
      className={down ? 'tone-bad' : 'tone-ok'}
      data-testid="week-change"
      title={`${down ? 'Down' : 'Up'} ${plural(Math.abs(days), 'day')} since a week ago`}
    >
      {down ? '▼' : '▲'} {Math.abs(days)}d
    </span>
  )
}

/** Syncs every connected client side by side; each row shows how its own sync went. */
function SyncAllButton({ companies }: { companies: CompanySummary[] }) {
  const connected = companies.filter((c) => c.status === 'connected')
  const running = useSyncStore((s) => connected.some((c) => s.byCompany[c.id]?.running))
  return (
    <Button
      busy={running}
      busyLabel="Syncing"
      disabled={connected.length === 0}
      onClick={() => void syncConnected(companies)}
      data-testid="sync-all"
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
        <h3>Adding a real client</h3>
        <p>
          Sign a client&rsquo;s QuickBooks Online company in through your firm&rsquo;s Intuit app (its keys go
          in Settings once). Its books are copied to this computer, so the figures open instantly and stay
          readable offline; payments and reminders you make here go straight to QuickBooks.
        </p>
        <Button onClick={onConnect} data-testid="empty-add-client">
          Add a client…
        </Button>
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
