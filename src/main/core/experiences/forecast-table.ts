// The 13-week forecast as the weekly cash-flow table bookkeepers know from Float and Cash Flow Frog:
// weeks as columns, money in and money out by group and by customer, vendor or payee, and every
// figure backed by the items that make it. Read from the same prepared forecast model as runway.get,
// so the table's closing cash is the chart's, week for week.
//
// Opening cash is the bank balance, not the forecast's "available" cash: it is the figure the
// bookkeeper can check against the bank. Reserves are then an outflow of week 1 (held back from
// today) and a negative outflow in the week each one ends, which lands every closing balance on the
// forecast's available cash.

import { toDayNumber } from '../../../shared/dates'
import type {
  ForecastGroupId,
  ForecastItemView,
  ForecastTableRow,
  ForecastTableView
} from '../../../shared/views'
import { weeksOf, type ForecastEvent, type RunwayContext } from '../runway'

interface GroupDef {
  id: ForecastGroupId
  flow: 'in' | 'out'
  label: string
}

const GROUPS: readonly GroupDef[] = [
  { id: 'collections', flow: 'in', label: 'Collections' },
  { id: 'new-sales', flow: 'in', label: 'New sales (projected)' },
  { id: 'in-transit', flow: 'in', label: 'In transit' },
  { id: 'other-income', flow: 'in', label: 'Other income' },
  { id: 'bills', flow: 'out', label: 'Bills' },
  { id: 'new-bills', flow: 'out', label: 'New bills (projected)' },
  { id: 'planned', flow: 'out', label: 'Planned payments' },
  { id: 'payroll', flow: 'out', label: 'Payroll' },
  { id: 'recurring', flow: 'out', label: 'Recurring' },
  { id: 'other-spending', flow: 'out', label: 'Other spending' },
  { id: 'reserves', flow: 'out', label: 'Reserves' }
]

const groupRowId = (g: GroupDef): string => `${g.flow}:${g.id}`

/** Distributes an item without its row id: the builder gives it the row of its group and line. */
type Placed = ForecastItemView extends infer T
  ? T extends ForecastItemView
    ? Omit<T, 'rowId'>
    : never
  : never

class Grouping {
  readonly items: ForecastItemView[] = []
  /** Lines per group, in first-seen order: key → label and cells. */
  readonly lines = new Map<ForecastGroupId, Map<string, { label: string; cells: number[] }>>()
  readonly groupCells = new Map<ForecastGroupId, number[]>()
  private readonly invoiceParts = new Map<string, Extract<ForecastItemView, { kind: 'invoice' }>>()

  constructor(private readonly weeks: number) {
    for (const g of GROUPS) {
      this.lines.set(g.id, new Map())
      this.groupCells.set(g.id, new Array<number>(weeks).fill(0))
    }
  }

  /** `line` null: the group's items make its cells directly (a group with nothing to split by). */
  add(group: GroupDef, line: { key: string; label: string } | null, item: Placed): void {
    let rowId = groupRowId(group)
    if (line) {
      const lines = this.lines.get(group.id)!
      let entry = lines.get(line.key)
      if (!entry) {
        entry = { label: line.label, cells: new Array<number>(this.weeks).fill(0) }
        lines.set(line.key, entry)
      }
      entry.cells[item.week]! += item.amountCents
      rowId = `${rowId}:${line.key}`
    }
    this.groupCells.get(group.id)![item.week]! += item.amountCents
    // An invoice spread over several days of one week is one item of the week, not two or three.
    if (item.kind === 'invoice') {
      const key = `${rowId}|${item.week}|${item.invoiceId}`
      const part = this.invoiceParts.get(key)
      if (part) {
        part.amountCents += item.amountCents
        part.share += item.share
        if (item.date > part.lastDate) part.lastDate = item.date
        if (item.date < part.date) part.date = item.date
        part.deposited ||= item.deposited
        return
      }
      const first = { ...item, rowId }
      this.invoiceParts.set(key, first)
      this.items.push(first)
      return
    }
    this.items.push({ ...item, rowId } as ForecastItemView)
  }
}

const group = (id: ForecastGroupId): GroupDef => GROUPS.find((g) => g.id === id)!

