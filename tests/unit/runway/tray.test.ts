import { describe, expect, it } from 'vitest'
import { TRAY_ITEMS, trayView as viewOf } from '../../../src/main/core/experiences/tray'
import type { PortfolioList } from '../../../src/shared/contract'
import type { PortfolioRow } from '../../../src/shared/views'

const row = (
  name: string,
  status: 'critical' | 'warning' | 'healthy' | 'excellent' | null,
  days: number | null,
  zero: string | null = null
): PortfolioRow => ({
  companyId: name,
  name,
  connection: 'connected',
  demo: false,
  lastSyncAt: null,
  stale: null,
  snapshot:
    status === null
      ? null
      : {
          at: 'x',
          asOf: '2026-11-26',
          status,
          runwayDays: days,
          horizonDays: 91,
          statusDays: days ?? 173,
          cashZeroDate: zero,
          cashCents: 0,
          overdueArCents: 0,
          apCents: 0,
          lowestCashCents: 0,
          lowestCashDate: '2026-11-26',
          mustPayWeekCents: 0,
          mustPayWeekCount: 0,
          weekChangeDays: null
        }
})

/** The list's counts: the tray reads only how many are critical. */
const counts = (critical: number): PortfolioList['counts'] => ({ ...NO_COUNTS, critical })
const NO_COUNTS = { critical: 0, warning: 0, healthy: 0, excellent: 0, unknown: 0, notConnected: 0, demo: 0 }

/** The list as portfolio.list answers it, every row in it. */
const trayView = (rows: PortfolioRow[]): ReturnType<typeof viewOf> =>
  viewOf({
    rows,
    total: rows.length,
    counts: counts(rows.filter((r) => r.snapshot?.status === 'critical').length)
  })

describe('tray view', () => {
  it('shows the worst company in colour, title and tooltip', () => {
    const view = trayView([row('Redwood', 'critical', 4, '2026-11-30'), row('Northwind', 'excellent', null)])
    expect(view).toMatchObject({
      status: 'critical',
      title: '4d',
      tooltip: 'Runway — Redwood: 4 days (cash out 2026-11-30)'
    })
    expect(view.items.map((i) => i.label)).toEqual([
      'Redwood — 4 days (cash out 2026-11-30)',
      'Northwind — more than 13 weeks'
    ])
    expect(trayView([row('Northwind', 'excellent', null)]).title).toBe('13w+')
  })

  it('says which company is short now, and which lost its last sync', () => {
    const stale = {
      ...row('Brightline', 'warning', 40, '2027-01-05'),
      stale: { reason: 'QuickBooks answered 500', since: 'x' }
    }
    expect(trayView([row('Redwood', 'critical', 0, '2026-11-26'), stale]).items.map((i) => i.label)).toEqual([
      'Redwood — cash short now',
      'Brightline — 40 days (cash out 2027-01-05) (last sync failed)'
    ])
  })

  it('counts several critical companies and waits for figures', () => {
    expect(
      trayView([row('A', 'critical', 0, '2026-11-26'), row('B', 'critical', 3, '2026-11-29')]).tooltip
    ).toBe('Runway — 2 companies critical')
    expect(trayView([row('A', null, null)])).toMatchObject({
      status: 'unknown',
      tooltip: 'Runway: waiting for the first sync'
    })
    expect(trayView([])).toMatchObject({ status: 'unknown', tooltip: 'Runway: no companies yet' })
  })

  it('names the worst few of a large firm and counts the rest, with every critical client in the lead', () => {
    const rows = Array.from({ length: TRAY_ITEMS }, (_, i) =>
      row(`Client ${i}`, 'critical', i + 1, '2026-12-01')
    )
    const view = viewOf({ rows, total: 500, counts: counts(37) })
    expect(view.items).toHaveLength(TRAY_ITEMS)
    expect(view.more).toBe(500 - TRAY_ITEMS)
    expect(view.tooltip).toBe('Runway — 37 companies critical')
    expect(trayView(rows).more).toBe(0)
  })
})
