// One digest per company per week, whatever restarts and closed weeks come between; and the alert
// a sync raises when it takes days off a runway, with why.

import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import type { DigestListItem, RunwayAlert } from '../../../src/shared/views'
import { call } from '../../helpers/invoke'
import { billBody, tinyRealm, world, type World } from '../../helpers/sandbox'

const worlds: World[] = []
const cores: Core[] = []
afterEach(async () => {
  for (const c of cores.splice(0)) await c.stop()
  for (const w of worlds.splice(0)) await w.close()
})

describe('weekly digests', () => {
  it(
    'are made once per week across restarts, and the weeks the app was closed are made late, once',
    { timeout: 120_000 },
    async () => {
      const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
      worlds.push(w)
      const id = await w.connect(w.sandbox.info.realms[0]!.realmId)
      await call(w, 'settings.set', { digestWeekday: 4 })
      await w.core.services.jobs.tick()
      await w.core.stop()

      // Closed for three weeks; opened on the Friday after the third.
      w.clock.set('2026-12-18T15:00:00Z')
      const reopen = async (): Promise<Core> => {
        const core = await createCore({
          dataDir: w.dataDir,
          host: 'cli',
          clock: w.clock,
          qbo: { backoffBaseMs: 20 }
        })
        cores.push(core)
        return core
      }
      const second = await reopen()
      await second.services.jobs.tick()
      await second.services.jobs.tick()
      await second.stop()
      const third = await reopen()
      await third.services.jobs.tick()
      const list = await call<DigestListItem[]>({ core: third }, 'digest.list', { companyId: id })
      expect(list.map((d) => d.weekEnd)).toEqual(['2026-12-17', '2026-12-10', '2026-12-03', '2026-11-26'])
      const late = await Promise.all(
        list.map(async (d) => (await third.services.reports.view(id, d.weekEnd)).madeLate)
      )
      expect(late).toEqual([{ on: '2026-12-18' }, { on: '2026-12-18' }, { on: '2026-12-18' }, null])
    }
  )
})

describe('runway alerts', () => {
  it(
    'after a sync that takes days off, say how many and why; a sync that changes nothing says nothing',
    { timeout: 60_000 },
    async () => {
      const realm = tinyRealm()
      const ids = (realm as unknown as { ids: { expense: string; vendors: string[] } }).ids
      const w = await world({ realms: [realm] })
      worlds.push(w)
      const id = await w.connect()
      await call(w, 'sync.now', { companyId: id })
      const alerts: RunwayAlert[] = []
      w.core.subscribe((event, payload) => event === 'runway.alert' && alerts.push(payload as RunwayAlert))
      await call(w, 'sync.now', { companyId: id })
      expect(alerts).toEqual([])

      await w.control('POST', `/realms/${w.realmId}/mutate`, {
        operation: 'create',
        entity: 'Bill',
        record: billBody(ids.vendors[1]!, ids.expense, 30_000, '2026-12-01')
      })
      await call(w, 'sync.now', { companyId: id })
      expect(alerts).toHaveLength(1)
      const alert = alerts[0]!
      expect(alert).toMatchObject({
        companyId: id,
        fromDays: null,
        toDays: 5,
        fromStatus: 'excellent',
        toStatus: 'critical'
      })
      expect(alert.message).toMatch(
        /^Runway dropped 86 days \(more than 13 weeks → 5 days\); now critical \(was excellent\): 1 new bill, \$30,000\.00/
      )
      const causes = alert.causes!
      expect(causes.causes.reduce((s, c) => s + c.days, 0)).toBe(causes.changeDays)
      expect(causes.causes.find((c) => c.kind === 'new-bills')).toMatchObject({
        count: 1,
        amountCents: 3_000_000
      })
    }
  )
})
