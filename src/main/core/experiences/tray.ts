// What the tray icon shows: the runway at a glance. Shaped from the portfolio's snapshots.

import type { PortfolioList } from '../../../shared/contract'
import { runwayLabel, type PortfolioRow, type RunwayStatus } from '../../../shared/views'

export interface TrayView {
  /** Colour of the icon: the worst company's status; 'unknown' before any company has figures. */
  status: RunwayStatus | 'unknown'
  /** Short text beside the icon where the platform shows one (macOS): the worst runway. */
  title: string
  tooltip: string
  items: { companyId: string; label: string; status: RunwayStatus | 'unknown' }[]
  /** Companies not in the menu ("and 490 more"): a menu of every client of a large firm is unusable. */
  more: number
}

/** How many companies the menu names, worst first. */
export const TRAY_ITEMS = 10

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

/**
 * `list`: the first rows of portfolio.list, worst first, with its total and counts (ask it for
 * `{ limit: TRAY_ITEMS }`).
 */
export function trayView(list: Pick<PortfolioList, 'rows' | 'total' | 'counts'>): TrayView {
  const rows = list.rows.slice(0, TRAY_ITEMS)
  const items = rows.map((row) => ({
    companyId: row.companyId,
    label: `${row.name} — ${days(row)}${notes(row)}`,
    status: row.snapshot?.status ?? ('unknown' as const)
  }))
  const more = Math.max(0, list.total - items.length)
  const worst = rows.find((r) => r.snapshot)
  if (!worst?.snapshot) {
    return {
      status: 'unknown',
      title: '',
      tooltip: list.total ? 'Runway: waiting for the first sync' : 'Runway: no companies yet',
      items,
      more
    }
  }
  const critical = list.counts.critical
  const lead = critical > 1 ? `${critical} companies critical` : `${worst.name}: ${days(worst)}`
  const runway = worst.snapshot.runwayDays
  return {
    status: worst.snapshot.status,
    title: runway === null ? `${Math.floor(worst.snapshot.horizonDays / 7)}w+` : `${runway}d`,
    tooltip: `Runway — ${lead}`,
    items,
    more
  }
}
