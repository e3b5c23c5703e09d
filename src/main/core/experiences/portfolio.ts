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
  week_change_days: number | null
}


export class PortfolioExperience {
  private readonly query: Database.Statement

  constructor(sqlite: Database.Database) {
    this.query = sqlite.prepare(
      `select c.id, c.name, c.status, c.last_sync_at,
              p.taken_at, p.as_of, p.status runway_status, p.runway_days, p.effective_days, p.cash_zero_date,
              p.cash_cents, p.overdue_ar_cents, p.ap_cents, p.week_change_days
       from companies c left join portfolio_rows p on p.company_id = c.id
       -- Worst first: by status band, then fewest days (no burn at all sorts last), then name.
       order by case p.status when 'critical' then 0 when 'warning' then 1 when 'healthy' then 2
                  when 'excellent' then 3 else 4 end,
                p.effective_days is null, p.effective_days, c.name collate nocase, c.id`
    )
  }

  list(): PortfolioRow[] {
    return (this.query.all() as Row[]).map(
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
                weekChangeDays: r.week_change_days === null ? null : Math.round(r.week_change_days)
              }
      })
    )
  }
}