export function forecastTable(ctx: RunwayContext, company: { id: string; name: string }): ForecastTableView {
  const { books, model, today } = ctx
  const weeks = weeksOf(model)
  const n = weeks.length
  const todayN = toDayNumber(today)
  const weekOf = (day: number): number => Math.floor(day / 7)
  const g = new Grouping(n)

  const bills = new Map(books.openBills.map((b) => [b.id, b]))
  const invoices = new Map(books.openInvoices.map((i) => [i.id, i]))
  const deposits = new Map(books.undepositedFunds.map((u) => [u.id, u]))
  const eventIn = new Array<number>(n).fill(0)
  const eventOut = new Array<number>(n).fill(0)

  for (const e of model.events) {
    const week = weekOf(e.day)
    if (week >= n) continue
    eventIn[week]! += e.inflowCents
    eventOut[week]! += e.outflowCents
    place(g, e, week, { bills, invoices, deposits, plannedDates: books.plannedDates, model })
  }

  // What the model spreads by day rather than by event (trailing spending with no bill or series):
  // the difference between its weekly sums and the events, so the rows always add up to the model.
  for (let w = 0; w < n; w += 1) {
    const date = weeks[w]!.weekStart
    const outRest = model.weekOutflow[w]! - eventOut[w]!
    if (outRest !== 0) {
      g.add(
        group('other-spending'),
        null,
        model.unscheduledSpendCents > 0
          ? {
              kind: 'spread',
              week: w,
              date,
              amountCents: outRest,
              windowCents: model.unscheduledSpendCents,
              windowDays: model.burnWindow.days
            }
          : { kind: 'other', week: w, date, amountCents: outRest, label: 'Spending without a document' }
      )
    }
    const inRest = model.weekInflow[w]! - eventIn[w]!
    if (inRest !== 0) {
      g.add(group('other-income'), null, {
        kind: 'other',
        week: w,
        date,
        amountCents: inRest,
        label: 'Money in without a document'
      })
    }
  }

  // Reserves, read as the model reads them: held from today, handed back on their `until` date.
  for (const r of books.reserves) {
    if (r.amountCents <= 0 || (r.until !== null && r.until <= today)) continue
    const line = { key: r.id, label: r.name }
    g.add(group('reserves'), line, {
      kind: 'reserve',
      week: 0,
      date: today,
      amountCents: r.amountCents,
      name: r.name,
      action: 'held'
    })
    if (r.until === null) continue
    const day = toDayNumber(r.until) - todayN
    if (day >= model.horizonDays) continue
    g.add(group('reserves'), line, {
      kind: 'reserve',
      week: weekOf(day),
      date: r.until,
      amountCents: -r.amountCents,
      name: r.name,
      action: 'released'
    })
  }

  const openingItems: ForecastItemView[] = books.bankAccounts.map((a) => ({
    kind: 'account',
    rowId: 'opening',
    week: 0,
    date: today,
    amountCents: a.balanceCents,
    name: a.name
  }))

  const flowRows = (flow: 'in' | 'out'): { total: number[]; rows: ForecastTableRow[] } => {
    const total = new Array<number>(n).fill(0)
    const rows: ForecastTableRow[] = []
    const parentId = flow === 'in' ? 'inflows' : 'outflows'
    for (const def of GROUPS.filter((d) => d.flow === flow)) {
      const cells = g.groupCells.get(def.id)!
      cells.forEach((c, w) => (total[w]! += c))
      const id = groupRowId(def)
      rows.push({
        id,
        kind: 'group',
        label: def.label,
        parentId,
        group: def.id,
        cells,
        totalCents: sum(cells)
      })
      const lines = [...g.lines.get(def.id)!.entries()].map(([key, line]): ForecastTableRow => ({
        id: `${id}:${key}`,
        kind: 'line',
        label: line.label,
        parentId: id,
        group: def.id,
        cells: line.cells,
        totalCents: sum(line.cells)
      }))
      // Biggest first: the lines that move the week are the ones read.
      lines.sort(
        (a, b) => Math.abs(b.totalCents!) - Math.abs(a.totalCents!) || a.label.localeCompare(b.label)
      )
      rows.push(...lines)
    }
    return { total, rows }
  }
  const inflows = flowRows('in')
  const outflows = flowRows('out')

  const closing = weeks.map((w) => w.endingCashCents)
  const opening = weeks.map((_, w) => (w === 0 ? model.bankCents : closing[w - 1]!))
  const net = weeks.map((_, w) => inflows.total[w]! - outflows.total[w]!)
  const balance = (
    id: string,
    kind: ForecastTableRow['kind'],
    label: string,
    cells: number[]
  ): ForecastTableRow => ({ id, kind, label, parentId: null, group: null, cells, totalCents: null })

  return {
    companyId: company.id,
    companyName: company.name,
    asOf: today,
    homeCurrency: books.homeCurrency,
    weeks: weeks.map((w) => ({ weekStart: w.weekStart, weekEnd: w.weekEnd })),
    rows: [
      balance('opening', 'opening', 'Opening cash', opening),
      {
        id: 'inflows',
        kind: 'inflows',
        label: 'Money in',
        parentId: null,
        group: null,
        cells: inflows.total,
        totalCents: sum(inflows.total)
      },
      ...inflows.rows,
      {
        id: 'outflows',
        kind: 'outflows',
        label: 'Money out',
        parentId: null,
        group: null,
        cells: outflows.total,
        totalCents: sum(outflows.total)
      },
      ...outflows.rows,
      {
        id: 'net',
        kind: 'net',
        label: 'Net cash flow',
        parentId: null,
        group: null,
        cells: net,
        totalCents: sum(net)
      },
      balance('closing', 'closing', 'Closing cash', closing),
      balance(
        'lowest',
        'lowest',
        'Lowest point in week',
        weeks.map((w) => w.lowestCashCents)
      ),
      balance(
        'minimum',
        'minimum',
        'Minimum cash',
        weeks.map(() => model.minCashCents)
      )
    ],
    items: [...openingItems, ...g.items],
    minCashCents: model.minCashCents,
    cashZeroDate: ctx.runway.cashZeroDate,
    belowMinCashDate: ctx.runway.belowMinCashDate
  }
}

