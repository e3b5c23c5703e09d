// Reading the weekly table (forecast.table): which items make a cell, and what moved a week, for the
// table's drill-down and the chart's tooltip. Items are kept once, on the row they add up to; a
// group's or a total's cell gathers them from the rows beneath it.

import type { ForecastItemView, ForecastTableRow, ForecastTableView } from '../../../shared/views'

export interface CellItem {
  item: ForecastItemView
  /** +1 money in, −1 money out: the sign an item takes in the net cash flow. */
  sign: 1 | -1
  /** The line or group it sits in ("Payroll", "Acme Corp"). */
  rowLabel: string
}

export interface TableIndex {
  view: ForecastTableView
  rows: Map<string, ForecastTableRow>
  children: Map<string, ForecastTableRow[]>
  /** rowId → week → items. */
  items: Map<string, ForecastItemView[][]>
}

export function indexTable(view: ForecastTableView): TableIndex {
  const rows = new Map(view.rows.map((r) => [r.id, r]))
  const children = new Map<string, ForecastTableRow[]>()
  for (const r of view.rows) {
    if (r.parentId === null) continue
    const list = children.get(r.parentId) ?? []
    list.push(r)
    children.set(r.parentId, list)
  }
  const items = new Map<string, ForecastItemView[][]>()
  for (const item of view.items) {
    let weeks = items.get(item.rowId)
    if (!weeks) {
      weeks = view.weeks.map(() => [])
      items.set(item.rowId, weeks)
    }
    weeks[item.week]?.push(item)
  }
  return { view, rows, children, items }
}

/** The row and every row beneath it. */
function subtree(index: TableIndex, rowId: string): ForecastTableRow[] {
  const row = index.rows.get(rowId)
  if (!row) return []
  return [row, ...(index.children.get(rowId) ?? []).flatMap((c) => subtree(index, c.id))]
}

function itemsUnder(index: TableIndex, rowId: string, week: number, sign: 1 | -1): CellItem[] {
  return subtree(index, rowId).flatMap((row) =>
    (index.items.get(row.id)?.[week] ?? []).map((item) => ({ item, sign, rowLabel: row.label }))
  )
}

const flowSign = (index: TableIndex, row: ForecastTableRow): 1 | -1 => {
  let r: ForecastTableRow | undefined = row
  while (r && r.parentId !== null) r = index.rows.get(r.parentId)
  return r?.id === 'outflows' ? -1 : 1
}

/** Whether a cell has items behind it: flows, the net, closing cash (the opening plus the week's
 *  items) and week 1's opening (the bank accounts). A week's lowest point and the minimum have none. */
export function drillable(row: ForecastTableRow, week: number): boolean {
  if (row.kind === 'opening') return week === 0
  return row.kind !== 'lowest' && row.kind !== 'minimum'
}

/** The items behind one cell, biggest first; their amounts × sign add up to the cell (closing
 *  cash: with the week's opening cash). */
export function cellItems(index: TableIndex, rowId: string, week: number): CellItem[] {
  const row = index.rows.get(rowId)
  if (!row || !drillable(row, week)) return []
  const list =
    row.kind === 'net' || row.kind === 'closing'
      ? [...itemsUnder(index, 'inflows', week, 1), ...itemsUnder(index, 'outflows', week, -1)]
      : itemsUnder(index, rowId, week, row.kind === 'opening' ? 1 : flowSign(index, row))
  return list.sort(
    (a, b) => b.item.amountCents - a.item.amountCents || a.item.date.localeCompare(b.item.date)
  )
}

export interface Mover {
  label: string
  /** The group, when the label is a customer, vendor or payee ("Collections", "Payroll"). */
  group: string | null
  amountCents: number
}

export interface WeekMovers {
  inflows: Mover[]
  outflows: Mover[]
  /** Lines left out of the lists above. */
  moreIn: number
  moreOut: number
}

/** The lines that moved a week most, each way: what the chart's tooltip names. */
export function weekMovers(index: TableIndex, week: number, limit = 3): WeekMovers {
  const movers = (total: 'inflows' | 'outflows'): Mover[] => {
    const out: Mover[] = []
    for (const group of index.children.get(total) ?? []) {
      const lines = index.children.get(group.id) ?? []
      if (lines.length === 0) {
        const amount = group.cells[week] ?? 0
        if (amount !== 0) out.push({ label: group.label, group: null, amountCents: amount })
        continue
      }
      for (const line of lines) {
        const amount = line.cells[week] ?? 0
        if (amount !== 0) out.push({ label: line.label, group: group.label, amountCents: amount })
      }
    }
    return out.sort((a, b) => Math.abs(b.amountCents) - Math.abs(a.amountCents))
  }
  const inflows = movers('inflows')
  const outflows = movers('outflows')
  return {
    inflows: inflows.slice(0, limit),
    outflows: outflows.slice(0, limit),
    moreIn: Math.max(0, inflows.length - limit),
    moreOut: Math.max(0, outflows.length - limit)
  }
}
