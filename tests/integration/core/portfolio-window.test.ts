// The client list as a window: a screen asks for the rows it shows of the sorted, filtered list, and
// gets them with the totals and the counts per status of every client (issue 19: 500 clients must
// cost what 50 do). 60 clients' rows written straight into a real data folder, figures chosen so
// every order has ties, gaps and clients without figures.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import type { PortfolioList, PortfolioQuery, PortfolioSortKey } from '../../../src/shared/contract'
import type { PortfolioRow } from '../../../src/shared/views'
import { openDataFolder } from '../../helpers/data-folder'
import { firstScreenPlan } from '../../../src/main/core/db/snapshots'
import { call } from '../../helpers/invoke'
import { tempDir } from '../../helpers/temp'

const N = 60
const STATUSES = ['critical', 'warning', 'healthy', 'excellent'] as const
let core: Core
const tmp = tempDir()

beforeAll(async () => {
  const first = await createCore({ dataDir: tmp.dir, host: 'cli', serve: false })
  await first.stop()
  const db = openDataFolder(tmp.dir)
  const company = db.prepare(
    `insert into companies (id, name, realm_id, environment, status, origin, created_at, last_sync_at, sync_failed_at, sync_failure)
     values (?, ?, ?, 'custom', ?, ?, '2026-11-01T00:00:00.000Z', ?, ?, ?)`
  )
  const row = db.prepare(
    `insert into portfolio_rows (company_id, taken_at, as_of, status, runway_days, status_days, horizon_days,
       cash_zero_date, cash_cents, overdue_ar_cents, ap_cents, week_change_days, lowest_cash_cents,
       lowest_cash_date, must_pay_week_cents, must_pay_week_count)
     values (?, '2026-11-26T09:00:00.000Z', '2026-11-26', ?, ?, ?, 91, ?, ?, ?, ?, ?, ?, '2026-12-01', ?, ?)`
  )
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = `c${String(i).padStart(3, '0')}`
      // Every seventh a demo company, every ninth not connected, every eleventh's last sync failed.
      const name = i === 5 ? 'Café Élan' : `${['Acme', 'Birch', 'Cobalt', 'Delta'][i % 4]} ${i % 6} Holdings`
      company.run(
        id,
        name,
        String(1000 + i),
        i % 9 === 0 ? 'needs-reconnect' : 'connected',
        i % 7 === 0 ? 'test-drive' : 'user',
        i % 10 === 0 ? null : `2026-11-${String(10 + (i % 15)).padStart(2, '0')}T08:00:00.000Z`,
        i % 11 === 0 ? '2026-11-26T08:00:00.000Z' : null,
        i % 11 === 0 ? 'QuickBooks did not answer' : null
      )
      // Every eighth has no figures yet.
      if (i % 8 === 3) continue
      const status = STATUSES[i % 4]!
      const days = status === 'excellent' ? null : (i * 7) % 120
      row.run(
        id,
        status,
        days,
        days ?? (i % 3 === 0 ? null : 200 + i),
        days === null ? null : `2027-0${1 + (i % 5)}-1${i % 10}`,
        100_000 * i,
        (i % 5) * 2_500,
        i * 1_000,
        i % 4 === 0 ? null : (i % 9) - 4,
        -1_000 * ((i * 13) % 17),
        (i % 6) * 10_000,
        i % 6
      )
    }
  })()
  db.close()
  core = await createCore({ dataDir: tmp.dir, host: 'cli', serve: false })
})

afterAll(async () => {
  await core?.stop()
  tmp.cleanup()
})

const list = (query?: PortfolioQuery): Promise<PortfolioList> =>
  call<PortfolioList>({ core }, 'portfolio.list', query)

const runwayValue = (r: PortfolioRow): number | null =>
  r.snapshot
    ? (r.snapshot.runwayDays ?? r.snapshot.horizonDays + (r.snapshot.statusDays ?? r.snapshot.horizonDays))
    : null

const values: Record<Exclude<PortfolioSortKey, 'worst'>, (r: PortfolioRow) => number | string | null> = {
  name: (r) => r.name.toLowerCase(),
  runway: runwayValue,
  cashZero: (r) => (r.snapshot ? (r.snapshot.cashZeroDate ?? '9999-12-31') : null),
  lowest: (r) => r.snapshot?.lowestCashCents ?? null,
  mustPay: (r) => r.snapshot?.mustPayWeekCents ?? null,
  overdue: (r) => r.snapshot?.overdueArCents ?? null,
  change: (r) => r.snapshot?.weekChangeDays ?? null,
  lastSync: (r) => r.lastSyncAt ?? ''
}