function place(
  g: Grouping,
  e: ForecastEvent,
  week: number,
  books: {
    bills: Map<string, { docNumber?: string; dueDate: string | null }>
    invoices: Map<string, { docNumber?: string; dueDate: string | null }>
    deposits: Map<string, { date: string }>
    plannedDates: Record<string, string>
    model: RunwayContext['model']
  }
): void {
  const base = { week, date: e.date }
  const s = e.source
  switch (s.kind) {
    case 'invoice': {
      const inv = books.invoices.get(s.id)
      g.add(
        group('collections'),
        { key: s.customerId || s.customerName, label: s.customerName },
        {
          ...base,
          kind: 'invoice',
          amountCents: e.inflowCents,
          invoiceId: s.id,
          docNumber: inv?.docNumber ?? null,
          customerName: s.customerName,
          dueDate: inv?.dueDate ?? null,
          basis: s.basis,
          chance: s.chance,
          share: s.share,
          lastDate: e.date,
          deposited: s.deposited,
          openCents: books.model.invoices.get(s.id)?.collectibleCents ?? e.inflowCents
        }
      )
      return
    }
    case 'bill': {
      const bill = books.bills.get(s.id)
      const planned = books.plannedDates[s.id] !== undefined
      g.add(
        group(planned ? 'planned' : 'bills'),
        { key: s.vendorId || s.vendorName, label: s.vendorName },
        {
          ...base,
          kind: 'bill',
          amountCents: e.outflowCents,
          billId: s.id,
          docNumber: bill?.docNumber ?? null,
          vendorName: s.vendorName,
          dueDate: bill?.dueDate ?? null,
          basis: s.basis,
          bankShare: s.bankShare,
          openCents: books.model.bills.get(s.id)?.payableCents ?? e.outflowCents
        }
      )
      return
    }
    case 'recurring':
      g.add(
        group(s.payroll ? 'payroll' : 'recurring'),
        { key: s.key, label: s.payeeName },
        {
          ...base,
          kind: 'recurring',
          amountCents: e.outflowCents,
          payeeName: s.payeeName,
          cadence: s.cadence,
          payroll: s.payroll,
          source: s.source
        }
      )
      return
    case 'run-rate':
      g.add(
        group(s.side === 'sales' ? 'new-sales' : 'new-bills'),
        { key: s.partyId, label: s.name },
        {
          ...base,
          kind: 'run-rate',
          amountCents: s.side === 'sales' ? e.inflowCents : e.outflowCents,
          side: s.side,
          name: s.name,
          windowCents: s.windowCents,
          windowDays: s.windowDays,
          lagBasis: s.lagBasis
        }
      )
      return
    case 'undeposited':
      g.add(group('in-transit'), null, {
        ...base,
        kind: 'undeposited',
        amountCents: e.inflowCents,
        depositId: s.id,
        receivedOn: books.deposits.get(s.id)?.date ?? null
      })
      return
    default: {
      // A kind of event this table does not know yet still lands somewhere, so the rows keep adding
      // up to the model: money in as other income, money out as other spending.
      const other = s as { kind: string }
      if (e.inflowCents !== 0)
        g.add(group('other-income'), null, {
          ...base,
          kind: 'other',
          amountCents: e.inflowCents,
          label: other.kind
        })
      if (e.outflowCents !== 0)
        g.add(group('other-spending'), null, {
          ...base,
          kind: 'other',
          amountCents: e.outflowCents,
          label: other.kind
        })
    }
  }
}

function sum(cells: readonly number[]): number {
  let total = 0
  for (const c of cells) total += c
  return total
}

// -- CSV ----------------------------------------------------------------------------------------

/** Cents as plain dollars with two decimals, in integers so no float ever rounds a cent away. */
export function csvDollars(cents: number): string {
  const abs = Math.abs(cents)
  const whole = Math.floor(abs / 100)
  const frac = String(abs % 100).padStart(2, '0')
  return `${cents < 0 ? '-' : ''}${whole}.${frac}`
}

/**
 * A text field as CSV writes it: quoted when it holds a comma, quote or line break; a leading
 * = + - @ (a customer named "=HYPERLINK(...)") is defused with an apostrophe so a spreadsheet shows
 * it as text instead of running it.
 */
export function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * The table as CSV: a header row of the weeks' start dates, then one row per table row (a line is
 * named "Group: line" so it reads on its own once sorted or filtered), amounts in dollars.
 */
export function forecastTableCsv(view: ForecastTableView): string {
  const labels = new Map(view.rows.map((r) => [r.id, r.label]))
  const lines = [['Week starting', ...view.weeks.map((w) => w.weekStart)].join(',')]
  for (const row of view.rows) {
    const label =
      row.kind === 'line' && row.parentId ? `${labels.get(row.parentId) ?? ''}: ${row.label}` : row.label
    lines.push([csvText(label), ...row.cells.map(csvDollars)].join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}
