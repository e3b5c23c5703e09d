// The client list's order and filters: any column either way, rows without the figure last, the
// worst-first order breaking ties; search, status, demo/real and the stale-or-signed-out filter.

import { describe, expect, it } from 'vitest'
import { filterRows, noFilter, sortRows } from '../../../src/renderer/src/lib/portfolio'
import type { PortfolioRow } from '../../../src/shared/views'

function row(
  name: string,
  figures: Partial<NonNullable<PortfolioRow['snapshot']>> | null,
  extra: Partial<PortfolioRow> = {}
): PortfolioRow {
  return {
    companyId: name.toLowerCase(),
    name,
    connection: 'connected',
    demo: false,
    lastSyncAt: '2027-03-15T10:00:00Z',
    stale: null,
    snapshot:
      figures === null
        ? null
        : {
            at: 'x',
            asOf: '2027-03-15',
            status: 'healthy',
            runwayDays: null,
            horizonDays: 91,
            statusDays: 100,
            cashZeroDate: null,
            cashCents: 0,
            overdueArCents: 0,
            apCents: 0,
            lowestCashCents: 0,
            lowestCashDate: '2027-03-15',
            mustPayWeekCents: 0,
            mustPayWeekCount: 0,
            weekChangeDays: null,
            ...figures
          },
    ...extra
  }
}

const rows = [
  row('Acme', {
    status: 'critical',
    runwayDays: 5,
    statusDays: 5,
    cashZeroDate: '2027-03-20',
    mustPayWeekCents: 900
  }),
  row('Birch', {
    status: 'warning',
    runwayDays: 40,
    statusDays: 40,
    cashZeroDate: '2027-04-24',
    mustPayWeekCents: 5000
  }),
  row('Cedar', { status: 'excellent', runwayDays: null, statusDays: 300, overdueArCents: 7000 }),
  row('Dune', null, { demo: true, connection: 'needs-reconnect' }),
  row(
    'Elm',
    { status: 'healthy', runwayDays: null, statusDays: 150, weekChangeDays: -4 },
    {
      stale: { reason: 'QuickBooks took too long', since: '2027-03-15T09:00:00Z' },
      demo: true
    }
  )
]
const names = (list: PortfolioRow[]) => list.map((r) => r.name)

describe('the client list', () => {
  it('sorts by any column, either way, with rows lacking the figure last', () => {
    expect(names(sortRows(rows, { key: 'worst', dir: 'asc' }))).toEqual([
      'Acme',
      'Birch',
      'Elm',
      'Cedar',
      'Dune'
    ])
    expect(names(sortRows(rows, { key: 'runway', dir: 'asc' }))).toEqual([
      'Acme',
      'Birch',
      'Elm',
      'Cedar',
      'Dune'
    ])
    expect(names(sortRows(rows, { key: 'runway', dir: 'desc' }))).toEqual([
      'Cedar',
      'Elm',
      'Birch',
      'Acme',
      'Dune'
    ])
    expect(names(sortRows(rows, { key: 'mustPay', dir: 'desc' }))).toEqual([
      'Birch',
      'Acme',
      'Elm',
      'Cedar',
      'Dune'
    ])
    expect(names(sortRows(rows, { key: 'overdue', dir: 'desc' }))[0]).toBe('Cedar')
    expect(names(sortRows(rows, { key: 'change', dir: 'asc' }))).toEqual([
      'Elm',
      'Acme',
      'Birch',
      'Cedar',
      'Dune'
    ])
    expect(names(sortRows(rows, { key: 'name', dir: 'desc' }))).toEqual([
      'Elm',
      'Dune',
      'Cedar',
      'Birch',
      'Acme'
    ])
  })

  it('filters by search words, status, demo or real, and what needs a sync or a sign-in', () => {
    const none = () => false
    expect(names(filterRows(rows, { ...noFilter, search: ' ced ' }, none))).toEqual(['Cedar'])
    expect(names(filterRows(rows, { ...noFilter, status: 'unknown' }, none))).toEqual(['Dune'])
    expect(names(filterRows(rows, { ...noFilter, kind: 'real' }, none))).toEqual(['Acme', 'Birch', 'Cedar'])
    expect(names(filterRows(rows, { ...noFilter, kind: 'demo' }, none))).toEqual(['Dune', 'Elm'])
    expect(names(filterRows(rows, { ...noFilter, attention: true }, none))).toEqual(['Dune', 'Elm'])
    // A sync that failed from this window counts before the core's row says so.
    expect(names(filterRows(rows, { ...noFilter, attention: true }, (id) => id === 'acme'))).toEqual([
      'Acme',
      'Dune',
      'Elm'
    ])
    expect(names(filterRows(rows, { ...noFilter, underThirty: true }, none))).toEqual(['Acme'])
  })
})
