// The client list (Monday's overview): every company's latest runway snapshot, worst first.

import type Database from 'better-sqlite3'
import type { PortfolioRow, RunwayStatus } from '../../../shared/runway'

/**
 * One company's row as the query returns it: positional, as objects with named keys cost twice as
 * much. The snapshot's columns are all null for a company without one (the left join).
 */
type Row = [
  id: string,
  name: string,
  connection: PortfolioRow['connection'],
  lastSyncAt: string | null,
  takenAt: string | null,
  asOf: string | null,
  status: RunwayStatus | null,
  runwayDays: number | null,
  effectiveDays: number | null,
  cashZeroDate: string | null,
  cashCents: number | null,
  overdueArCents: number | null,
  apCents: number | null,
  weekChangeDays: number | null
]

export class PortfolioExperience {
  private readonly query: Database.Statement

  constructor(sqlite: Database.Database) {
    this.query = sqlite
      .prepare(
        `select c.id, c.name, c.status, c.last_sync_at,
              p.taken_at, p.as_of, p.status runway_status, p.runway_days, p.effective_days, p.cash_zero_date,
              p.cash_cents, p.overdue_ar_cents, p.ap_cents, p.week_change_days
       from companies c left join portfolio_rows p on p.company_id = c.id
       -- Worst first: by status band, then fewest days (no burn at all sorts last), then name.
       order by case p.status when 'critical' then 0 when 'warning' then 1 when 'healthy' then 2
                  when 'excellent' then 3 else 4 end,
                p.effective_days is null, p.effective_days, c.name collate nocase, c.id`
      )
      .raw()
  }

  list(): PortfolioRow[] {
    return (this.query.all() as Row[]).map(
      ([
        companyId,
        name,
        connection,
        lastSyncAt,
        at,
        asOf,
        status,
        runwayDays,
        effectiveRunwayDays,
        cashZeroDate,
        cashCents,
        overdueArCents,
        apCents,
        weekChangeDays
      ]): PortfolioRow => ({
        companyId,
        name,
        connection,
        lastSyncAt,
        // No snapshot yet: the left join gives nulls for all of it.
        snapshot:
          at === null
            ? null
            : {
                at,
                asOf: asOf!,
                status: status!,
                runwayDays,
                effectiveRunwayDays,
                cashZeroDate,
                cashCents: cashCents!,
                overdueArCents: overdueArCents!,
                apCents: apCents!,
                weekChangeDays: weekChangeDays === null ? null : Math.round(weekChangeDays)
              }
      })
    )
  }
}
