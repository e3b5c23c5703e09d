// What the tray icon shows: the runway at a glance. Shaped from the portfolio's snapshots.

import { runwayLabel, type PortfolioRow, type RunwayStatus } from '../../../shared/views'

export interface TrayView {
  /** Colour of the icon: the worst company's status; 'unknown' before any company has figures. */
  status: RunwayStatus | 'unknown'
  /** Short text beside the icon where the platform shows one (macOS): the worst runway. */
  title: string
  tooltip: string
  items: { companyId: string; label: string; status: RunwayStatus | 'unknown' }[]
}

function days(row: PortfolioRow): string {
  const s = row.snapshot
  if (!s) return 'no figures yet'
  if (s.runwayDays !== null && s.runwayDays > 0)
    return `${runwayLabel(s.runwayDays, s.horizonDays)} (cash out ${s.cashZeroDate})`
  return runwayLabel(s.runwayDays, s.horizonDays)
}

function notes(row: PortfolioRow): string {
  const said = [
    ...(row.stale ? ['last sync failed'] : []),
    ...(row.connection === 'needs-reconnect' ? ['reconnect'] : [])
  ]
  return said.length > 0 ? ` (${said.join(', ')})` : ''
}

/** Rows come worst first (as portfolio.list returns them). */
export function trayView(rows: PortfolioRow[]): TrayView {
  const items = rows.map((row) => ({
    companyId: row.companyId,
    label: `${row.name} — ${days(row)}${notes(row)}`,
    status: row.snapshot?.status ?? ('unknown' as const)
  }))
  const worst = rows.find((r) => r.snapshot)
  if (!worst?.snapshot) {
    return {
      status: 'unknown',
      title: '',
      tooltip: rows.length ? 'Runway: waiting for the first sync' : 'Runway: no companies yet',
      items
    }
  }
  const critical = rows.filter((r) => r.snapshot?.status === 'critical').length
  const lead = critical > 1 ? `${critical} companies critical` : `${worst.name}: ${days(worst)}`
  const runway = worst.snapshot.runwayDays
  return {
    status: worst.snapshot.status,
    title: runway === null ? `${Math.floor(worst.snapshot.horizonDays / 7)}w+` : `${runway}d`,
    tooltip: `Runway — ${lead}`,
    items
  }
}
