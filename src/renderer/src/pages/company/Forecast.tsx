// The forecast tab: the 13-week chart and the weekly table behind it, as Float and Cash Flow Frog lay
// it out (weeks across, money in and out by group down), every figure opening the invoices, bills,
// payments and reserves that make it, and the whole table as a CSV for the client's file.

import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type {
  ForecastItemView,
  ForecastTableRow,
  ForecastTableView,
  RunwayView
} from '../../../../shared/views'
import { Button } from '../../components/Button'
import { Dialog } from '../../components/Dialog'
import { ForecastChart } from '../../components/ForecastChart'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { DateText } from '../../components/values'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import {
  cellItems,
  drillable,
  indexTable,
  weekMovers,
  type CellItem,
  type TableIndex
} from '../../lib/forecast-table'
import { day, dayShort, money, moneyWhole, plural } from '../../lib/format'
import { queries } from '../../lib/queries'

export function Forecast({ companyId }: { companyId: string }) {
  const runway = useQuery(queries.runway(companyId))
  const table = useQuery(queries.forecastTable(companyId))
  const index = useMemo(() => (table.data ? indexTable(table.data) : null), [table.data])
  const [open, setOpen] = useState<{ rowId: string; week: number } | null>(null)
  const error = runway.error ?? table.error
  if (!runway.data || !index) {
    if (error) return <ErrorNote error={error.value} onRetry={() => void table.refetch()} />
    return <Loading what="the forecast" />
  }
  return (
    <div className="stack" data-testid="forecast">
      {error ? <ErrorNote error={error.value} onRetry={() => void table.refetch()} compact /> : null}
      <Card title="13-week cash forecast" count={`from ${day(index.view.asOf)}`} testId="forecast-chart-card">
        <CompanyForecastChart r={runway.data} height={280} />
      </Card>
      <WeeklyTable index={index} onOpen={(rowId, week) => setOpen({ rowId, week })} />
      {open ? <CellDialog index={index} {...open} onClose={() => setOpen(null)} /> : null}
    </div>
  )
}

/** The company's forecast chart, its tooltip naming what moved each week (from the weekly table). */
export function CompanyForecastChart({ r, height }: { r: RunwayView; height?: number }) {
  const table = useQuery(queries.forecastTable(r.companyId))
  const movers = useMemo(() => {
    if (!table.data) return undefined
    const index = indexTable(table.data)
    return index.view.weeks.map((_, w) => weekMovers(index, w))
  }, [table.data])
  return (
    <ForecastChart
      weeks={r.forecast}
      minCashCents={r.minCashCents}
      currency={r.homeCurrency}
      cashZeroDate={r.cashZeroDate}
      movers={movers}
      height={height}
      label={`Closing cash for each of the next ${r.forecast.length} weeks`}
    />
  )
}

