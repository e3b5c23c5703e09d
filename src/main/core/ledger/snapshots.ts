// Runway snapshots: the client list reads these, so 50 companies cost 50 small rows, not 50
// forecasts. One is taken whenever a company's books change (a sync, an action, a decision).

import type Database from 'better-sqlite3'
import type { Clock } from '../../../shared/dates'
import type { RunwayResult } from '../runway'

export class Snapshots {
  private readonly insert: Database.Statement
  private readonly weekAgo: Database.Statement
  private readonly latest: Database.Statement

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock
  ) {
    this.insert = sqlite.prepare(
      `insert or replace into runway_snapshots (company_id, taken_at, as_of, status, runway_days, effective_days,
        cash_zero_date, cash_cents, overdue_ar_cents, ap_cents)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.weekAgo = sqlite.prepare(
      `select effective_days from runway_snapshots where company_id = ? and taken_at <= ? order by taken_at desc limit 1`
    )
    this.latest = sqlite.prepare(
      `insert or replace into portfolio_rows (company_id, taken_at, as_of, status, runway_days, effective_days,
        cash_zero_date, cash_cents, overdue_ar_cents, ap_cents, week_change_days)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
  }

  take(companyId: string, runway: RunwayResult): void {
    const now = this.clock.now()
    const takenAt = now.toISOString()
    const before = this.weekAgo.get(companyId, new Date(now.getTime() - 7 * 86_400_000).toISOString()) as
      | { effective_days: number | null }
      | undefined
    const change =
      before && before.effective_days !== null && runway.effectiveRunwayDays !== null
        ? runway.effectiveRunwayDays - before.effective_days
        : null
    const row = [
      companyId,
      takenAt,
      runway.asOf,
      runway.status,
      runway.runwayDays,
      runway.effectiveRunwayDays,
      runway.cashZeroDate,
      runway.cashCents,
      runway.overdueArCents,
      runway.apCents
    ]
    this.sqlite.transaction(() => {
      this.insert.run(...row)
      this.latest.run(...row, change)
    })()
  }
}
