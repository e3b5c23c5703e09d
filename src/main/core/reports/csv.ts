// The digest as spreadsheets: the weekly table and the open items, one file each. Amounts are plain
// numbers in the home currency (dollars and cents, no symbol, no thousands separator) so a
// spreadsheet sums them; dates are YYYY-MM-DD.

import type { DigestView } from '../../../shared/views'

function cell(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  // A name a spreadsheet would read as a formula is kept as text.
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Cents as a number of dollars, exactly: 123456 → 1234.56. */
export function amount(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

const line = (cells: (string | number | null)[]): string => cells.map(cell).join(',')
const money = (cents: number): string => amount(cents)

/** One row per figure, one column per week: opening, in, out, closing and lowest cash. */
export function weeklyCsv(view: DigestView): string {
  const weeks = view.forecast ?? []
  const opening = weeks.map((w) => w.endingCashCents - w.inflowCents + w.outflowCents)
  const rows = [
    ['Week starting', ...weeks.map((w) => w.weekStart)].map(cell).join(','),
    ['Opening cash', ...opening.map(money)].join(','),
    ['Money in', ...weeks.map((w) => money(w.inflowCents))].join(','),
    ['Money out', ...weeks.map((w) => money(w.outflowCents))].join(','),
    ['Closing cash', ...weeks.map((w) => money(w.endingCashCents))].join(','),
    ['Lowest point', ...weeks.map((w) => money(w.lowestCashCents))].join(',')
  ]
  return `${rows.join('\r\n')}\r\n`
}

/** Every open bill and invoice the digest kept, with what is left on it. */
export function openItemsCsv(view: DigestView): string {
  const header = line(['Type', 'Name', 'Number', 'Amount', 'Due date', 'Days overdue', 'Standing'])
  const items = view.openItems ?? [
    ...view.mustPay.map((b) => ({
      kind: 'bill' as const,
      name: b.vendorName,
      docNumber: null,
      balanceCents: b.balanceCents,
      dueDate: b.dueDate,
      daysOverdue: null as number | null,
      standing: 'must-pay'
    })),
    ...view.toChase.map((i) => ({
      kind: 'invoice' as const,
      name: i.customerName,
      docNumber: null,
      balanceCents: i.balanceCents,
      dueDate: null,
      daysOverdue: i.daysOverdue as number | null,
      standing: i.stage
    }))
  ]
  const rows = items.map((i) =>
    [
      cell(i.kind === 'bill' ? 'Bill' : 'Invoice'),
      cell(i.name),
      cell(i.docNumber),
      money(i.balanceCents),
      cell(i.dueDate),
      cell(i.daysOverdue),
      cell(i.standing)
    ].join(',')
  )
  return `${[header, ...rows].join('\r\n')}\r\n`
}

/** The portfolio as one row per client. */
export function portfolioCsv(views: readonly DigestView[]): string {
  const header = line([
    'Client',
    'Status',
    'Runway days',
    'Cash zero date',
    'Cash',
    'Change in days',
    'Must pay',
    'Overdue to chase'
  ])
  const rows = views.map((v) =>
    [
      cell(v.companyName),
      cell(v.headline.status),
      cell(v.headline.runwayDays),
      cell(v.headline.cashZeroDate),
      money(v.headline.cashCents),
      cell(v.headline.changeDays),
      money(v.mustPay.reduce((s, b) => s + b.balanceCents, 0)),
      money(v.toChase.reduce((s, i) => s + i.balanceCents, 0))
    ].join(',')
  )
  return `${[header, ...rows].join('\r\n')}\r\n`
}