function WeeklyTable({ index, onOpen }: { index: TableIndex; onOpen(rowId: string, week: number): void }) {
  const view = index.view
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const expandable = view.rows.filter((r) => r.kind === 'group' && index.children.has(r.id))
  const allOpen = expandable.length > 0 && expandable.every((r) => expanded.has(r.id))
  const toggle = (id: string) => {
    const next = new Set(expanded)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    setExpanded(next)
  }
  const zeroWeek = view.cashZeroDate
    ? view.weeks.findIndex((w) => w.weekStart <= view.cashZeroDate! && view.cashZeroDate! <= w.weekEnd)
    : -1
  const visible = view.rows.filter(
    (r) => r.kind !== 'line' || (r.parentId !== null && expanded.has(r.parentId))
  )
  return (
    <Card
      title="Week by week"
      count={`${plural(view.weeks.length, 'week')} from ${dayShort(view.weeks[0]?.weekStart)}`}
      actions={
        <>
          <Button
            size="small"
            onClick={() => setExpanded(allOpen ? new Set() : new Set(expandable.map((r) => r.id)))}
            aria-pressed={allOpen}
            data-testid="forecast-expand-all"
          >
            {allOpen ? 'Collapse groups' : 'Expand groups'}
          </Button>
          <CsvDownload view={view} />
        </>
      }
      className="ft-card"
      testId="forecast-table-card"
    >
      <p className="ft-hint muted small">
        Select a figure to see the invoices, bills and payments that make it. Customers, vendors and payees
        are under each group.
      </p>
      <div className="ft-scroll" tabIndex={0} aria-label="Weekly cash forecast table, scrolls sideways">
        <table className="ft" data-testid="forecast-table">
          <thead>
            <tr>
              <th scope="col" className="ft-label">
                Week starting
              </th>
              {view.weeks.map((w, i) => (
                <th
                  key={w.weekStart}
                  scope="col"
                  className={`num ${i === zeroWeek ? 'ft-zero-week' : ''}`}
                  title={`${day(w.weekStart)} – ${day(w.weekEnd)}${i === zeroWeek ? ': cash runs out' : ''}`}
                >
                  {dayShort(w.weekStart)}
                </th>
              ))}
              <th scope="col" className="num ft-total">
                13 weeks
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <Row
                key={row.id}
                row={row}
                view={view}
                zeroWeek={zeroWeek}
                lines={row.kind === 'group' ? (index.children.get(row.id)?.length ?? 0) : 0}
                expanded={expanded.has(row.id)}
                onToggle={() => toggle(row.id)}
                onOpen={onOpen}
              />
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  )
}

function tone(row: ForecastTableRow, cents: number, minCashCents: number): 'bad' | 'warn' | undefined {
  if (row.kind === 'closing' || row.kind === 'lowest' || row.kind === 'opening') {
    if (cents < 0) return 'bad'
    if (minCashCents > 0 && cents < minCashCents) return 'warn'
  }
  if (row.kind === 'net' && cents < 0) return 'bad'
  return undefined
}

function Row({
  row,
  view,
  zeroWeek,
  lines,
  expanded,
  onToggle,
  onOpen
}: {
  row: ForecastTableRow
  view: ForecastTableView
  zeroWeek: number
  lines: number
  expanded: boolean
  onToggle(): void
  onOpen(rowId: string, week: number): void
}) {
  const currency = view.homeCurrency
  const signed = row.kind === 'net'
  const figure = (cents: number) =>
    signed && cents > 0 ? `+${moneyWhole(cents, currency)}` : moneyWhole(cents, currency)
  return (
    <tr className={`ft-row ft-${row.kind}`} data-testid="forecast-row" data-row={row.id}>
      <th scope="row" className="ft-label" title={row.label}>
        {lines > 0 ? (
          <button
            type="button"
            className="ft-toggle"
            aria-expanded={expanded}
            onClick={onToggle}
            title={`${expanded ? 'Hide' : 'Show'} ${plural(lines, 'line')}`}
          >
            <span className="ft-chevron" aria-hidden="true">
              ▸
            </span>
            {row.label}
          </button>
        ) : (
          <span className="ft-name">{row.label}</span>
        )}
      </th>
      {row.cells.map((cents, w) => {
        const t = tone(row, cents, view.minCashCents)
        const open = drillable(row, w) && cents !== 0
        return (
          <td
            key={w}
            className={`num ${w === zeroWeek ? 'ft-zero-week' : ''} ${t ? `tone-${t}` : ''}`}
            data-testid="forecast-cell"
            data-row={row.id}
            data-week={w}
            data-cents={cents}
          >
            {open ? (
              <button
                type="button"
                className="ft-cell"
                onClick={() => onOpen(row.id, w)}
                title={`${row.label}, week of ${day(view.weeks[w]!.weekStart)}: ${money(cents, currency)}`}
              >
                {figure(cents)}
              </button>
            ) : cents === 0 && row.kind !== 'closing' && row.kind !== 'opening' && row.kind !== 'lowest' ? (
              <span className="ft-nil" aria-label="nothing">
                –
              </span>
            ) : (
              <span
                className="ft-value"
                title={row.kind === 'opening' ? 'The closing cash of the week before' : undefined}
              >
                {figure(cents)}
              </span>
            )}
          </td>
        )
      })}
      <td className="num ft-total">
        {row.totalCents === null ? null : row.totalCents === 0 ? (
          <span className="ft-nil">–</span>
        ) : (
          figure(row.totalCents)
        )}
      </td>
    </tr>
  )
}