describe('portfolio.list', () => {
  it('without a window: every client, worst first, with the totals and counts', async () => {
    const all = await list()
    expect(all.rows).toHaveLength(N)
    expect(all).toMatchObject({ offset: 0, total: N, matched: N })
    const count = (f: (r: PortfolioRow) => boolean): number => all.rows.filter(f).length
    expect(all.counts).toEqual({
      critical: count((r) => r.snapshot?.status === 'critical'),
      warning: count((r) => r.snapshot?.status === 'warning'),
      healthy: count((r) => r.snapshot?.status === 'healthy'),
      excellent: count((r) => r.snapshot?.status === 'excellent'),
      unknown: count((r) => r.snapshot === null),
      notConnected: count((r) => r.connection !== 'connected'),
      demo: count((r) => r.demo)
    })
    expect(all.counts.unknown).toBeGreaterThan(0)
    // Worst first: by band, then fewest days; those without figures last.
    const band = (r: PortfolioRow): number => (r.snapshot ? STATUSES.indexOf(r.snapshot.status) : 4)
    const bands = all.rows.map(band)
    expect(bands).toEqual([...bands].sort((a, b) => a - b))
    const critical = all.rows
      .filter((r) => r.snapshot?.status === 'critical')
      .map((r) => r.snapshot!.statusDays!)
    expect(critical).toEqual([...critical].sort((a, b) => a - b))
  })

  it('a window is the same rows as that slice of the whole list, with the same totals', async () => {
    const all = await list()
    for (const [offset, limit] of [
      [0, 12],
      [24, 18],
      [55, 30],
      [70, 10]
    ] as const) {
      const window = await list({ offset, limit })
      expect(window.rows).toEqual(all.rows.slice(offset, offset + limit))
      expect(window).toMatchObject({ offset, total: N, matched: N, counts: all.counts })
    }
  })

  it('sorts by every column both ways in the core, clients without the figure last', async () => {
    for (const [key, value] of Object.entries(values) as [
      keyof typeof values,
      (r: PortfolioRow) => unknown
    ][]) {
      for (const dir of ['asc', 'desc'] as const) {
        const { rows } = await list({ sort: { key, dir } })
        expect(rows).toHaveLength(N)
        const seen = rows.map(value)
        const firstNull = seen.indexOf(null)
        if (firstNull >= 0)
          expect(
            seen.slice(firstNull).every((v) => v === null),
            `${key} ${dir}`
          ).toBe(true)
        const known = (firstNull >= 0 ? seen.slice(0, firstNull) : seen) as (number | string)[]
        const sorted = [...known].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        expect(known, `${key} ${dir}`).toEqual(dir === 'asc' ? sorted : sorted.reverse())
        // A window of a sorted list is that slice of it.
        expect((await list({ sort: { key, dir }, offset: 20, limit: 7 })).rows).toEqual(rows.slice(20, 27))
      }
    }
  })

  it('filters and searches in the core: matched counts the filtered, total and counts every client', async () => {
    const all = (await list()).rows
    const cases: [NonNullable<PortfolioQuery['filter']>, (r: PortfolioRow) => boolean][] = [
      [{ status: 'warning' }, (r) => r.snapshot?.status === 'warning'],
      [{ status: 'unknown' }, (r) => r.snapshot === null],
      [{ kind: 'demo' }, (r) => r.demo],
      [{ kind: 'real' }, (r) => !r.demo],
      [{ attention: true }, (r) => r.stale !== null || r.connection !== 'connected'],
      [{ underThirty: true }, (r) => r.snapshot?.runwayDays != null && r.snapshot.runwayDays < 30],
      [{ search: ' acme  HOLD ' }, (r) => r.name.toLowerCase().includes('acme')],
      [{ search: 'élan' }, (r) => r.name === 'Café Élan'],
      [
        { search: 'acme', status: 'critical', kind: 'real' },
        (r) => r.name.startsWith('Acme') && r.snapshot?.status === 'critical' && !r.demo
      ],
      [{ companyIds: ['c005', 'c017'] }, (r) => r.companyId === 'c005' || r.companyId === 'c017']
    ]
    for (const [filter, keep] of cases) {
      const expected = all.filter(keep)
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0)
      const found = await list({ filter, limit: 5 })
      expect(found.rows, JSON.stringify(filter)).toEqual(expected.slice(0, 5))
      expect(found.matched, JSON.stringify(filter)).toBe(expected.length)
      expect(found.total).toBe(N)
      expect((await list({ filter, offset: 5, limit: 100 })).rows).toEqual(expected.slice(5))
    }
  })

  it('refuses a window it cannot serve', async () => {
    for (const input of [
      { offset: -1 },
      { limit: 1.5 },
      { sort: { key: 'cash', dir: 'asc' } },
      { filter: { status: 'bad' } }
    ]) {
      const result = await core.invoke('portfolio.list', input)
      expect(result.ok, JSON.stringify(input)).toBe(false)
    }
  })
})

describe('the first screen', () => {
  it('reads the clients with figures in worst-first order from an index, sorting only ties by name', () => {
    const db = openDataFolder(tmp.dir, { readonly: true })
    try {
      const plan = firstScreenPlan(db)
      expect(plan).toContainEqual(expect.stringMatching(/^SCAN p USING INDEX portfolio_rows_worst/))
      expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY')
    } finally {
      db.close()
    }
  })
})

describe('the kept answer', () => {
  it('is handed out again while nothing changed, and never outlives a change from any connection', async () => {
    const first = await list({ limit: 5 })
    expect(await list({ limit: 5 })).toBe(first)
    // Another connection (a second process, a worker) moves the worst client to excellent.
    const worst = first.rows[0]!
    const db = openDataFolder(tmp.dir)
    try {
      db.prepare(
        `update portfolio_rows set status = 'excellent', runway_days = null where company_id = ?`
      ).run(worst.companyId)
    } finally {
      db.close()
    }
    const moved = await list({ limit: 5 })
    expect(moved.rows.map((r) => r.companyId)).not.toContain(worst.companyId)
    expect(moved.counts.critical).toBe(first.counts.critical - 1)
    // The core's own change: a client removed through it leaves the list at once.
    const gone = moved.rows[0]!.companyId
    await call({ core }, 'companies.remove', { companyId: gone, deleteActivity: true })
    const after = await list({ limit: 5 })
    expect(after.total).toBe(first.total - 1)
    expect(after.rows.map((r) => r.companyId)).not.toContain(gone)
  })
})
