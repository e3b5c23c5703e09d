// Runway snapshots and the client list's rows: the client list reads these, so 50 companies cost 50 small rows, not 50
// forecasts. One is taken whenever a company's books change (a sync, an action, a decision).

import type Database from 'better-sqlite3'
import type { Clock } from '../../../shared/dates'
import type { PortfolioRow, RunwayStatus } from '../../../shared/views'
import type { RunwayResult } from '../runway'

/** What the client list shows beside the runway, worked out where the snapshot is taken. */
export interface PortfolioExtras {
  lowestCashCents: number
  lowestCashDate: string
  mustPayWeekCents: number
  mustPayWeekCount: number
}

export class Snapshots {
  private readonly insert: Database.Statement
  private readonly weekAgo: Database.Statement
  private readonly latest: Database.Statement
  private readonly takenOnDay: Database.Statement

  constructor(
    private readonly sqlite: Database.Database,
    private readonly clock: Clock
  ) {
    this.insert = sqlite.prepare(
      `insert or replace into runway_snapshots (company_id, taken_at, as_of, status, runway_days, status_days,
        horizon_days, cash_zero_date, cash_cents, overdue_ar_cents, ap_cents)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    this.weekAgo = sqlite.prepare(
      `select runway_days from runway_snapshots where company_id = ? and taken_at <= ? order by taken_at desc limit 1`
    )
    this.takenOnDay = sqlite.prepare(`select 1 from portfolio_rows where company_id = ? and as_of = ?`)
    this.latest = sqlite.prepare(
      `insert or replace into portfolio_rows (company_id, taken_at, as_of, status, runway_days, status_days,
        horizon_days, cash_zero_date, cash_cents, overdue_ar_cents, ap_cents, week_change_days,
        lowest_cash_cents, lowest_cash_date, must_pay_week_cents, must_pay_week_count)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
  }

  /** Whether the client list's row of the company holds its figures as of `day`. */
  takenOn(companyId: string, day: string): boolean {
    return this.takenOnDay.get(companyId, day) !== undefined
  }

  take(companyId: string, runway: RunwayResult, extras: PortfolioExtras): void {
    const now = this.clock.now()
    const takenAt = now.toISOString()
    const before = this.weekAgo.get(companyId, new Date(now.getTime() - 7 * 86_400_000).toISOString()) as
      { runway_days: number | null } | undefined
    const change =
      before && before.runway_days !== null && runway.runwayDays !== null
        ? runway.runwayDays - before.runway_days
        : null
    const row = [
      companyId,
      takenAt,
      runway.asOf,
      runway.status,
      runway.runwayDays,
      runway.statusDays,
      runway.horizonDays,
      runway.cashZeroDate,
      runway.cashCents,
      runway.overdueArCents,
      runway.apCents
    ]
    this.sqlite.transaction(() => {
      this.insert.run(...row)
      this.latest.run(
        ...row,
        change,
        extras.lowestCashCents,
        extras.lowestCashDate,
        extras.mustPayWeekCents,
        extras.mustPayWeekCount
      )
    })()
  }
}

/**
 * One company's row as the query returns it: positional, as objects with named keys cost twice as
 * much. The snapshot's columns are all null for a company without one (the left join).
 */
export type PortfolioRowData = [
  id: string,
  name: string,
  connection: PortfolioRow['connection'],
  lastSyncAt: string | null,
  syncFailedAt: string | null,
  syncFailure: string | null,
  takenAt: string | null,
  asOf: string | null,
  status: RunwayStatus | null,
  runwayDays: number | null,
  horizonDays: number | null,
  statusDays: number | null,
  cashZeroDate: string | null,
  cashCents: number | null,
  overdueArCents: number | null,
  apCents: number | null,
  weekChangeDays: number | null,
  lowestCashCents: number | null,
  lowestCashDate: string | null,
  mustPayWeekCents: number | null,
  mustPayWeekCount: number | null,
  demo: 0 | 1
]

/** The client list as stored: one row per company, worst first, read with one prepared statement. */
export class PortfolioRows {
  private readonly missing: Database.Statement

  private readonly query: Database.Statement

  constructor(sqlite: Database.Database) {
    this.query = sqlite
      .prepare(
        `select c.id, c.name, c.status, c.last_sync_at, c.sync_failed_at, c.sync_failure,
              p.taken_at, p.as_of, p.status runway_status, p.runway_days, p.horizon_days, p.status_days,
              p.cash_zero_date, p.cash_cents, p.overdue_ar_cents, p.ap_cents, p.week_change_days,
              p.lowest_cash_cents, p.lowest_cash_date, p.must_pay_week_cents, p.must_pay_week_count,
              c.origin = 'test-drive' demo
       from companies c left join portfolio_rows p on p.company_id = c.id
       -- Worst first: by status band, then fewest days (no burn at all sorts last), then name.
       order by case p.status when 'critical' then 0 when 'warning' then 1 when 'healthy' then 2
                  when 'excellent' then 3 else 4 end,
                p.status_days is null, p.status_days, c.name collate nocase, c.id`
      )
      .raw()
    this.missing = sqlite
      .prepare(
        `select id from companies c where not exists (select 1 from portfolio_rows p where p.company_id = c.id)`
      )
      .pluck()
  }

  all(): PortfolioRowData[] {
    return this.query.all() as PortfolioRowData[]
  }

  /** Companies with no row yet (new, or their snapshots went with a change of what they mean). */
  withoutRow(): string[] {
    return this.missing.all() as string[]
  }
}

/** The last snapshot of the books as they stood before `day` (the start of a digest's week). */
export function snapshotBefore(
  sqlite: Database.Database,
  companyId: string,
  day: string
): { runway_days: number | null; cash_cents: number } | undefined {
  return sqlite
    .prepare(
      `select runway_days, cash_cents from runway_snapshots where company_id = ? and as_of < ? order by taken_at desc limit 1`
    )
    .get(companyId, day) as { runway_days: number | null; cash_cents: number } | undefined
}

/** A company's row in the client list as it stands: what an alert compares the next sync with. */
export function latestRunwayRow(
  sqlite: Database.Database,
  companyId: string
): { status: RunwayStatus; runway_days: number | null; horizon_days: number } | undefined {
  return sqlite
    .prepare('select status, runway_days, horizon_days from portfolio_rows where company_id = ?')
    .get(companyId) as { status: RunwayStatus; runway_days: number | null; horizon_days: number } | undefined
}