function CsvDownload({ view }: { view: ForecastTableView }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const download = async () => {
    setBusy(true)
    setError(null)
    try {
      const csv = await call('forecast.exportCsv', { companyId: view.companyId })
      // The byte-order mark makes Excel read the file as UTF-8 (a customer called "Café" stays so).
      const url = URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }))
      const a = document.createElement('a')
      a.href = url
      a.download = `${view.companyName.replace(/[\\/:*?"<>|]+/g, ' ').trim()} 13-week forecast ${view.asOf}.csv`
      document.body.append(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      {error ? <ErrorNote error={error} compact /> : null}
      <Button size="small" busy={busy} onClick={() => void download()} data-testid="forecast-csv">
        Download CSV
      </Button>
    </>
  )
}

function CellDialog({
  index,
  rowId,
  week,
  onClose
}: {
  index: TableIndex
  rowId: string
  week: number
  onClose(): void
}) {
  const view = index.view
  const row = index.rows.get(rowId)!
  const cents = row.cells[week]!
  const items = cellItems(index, rowId, week)
  const w = view.weeks[week]!
  const currency = view.homeCurrency
  const parent = row.parentId ? index.rows.get(row.parentId) : undefined
  const title = row.kind === 'line' && parent ? `${parent.label}: ${row.label}` : row.label
  // Money in adds and money out takes away where the cell is a balance or the net of the two.
  const signed = row.kind === 'net' || row.kind === 'closing'
  const opening = row.kind === 'closing' ? (index.rows.get('opening')?.cells[week] ?? 0) : null
  return (
    <Dialog
      title={title}
      onClose={onClose}
      wide
      testId="cell-items"
      footer={<Button onClick={onClose}>Close</Button>}
    >
      <p className="dialog-lead">
        Week of {dayShort(w.weekStart)} – {day(w.weekEnd)} · {plural(items.length, 'item')} ·{' '}
        <strong className={cents < 0 ? 'tone-bad' : undefined}>{money(cents, currency)}</strong>
      </p>
      <div className="ft-items-scroll">
        <table className="table table-compact ft-items">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Item</th>
              <th scope="col">Why then, why this much</th>
              <th scope="col" className="num">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {opening !== null ? (
              <tr data-testid="cell-item" data-cents={opening} className="ft-items-opening">
                <td className="ft-items-date">
                  <DateText date={w.weekStart} reference={view.asOf} />
                </td>
                <td>Opening cash</td>
                <td className="muted small">
                  {week === 0 ? 'Bank balances today' : 'Closing cash of the week before'}
                </td>
                <td className="num">{money(opening, currency)}</td>
              </tr>
            ) : null}
            {items.map((c, i) => (
              <tr
                key={i}
                data-testid="cell-item"
                data-cents={signed ? c.item.amountCents * c.sign : c.item.amountCents}
              >
                <td className="ft-items-date">
                  <DateText date={c.item.date} reference={view.asOf} />
                </td>
                <td>{itemName(c)}</td>
                <td className="muted small">{itemNote(c.item, currency)}</td>
                <td className="num">{money(c.item.amountCents * (signed ? c.sign : 1), currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Total
              </th>
              <td className="num" data-testid="cell-items-total" data-cents={cents}>
                {money(cents, currency)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Dialog>
  )
}

function itemName(c: CellItem) {
  const it = c.item
  switch (it.kind) {
    case 'invoice':
      return (
        <>
          Invoice {it.docNumber ?? it.invoiceId} <span className="muted">· {it.customerName}</span>
        </>
      )
    case 'bill':
      return (
        <>
          Bill {it.docNumber ?? it.billId} <span className="muted">· {it.vendorName}</span>
        </>
      )
    case 'recurring':
      return it.payeeName
    case 'run-rate':
      return (
        <>
          {it.side === 'sales' ? 'New invoices' : 'New bills'} <span className="muted">· {it.name}</span>
        </>
      )
    case 'undeposited':
      return 'Payment not yet deposited'
    case 'reserve':
      return `Reserve: ${it.name}`
    case 'spread':
      return 'Day-to-day spending'
    case 'account':
      return it.name
    case 'other':
      return it.label
  }
}

const INVOICE_BASIS: Record<string, string> = {
  habit: 'when this customer usually pays',
  'later-than-usual': 'later than usual: when their late invoices got paid',
  'past-latest': 'later than they have ever paid: expected over their usual few days from tomorrow',
  'as-late-again': 'no invoice was ever paid this late: as late again',
  'expected-on': 'the date you said to expect it'
}

const CADENCE: Record<string, string> = {
  weekly: 'Weekly',
  biweekly: 'Every two weeks',
  monthly: 'Monthly',
  quarterly: 'On the estimated-tax due dates'
}
const SERIES_SOURCE: Record<string, string> = {
  bill: 'from its bills',
  expense: 'paid from the bank',
  card: 'charged to a card'
}

function billNote(it: Extract<ForecastItemView, { kind: 'bill' }>): string {
  if (it.basis === 'planned') return `Scheduled by you${it.dueDate ? ` (due ${dayShort(it.dueDate)})` : ''}`
  if (it.basis === 'overdue-now')
    return `Overdue${it.dueDate ? ` since ${dayShort(it.dueDate)}` : ''}: counted today`
  if (it.basis === 'habit')
    return `${it.dueDate ? `Due ${dayShort(it.dueDate)}` : 'No due date'} · when you usually pay this vendor`
  if (it.basis === 'later-than-usual')
    return `Overdue${it.dueDate ? ` since ${dayShort(it.dueDate)}` : ''} · when your late bills got paid`
  return it.dueDate ? `Due ${dayShort(it.dueDate)}` : 'No due date: counted from its date'
}

function itemNote(it: ForecastItemView, currency: string): string {
  switch (it.kind) {
    case 'invoice': {
      const parts = [it.dueDate ? `Due ${dayShort(it.dueDate)}` : 'No due date']
      parts.push(
        it.share < 1
          ? `${Math.round(it.share * 100)}% of it ${it.lastDate === it.date ? 'on this day' : `from ${dayShort(it.date)} to ${dayShort(it.lastDate)}`}: ${it.basis === 'past-latest' ? 'later than this customer has ever paid, spread over their usual few days' : "spread over when this customer's invoices have been paid"}`
          : (INVOICE_BASIS[it.basis] ?? it.basis)
      )
      if (it.chance < 1)
        parts.push(`${Math.round(it.chance * 100)}% likely, of ${money(it.openCents, currency)}`)
      if (it.deposited) parts.push('in the bank with your deposit after it is paid')
      return parts.join(' · ')
    }
    case 'bill': {
      const note = billNote(it)
      return it.bankShare < 1
        ? `${note} · ${Math.round(it.bankShare * 100)}% of ${money(it.openCents, currency)} from the bank: you pay the rest of this vendor's bills by card`
        : note
    }
    case 'recurring':
      return `${CADENCE[it.cadence] ?? it.cadence}${it.payroll ? ' payroll' : ''}, ${SERIES_SOURCE[it.source] ?? it.source}`
    case 'run-rate':
      return `Projected, not booked: ${money(it.windowCents, currency)} ${it.side === 'sales' ? 'invoiced' : 'paid on bills'} in the last ${it.windowDays} days, ${it.side === 'sales' ? 'collected' : 'paid'} on ${it.lagBasis === 'own' ? 'their usual timing' : "the company's usual timing"}`
    case 'undeposited':
      return `Received${it.receivedOn ? ` ${dayShort(it.receivedOn)}` : ''}, on its way to the bank`
    case 'reserve':
      return it.action === 'held' ? 'Earmarked: held back from today' : 'Its earmark ends: available again'
    case 'spread':
      return `${money(it.windowCents, currency)} of card payments and purchases with no bill or series in the last ${it.windowDays} days, spread evenly`
    case 'account':
      return 'Bank balance today'
    case 'other':
      return ''
  }
}
