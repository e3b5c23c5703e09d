// The client list (Monday's overview): every company's latest runway snapshot, worst first.

import type Database from 'better-sqlite3'
import type { PortfolioRow, RunwayStatus } from '../../../shared/runway'

interface Row {
  id: string
  name: string
  status: PortfolioRow['connection']
  last_sync_at: string | null
  taken_at: string | null
  as_of: string | null
  runway_status: RunwayStatus | null
  runway_days: number | null
  effective_days: number | null
  cash_zero_date: string | null
  cash_cents: number | null
  overdue_ar_cents: number | null
  ap_cents: number | null
  week_ago_days: number | null
}

const RANK: Record<RunwayStatus, number> = { critical: 0, warning: 1, healthy: 2, excellent: 3 }

export class PortfolioExperience {
  private readonly query: Database.Statement

  constructor(sqlite: Database.Database) {
    this.query = sqlite.prepare(
      `select c.id, c.name, c.status, c.last_sync_at,
              s.taken_at, s.as_of, s.status runway_status, s.runway_days, s.effective_days, s.cash_zero_date,
              s.cash_cents, s.overdue_ar_cents, s.ap_cents,
              (select w.effective_days from runway_snapshots w
                where w.company_id = c.id and w.taken_at <= strftime('%Y-%m-%dT%H:%M:%fZ', s.taken_at, '-7 days')
                order by w.taken_at desc limit 1) week_ago_days
       from companies c
       left join runway_snapshots s on s.company_id = c.id
         and s.taken_at = (select max(taken_at) from runway_snapshots x where x.company_id = c.id)
       order by c.name`
    )
  }

  list(): PortfolioRow[] {
    const rows = (this.query.all() as Row[]).map(
      (r): PortfolioRow => ({
        companyId: r.id,
        name: r.name,
        connection: r.status,
        lastSyncAt: r.last_sync_at,
        snapshot:
          r.taken_at === null
            ? null
            : {
                at: r.taken_at,
                asOf: r.as_of!,
                status: r.runway_status!,
                runwayDays: r.runway_days,
                effectiveRunwayDays: r.effective_days,
                cashZeroDate: r.cash_zero_date,
                cashCents: r.cash_cents!,
                overdueArCents: r.overdue_ar_cents!,
                apCents: r.ap_cents!,
                weekChangeDays:
                  r.week_ago_days !== null && r.effective_days !== null ? Math.round(r.effective_days - r.week_ago_days) : null
              }
      })
    )
    // Worst first: by status band, then fewest days (no burn at all sorts last), then name.
    return rows.sort((a, b) => {
      const rank = (row: PortfolioRow): number => (row.snapshot ? RANK[row.snapshot.status] : 4)
      const days = (row: PortfolioRow): number => row.snapshot?.effectiveRunwayDays ?? Number.POSITIVE_INFINITY
      return rank(a) - rank(b) || days(a) - days(b) || a.name.localeCompare(b.name)
    })
  }
}
