// The client list (Monday's overview): every company's latest runway snapshot, worst first.

import type { PortfolioRow } from '../../../shared/runway'
import type { PortfolioRows } from '../db/snapshots'

export class PortfolioExperience {
  constructor(private readonly rows: PortfolioRows) {}

  list(): PortfolioRow[] {
    return this.rows
      .all()
      .map(
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
