// Runway snapshots and the client list's rows: the client list reads these, so 50 companies cost 50 small rows, not 50
// forecasts. One is taken whenever a company's books change (a sync, an action, a decision).

import type Database from 'better-sqlite3'
import type { PortfolioList, PortfolioQuery, PortfolioSort, PortfolioSortKey } from '../../../shared/contract'
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

/** What the sort orders by, per column: null for a company without the figure (it goes last). */
const SORT_VALUE: Record<PortfolioSortKey, string> = {
  worst: '',
  name: 'c.name collate nocase',
  // Cash that lasts the forecast sorts after every number of days, by how long beyond it.
  runway:
    'case when p.company_id is not null then coalesce(p.runway_days, p.horizon_days + coalesce(p.status_days, p.horizon_days)) end',
  cashZero: "case when p.company_id is not null then coalesce(p.cash_zero_date, '9999-12-31') end",
  lowest: 'p.lowest_cash_cents',
  mustPay: 'p.must_pay_week_cents',
  overdue: 'p.overdue_ar_cents',
  change: 'p.week_change_days',
  lastSync: "coalesce(c.last_sync_at, '')"
}

/** The band of a status, worst first (an expression of the index migration 020b made). */
const BAND =
  "case p.status when 'critical' then 0 when 'warning' then 1 when 'healthy' then 2 when 'excellent' then 3 end"

/**
 * Worst first among companies with figures: by status band, fewest days the status rests on (none
 * at all last), earliest cash-zero date, then name. The index portfolio_rows_worst holds all but the
 * name in this order, so the first screen reads its rows in order instead of sorting every client.
 */
const WORST_KNOWN = [
  BAND,
  'p.status_days is null',
  'p.status_days',
  'p.cash_zero_date is null',
  'p.cash_zero_date',
  'c.name collate nocase',
  'c.id'
]
/** Worst first: companies with figures before those without (by name). Every order's tie-break. */
const WORST = ['p.company_id is null', ...WORST_KNOWN]

function orderBy({ key, dir }: PortfolioSort): string {
  const flip = (terms: string[]): string[] =>
    dir === 'asc' ? terms : terms.map((t) => (t.endsWith(' is null') ? t : `${t} desc`))
  if (key === 'worst') return flip(WORST).join(', ')
  const value = SORT_VALUE[key]
  return [`(${value}) is null`, `(${value})${dir === 'desc' ? ' desc' : ''}`, ...WORST].join(', ')
}

const COLUMNS = `c.id, c.name, c.status, c.last_sync_at, c.sync_failed_at, c.sync_failure,
  p.taken_at, p.as_of, p.status runway_status, p.runway_days, p.horizon_days, p.status_days,
  p.cash_zero_date, p.cash_cents, p.overdue_ar_cents, p.ap_cents, p.week_change_days,
  p.lowest_cash_cents, p.lowest_cash_date, p.must_pay_week_cents, p.must_pay_week_count,
  c.origin = 'test-drive' demo`
const EVERY = 'from companies c left join portfolio_rows p on p.company_id = c.id'
/** The client list's filter, the parameters' named values saying which parts apply. */
const FILTER = `(@kind = 'all' or (c.origin = 'test-drive') = (@kind = 'demo'))
    and (@status = 'all' or coalesce(p.status, 'unknown') = @status)
    and (@attention = 0 or c.sync_failed_at is not null or c.status != 'connected')
    and (@underThirty = 0 or p.runway_days < 30)
    and (@ids is null or c.id in (select value from json_each(@ids)))
    and not exists (select 1 from json_each(@words) w where instr(locale_lower(c.name), w.value) = 0)`

/**
 * The client list as stored, one row per company: a window of it sorted and filtered in SQL, so a
 * screen that shows 12 of 500 clients reads and sends 12 (with the totals and counts beside them).
 */
export class PortfolioRows {
  private readonly missing: Database.Statement
  private readonly matching: Database.Statement
  private readonly byStatus: Database.Statement
  private readonly byCompany: Database.Statement
  private readonly worstKnown: Database.Statement
  private readonly unknownByName: Database.Statement
  private readonly windows = new Map<string, Database.Statement>()
  private readonly changes: Database.Statement[]

