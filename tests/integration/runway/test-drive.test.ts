import { afterEach, describe, expect, it } from 'vitest'
import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { createCore, type Core } from '../../../src/main/core'
import type { CompanySummary, PortfolioList, SyncSummary } from '../../../src/shared/contract'
import { fixedClock } from '../../../src/shared/dates'
import { tempDir } from '../../helpers/temp'
import { instantOn, judge } from './demo-story'

const open: Core[] = []
const dirs: { cleanup(): void }[] = []
afterEach(async () => {
  for (const core of open.splice(0)) await core.stop()
  for (const dir of dirs.splice(0)) dir.cleanup()
})

// A Saturday that ends a month: payroll, rent and the weekend all fall around it.
const clock = fixedClock(instantOn('2027-07-31'))

async function core(dataDir: string): Promise<Core> {
  const c = await createCore({ dataDir, host: 'web', jobs: false, clock, testDrive: startTestDriveSandbox })
  open.push(c)
  await c.start()
  return c
}

describe('test drive', () => {
  it(
    'connects and syncs three demo companies, and survives a restart of the app',
    { timeout: 60_000 },
    async () => {
      const tmp = tempDir()
      dirs.push(tmp)
      const first = await core(tmp.dir)
      const started = (await first.invoke('testDrive.start', undefined)) as {
        ok: true
        value: CompanySummary[]
      }
      expect(started.value.map((c) => c.name).sort()).toEqual([
        'Brightline Consulting Group',
        'Northwind Creative Agency',
        'Redwood Events & Catering'
      ])
      const portfolio = (await first.invoke('portfolio.list', undefined)) as {
        ok: true
        value: PortfolioList
      }
      expect(judge('2027-07-31', portfolio.value.rows)).toEqual([])
      expect(portfolio.value.rows.map((r) => r.snapshot?.status)).toEqual([
        'critical',
        'warning',
        'excellent'
      ])
      // Starting again changes nothing.
      expect(
        ((await first.invoke('testDrive.start', undefined)) as { value: CompanySummary[] }).value
      ).toHaveLength(3)
      await first.stop()
      open.splice(0)

      // A new session a day later: the sandbox comes back from its state file, the tokens still work.
      clock.advance(86_400_000)
      const second = await core(tmp.dir)
      const synced = (await second.invoke('sync.now', undefined)) as { ok: true; value: SyncSummary[] }
      expect(synced.value).toHaveLength(3)
      expect(synced.value.every((s) => s.ok && s.mode === 'incremental')).toBe(true)
    }
  )

  it('is off in a host that gives the core no sandbox', async () => {
    const tmp = tempDir()
    dirs.push(tmp)
    const c = await createCore({ dataDir: tmp.dir, host: 'cli', jobs: false, clock })
    open.push(c)
    await c.start()
    expect(await c.invoke('testDrive.start', undefined)).toEqual({
      ok: false,
      error: { kind: 'server', message: 'this host has no test drive' }
    })
  })
})
