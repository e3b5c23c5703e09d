// What the Settings and Activity screens read: every sync kept with its outcome (on demand and
// failed ones too), the log folder, the settings the screen edits validated and kept, a new
// company's minimum from the default, the digest's time.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Settings, SyncRun } from '../../../src/shared/contract'
import { dueDigestWeekEnd } from '../../../src/main/core/today'
import { call, failure } from '../../helpers/invoke'
import { world, type World } from '../../helpers/sandbox'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

describe('sync history', () => {
  it('keeps every sync, the failed ones with their reason, newest first, per company', async () => {
    const w = await world()
    worlds.push(w)
    const id = await w.connect()
    await call(w, 'sync.now', { companyId: id })
    await w.control('POST', '/outage', { mode: '503' })
    const [failed] = await call<{ ok: boolean }[]>(w, 'sync.now', { companyId: id })
    expect(failed!.ok).toBe(false)

    const runs = await call<SyncRun[]>(w, 'sync.history', { companyId: id })
    expect(runs.map((r) => [r.strategy, r.ok])).toEqual([
      ['ON_DEMAND', false],
      ['ON_DEMAND', true]
    ])
    expect(runs[0]!.error?.kind).toBe('server')
    expect(runs[0]!.error?.message).toMatch(/\S/)
    expect(runs[1]!).toMatchObject({ mode: 'full', companyId: id })
    expect(runs[1]!.fetched).toBeGreaterThan(0)
    expect(await call<SyncRun[]>(w, 'sync.history', { companyId: 'someone-else' })).toEqual([])
    expect(await call<SyncRun[]>(w, 'sync.history')).toHaveLength(2)

    // The failure is in the log file too, in the folder app.openLogs names (the CLI host opens nothing).
    const logs = await call<{ path: string; opened: boolean }>(w, 'app.openLogs')
    expect(logs).toEqual({ path: join(w.dataDir, 'logs'), opened: false })
    const log = readFileSync(join(logs.path, 'runway.log'), 'utf8')
    expect(log).toContain(`sync failed: company ${id} (ON_DEMAND): server:`)
  })
})

describe('settings', () => {
  it('validates and keeps what the Settings screen edits; a new company starts at the default minimum', async () => {
    const w = await world()
    worlds.push(w)
    const bad = await failure(w, 'settings.set', { digestTime: '25:00' })
    expect(bad.kind).toBe('validation')
    expect(bad.field).toBe('digestTime')
    expect((await failure(w, 'settings.set', { defaultMinCashCents: -1 })).field).toBe('defaultMinCashCents')
    expect((await failure(w, 'settings.set', { scheduledSyncMinutes: 2 })).field).toBe('scheduledSyncMinutes')

    const saved = await call<Settings>(w, 'settings.set', {
      digestTime: '08:30',
      defaultMinCashCents: 500_000
    })
    expect(saved).toMatchObject({ digestTime: '08:30', defaultMinCashCents: 500_000, theme: 'system' })
    expect(await call<Settings>(w, 'settings.get')).toEqual(saved)

    const id = await w.connect()
    await call(w, 'sync.now', { companyId: id })
    const view = await call<{ minCashCents: number }>(w, 'runway.get', { companyId: id })
    expect(view.minCashCents).toBe(500_000)
  })

  it('makes the digest from its time on the digest day, in the computer time zone', () => {
    // Friday 4 Dec 2026 (weekday 5) in UTC.
    const friday = (time: string) => new Date(`2026-12-04T${time}:00Z`)
    expect(dueDigestWeekEnd(friday('08:29'), 5, '08:30', 'UTC')).toBe('2026-11-27')
    expect(dueDigestWeekEnd(friday('08:30'), 5, '08:30', 'UTC')).toBe('2026-12-04')
    expect(dueDigestWeekEnd(friday('00:00'), 5, '00:00', 'UTC')).toBe('2026-12-04')
    // Saturday is past Friday's time whatever the hour.
    expect(dueDigestWeekEnd(new Date('2026-12-05T01:00:00Z'), 5, '23:00', 'UTC')).toBe('2026-12-04')
    // 13:00 UTC is 05:00 in Los Angeles: Friday there, before a 06:00 digest.
    expect(dueDigestWeekEnd(new Date('2026-12-04T13:00:00Z'), 5, '06:00', 'America/Los_Angeles')).toBe(
      '2026-11-27'
    )
  })
})