  constructor(private readonly sqlite: Database.Database) {
    // JavaScript's lower case, not SQLite's ASCII-only lower(): a search for "café" finds "CAFÉ".
    sqlite.function('locale_lower', { deterministic: true }, (text: unknown) =>
      String(text).toLocaleLowerCase()
    )
    this.matching = sqlite
      .prepare(`select count(*), coalesce(sum(p.company_id is null), 0) ${EVERY} where ${FILTER}`)
      .raw()
    // Both read indexes only (migration 020b).
    this.byStatus = sqlite.prepare(`select status, count(*) from portfolio_rows group by status`).raw()
    this.byCompany = sqlite
      .prepare(
        `select count(*), coalesce(sum(status != 'connected'), 0), coalesce(sum(origin = 'test-drive'), 0)
         from companies`
      )
      .raw()
    this.worstKnown = sqlite
      .prepare(
        `select ${COLUMNS} from portfolio_rows p join companies c on c.id = p.company_id
         where ${FILTER} order by ${WORST_KNOWN.join(', ')} limit @limit offset @offset`
      )
      .raw()
    this.unknownByName = sqlite
      .prepare(
        `select ${COLUMNS} ${EVERY} where p.company_id is null and ${FILTER}
         order by c.name collate nocase, c.id limit @limit offset @offset`
      )
      .raw()
    this.missing = sqlite
      .prepare(
        `select id from companies c where not exists (select 1 from portfolio_rows p where p.company_id = c.id)`
      )
      .pluck()
    // Writes through this connection, and commits by any other one to either file (a worker's, a
    // second process's): between two equal marks no row the list reads can have changed.
    this.changes = ['select total_changes()', 'pragma main.data_version', 'pragma cache.data_version'].map(
      (sql) => sqlite.prepare(sql).pluck()
    )
  }

  /** A mark that moves whenever the database may have changed under the list. */
  changeMark(): string {
    return this.changes.map((statement) => statement.get() as number).join('/')
  }

  /** The rows of `query`'s window (every row without one), worst first unless it says otherwise. */
  window(query: PortfolioQuery = {}): PortfolioWindow {
    const sort = query.sort ?? { key: 'worst', dir: 'asc' }
    const f = query.filter ?? {}
    const params = {
      kind: f.kind ?? 'all',
      status: f.status ?? 'all',
      attention: f.attention ? 1 : 0,
      underThirty: f.underThirty ? 1 : 0,
      ids: f.companyIds ? JSON.stringify(f.companyIds) : null,
      words: JSON.stringify((f.search ?? '').trim().toLocaleLowerCase().split(/\s+/).filter(Boolean))
    }
    const counts = this.counts()
    const [matched, matchedUnknown] = Object.values(f).some((v) => v !== undefined)
      ? (this.matching.get(params) as [number, number])
      : [counts.total, counts.unknown]
    const offset = query.offset ?? 0
    const end = query.limit === undefined ? matched : Math.min(matched, offset + query.limit)
    let rows: PortfolioRowData[] = []
    if (sort.key === 'worst' && sort.dir === 'asc') {
      // Those with figures in the index's order, then those without by name: each read from where
      // the window starts in it, so the first screen reads its rows and no others.
      const known = matched - matchedUnknown
      if (offset < known)
        rows = this.worstKnown.all({
          ...params,
          offset,
          limit: Math.min(end, known) - offset
        }) as PortfolioRowData[]
      const from = Math.max(offset, known)
      if (end > from) {
        rows = rows.concat(
          this.unknownByName.all({ ...params, offset: from - known, limit: end - from }) as PortfolioRowData[]
        )
      }
    } else if (end > offset) {
      rows = this.sorted(sort).all({ ...params, offset, limit: end - offset }) as PortfolioRowData[]
    }
    const { total, ...byStatus } = counts
    return { rows, offset, total, matched, counts: byStatus }
  }

  /** Every company's row, worst first. */
  all(): PortfolioRowData[] {
    return this.window().rows
  }

  /** Companies with no row yet (new, or their snapshots went with a change of what they mean). */
  withoutRow(): string[] {
    return this.missing.all() as string[]
  }

  private counts(): PortfolioList['counts'] & { total: number } {
    const counts = {
      total: 0,
      critical: 0,
      warning: 0,
      healthy: 0,
      excellent: 0,
      unknown: 0,
      notConnected: 0,
      demo: 0
    }
    const [total, notConnected, demo] = this.byCompany.get() as [number, number, number]
    let known = 0
    for (const [status, n] of this.byStatus.all() as [RunwayStatus, number][]) {
      counts[status] = n
      known += n
    }
    return { ...counts, total, notConnected, demo, unknown: total - known }
  }

  /** The whole list in another order: sorted here (half a millisecond for 500 clients). */
  private sorted(sort: PortfolioSort): Database.Statement {
    const key = `${sort.key}:${sort.dir}`
    let statement = this.windows.get(key)
    if (!statement) {
      statement = this.sqlite
        .prepare(
          `select ${COLUMNS} ${EVERY} where ${FILTER} order by ${orderBy(sort)} limit @limit offset @offset`
        )
        .raw()
      this.windows.set(key, statement)
    }
    return statement
  }
}

/** How SQLite reads the first screen of the list, worst first (the test that holds it to the index). */
export function firstScreenPlan(sqlite: Database.Database): string[] {
  const statement = new PortfolioRows(sqlite)['worstKnown']
  return (
    sqlite.prepare(`explain query plan ${statement.source}`).all({
      kind: 'all',
      status: 'all',
      attention: 0,
      underThirty: 0,
      ids: null,
      words: '[]',
      offset: 0,
      limit: 40
    }) as { detail: string }[]
  ).map((row) => row.detail)
}

export type PortfolioWindow = Omit<PortfolioList, 'rows'> & { rows: PortfolioRowData[] }

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
