// A table of rows the caller draws (each row is a decision with its own state), with the frame every
// list shares: fixed column widths, a header row, a message when there is nothing, and "Show all"
// once a list is longer than a glance.

import { useState, type ReactNode } from 'react'
import { ShowMore } from './ui'

/** Rows before "Show all" in a list sorted by priority: the first rows are the decisions. */
export const ROWS_AT_A_GLANCE = 8

export interface Column {
  header: ReactNode
  /** In pixels; columns without one share what is left. */
  width?: number
  /** Figures line up on the right. */
  numeric?: boolean
  /** Said to screen readers only (an actions column). */
  hiddenHeader?: boolean
  className?: string
}

export function DataTable<T>({
  columns,
  rows,
  renderRow,
  empty,
  collapseAfter,
  noun,
  compact = false,
  className,
  testId
}: {
  columns: Column[]
  rows: T[]
  /** Returns the row's <tr>, with its key. */
  renderRow(row: T): ReactNode
  empty: ReactNode
  /** Rows shown before "Show all"; every row when not given. */
  collapseAfter?: number
  /** What the rows are, for "Show all 12 bills". */
  noun?: string
  compact?: boolean
  className?: string
  testId?: string
}) {
  const [expanded, setExpanded] = useState(false)
  if (rows.length === 0) return <p className="table-empty">{empty}</p>
  const collapsible = collapseAfter !== undefined && rows.length > collapseAfter
  const shown = collapsible && !expanded ? rows.slice(0, collapseAfter) : rows
  const classes = ['table', compact ? 'table-compact' : null, className].filter(Boolean).join(' ')
  return (
    <>
      <table className={classes} data-testid={testId}>
        {columns.some((c) => c.width !== undefined) ? (
          <colgroup>
            {columns.map((c, i) => (
              <col key={i} style={c.width === undefined ? undefined : { width: c.width }} />
            ))}
          </colgroup>
        ) : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th
                key={i}
                scope="col"
                className={[c.numeric ? 'num' : null, c.className].filter(Boolean).join(' ') || undefined}
              >
                {c.hiddenHeader ? <span className="sr-only">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{shown.map(renderRow)}</tbody>
      </table>
      {collapsible ? (
        <ShowMore
          expanded={expanded}
          total={rows.length}
          noun={noun ?? 'rows'}
          onToggle={() => setExpanded(!expanded)}
        />
      ) : null}
    </>
  )
}
