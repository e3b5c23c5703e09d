// Runway snapshots: the client list reads these, so 50 companies cost 50 small rows, not 50
// forecasts. One is taken whenever a company's books change (a sync, an action, a decision).

import type Database from 'better-sqlite3'
import type { Clock } from '../../../shared/dates'
import type { RunwayResult } from '../runway'

export class Snapshots {
  private readonly insert: Database.Statement

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock
  ) {
    this.insert = sqlite.prepare(
      `insert or replace into runway_snapshots (company_id, taken_at, as_of, status, runway_days, effective_days,
        cash_zero_date, cash_cents, overdue_ar_cents, ap_cents)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
  }

  take(companyId: string, runway: RunwayResult): void {
    this.insert.run(
      companyId,
      this.clock.now().toISOString(),
      runway.asOf,
      runway.status,
      runway.runwayDays,
      runway.effectiveRunwayDays,
      runway.cashZeroDate,
      runway.cashCents,
      runway.overdueArCents,
      runway.apCents
    )
  }
}
