// The client list (Monday's overview): every company's latest runway snapshot, worst first.

import type { PortfolioRow } from '../../../shared/views'
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
          syncFailedAt,
          syncFailure,
          at,
          asOf,
          status,
          runwayDays,
          horizonDays,
          statusDays,
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
          stale:
            syncFailedAt === null
              ? null
              : { reason: syncFailure ?? 'the last sync failed', since: syncFailedAt },
          // No snapshot yet: the left join gives nulls for all of it.
          snapshot:
            at === null
              ? null
              : {
                  at,
                  asOf: asOf!,
                  status: status!,
                  runwayDays,
                  horizonDays: horizonDays!,
                  statusDays,
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
