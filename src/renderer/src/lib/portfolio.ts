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
