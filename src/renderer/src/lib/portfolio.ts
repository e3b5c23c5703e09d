import type { CompanySummary } from '../../../shared/contract'
import type { PortfolioRow } from '../../../shared/views'

/** A company the portfolio has no figures for yet (first sync running, or portfolio.list failed):
 *  listed with its figures pending rather than hidden. */
export function unsyncedRow(company: CompanySummary): PortfolioRow {
  return {
    companyId: company.id,
    name: company.name,
    connection: company.status,
    demo: company.demo,
    lastSyncAt: company.lastSyncAt,
    stale: null,
    snapshot: null
  }
}

/** Worst first: the fewest days the status rests on, then the earliest cash-zero date; companies
 *  without figures yet go last, since there is nothing to rank them by. */
export function worstFirst(rows: PortfolioRow[]): PortfolioRow[] {
  const key = (r: PortfolioRow): [number, number, string] => {
    const s = r.snapshot
    if (!s) return [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, r.name]
    const days = s.statusDays ?? Number.MAX_SAFE_INTEGER
    const zero = s.cashZeroDate ? Date.parse(`${s.cashZeroDate}T00:00:00Z`) : Number.MAX_SAFE_INTEGER
    return [days, zero, r.name]
  }
  return [...rows].sort((a, b) => {
    const [ad, az, an] = key(a)
    const [bd, bz, bn] = key(b)
    return ad - bd || az - bz || an.localeCompare(bn)
  })
}

/** The columns the client list sorts by; 'worst' is the default order (worstFirst). */
export type PortfolioSortKey =
  'worst' | 'name' | 'runway' | 'cashZero' | 'lowest' | 'mustPay' | 'overdue' | 'change' | 'lastSync'

export interface PortfolioSort {
  key: PortfolioSortKey
  dir: 'asc' | 'desc'
}

/** The way a column reads worst first: the least runway, the earliest gap, the most owed. */
export const worstDirection: Record<PortfolioSortKey, 'asc' | 'desc'> = {
  worst: 'asc',
  name: 'asc',
  runway: 'asc',
  cashZero: 'asc',
  lowest: 'asc',
  mustPay: 'desc',
  overdue: 'desc',
  change: 'asc',
  lastSync: 'asc'
}

function sortValue(row: PortfolioRow, key: PortfolioSortKey): number | string | null {
  const s = row.snapshot
  switch (key) {
    case 'name':
      return row.name.toLocaleLowerCase()
    case 'runway':
      // Cash that lasts the forecast sorts after every number of days, by how long beyond it.
      return s ? (s.runwayDays ?? s.horizonDays + (s.statusDays ?? s.horizonDays)) : null
    case 'cashZero':
      return s ? (s.cashZeroDate ?? '9999-12-31') : null
    case 'lowest':
      return s ? s.lowestCashCents : null
    case 'mustPay':
      return s ? s.mustPayWeekCents : null
    case 'overdue':
      return s ? s.overdueArCents : null
    case 'change':
      return s?.weekChangeDays ?? null
    case 'lastSync':
      return row.lastSyncAt ?? ''
    case 'worst':
      return null
  }
}

/** The rows in the order asked for; rows without the figure go last either way. */
export function sortRows(rows: PortfolioRow[], sort: PortfolioSort): PortfolioRow[] {
  const worst = worstFirst(rows)
  if (sort.key === 'worst') return sort.dir === 'asc' ? worst : [...worst].reverse()
  const rank = new Map(worst.map((r, i) => [r.companyId, i]))
  const sign = sort.dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort.key)
    const vb = sortValue(b, sort.key)
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * sign
    }
    return rank.get(a.companyId)! - rank.get(b.companyId)!
  })
}

export interface PortfolioFilter {
  search: string
  status: 'all' | 'critical' | 'warning' | 'healthy' | 'excellent' | 'unknown'
  kind: 'all' | 'real' | 'demo'
  /** Only the rows that need a sync or a sign-in: stale figures, a failed sync, not connected. */
  attention: boolean
  underThirty: boolean
}

export const noFilter: PortfolioFilter = {
  search: '',
  status: 'all',
  kind: 'all',
  attention: false,
  underThirty: false
}

export function needsAttention(row: PortfolioRow, failed: boolean): boolean {
  return failed || row.stale !== null || row.connection !== 'connected'
}

export function filterRows(
  rows: PortfolioRow[],
  filter: PortfolioFilter,
  failed: (companyId: string) => boolean
): PortfolioRow[] {
  const words = filter.search.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean)
  return rows.filter((r) => {
    if (filter.kind !== 'all' && r.demo !== (filter.kind === 'demo')) return false
    if (filter.status !== 'all' && (r.snapshot?.status ?? 'unknown') !== filter.status) return false
    if (filter.attention && !needsAttention(r, failed(r.companyId))) return false
    if (filter.underThirty && !(r.snapshot?.runwayDays != null && r.snapshot.runwayDays < 30)) return false
    const name = r.name.toLocaleLowerCase()
    return words.every((w) => name.includes(w))
  })
}
