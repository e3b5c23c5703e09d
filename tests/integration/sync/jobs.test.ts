import { afterEach, describe, expect, it } from 'vitest'
import { nextDue } from '../../../src/main/core/sync/strategies'
import { SYNCS_AT_ONCE } from '../../../src/main/core/jobs/scheduler'
import { SYNC_ALL_AT_ONCE } from '../../../src/main/core/sync'
import { QBO_LIMITS } from '../../../src/main/core/qbo/limiter'
import { requestLog, tinyRealm, world, type World } from '../../helpers/sandbox'
import { openDataFolder } from '../../helpers/data-folder'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

const MIN = 60_000
const settings = { scheduledSyncMinutes: 60, backgroundSyncMinutes: 240 }

describe('sync timing', () => {
  it('follows the strategy rules: idle → background, open → scheduled, active → shortened', () => {
    const t0 = Date.parse('2026-11-26T09:00:00Z')
    expect(nextDue(null, null, t0, settings)).toEqual({
      strategy: 'BACKGROUND',
      intervalMs: 240 * MIN,
      at: null
    })
    expect(nextDue(t0, null, t0, settings)).toEqual({
      strategy: 'BACKGROUND',
      intervalMs: 240 * MIN,
      at: t0 + 240 * MIN
    })
    expect(nextDue(t0, t0 - 30 * MIN, t0, settings)).toMatchObject({
      strategy: 'SCHEDULED',
      intervalMs: 60 * MIN
    })
    expect(nextDue(t0, t0 - 2 * MIN, t0, settings)).toMatchObject({
      strategy: 'SCHEDULED',
      intervalMs: 15 * MIN
    })
    expect(nextDue(t0, t0 - 2 * MIN, t0, { ...settings, scheduledSyncMinutes: 10 })).toMatchObject({
      intervalMs: 10 * MIN
    })
    expect(nextDue(t0, t0 - 61 * MIN, t0, settings)).toMatchObject({ strategy: 'BACKGROUND' })
  })

  it('the job scheduler syncs a company when it is due, by the injected clock, and logs each run', async () => {
    const w = await world()
    worlds.push(w)
    const id = await w.connect()
    const jobs = w.core.services.jobs
    const syncs = async (): Promise<number> =>
      (await requestLog(w)).filter((e) => e.path.endsWith('/cdc')).length

    await jobs.tick() // never synced: due now (catch-up on launch)
    expect((await w.core.invoke('sync.status', { companyId: id })).ok).toBe(true)
    const status = await w.core.services.sync.status(id)
    expect(status.lastSyncAt).toBe(w.clock.now().toISOString())
    expect(status.nextStrategy).toBe('BACKGROUND')

    const before = await syncs()
    w.clock.advance(239 * MIN)
    await jobs.tick()
    expect(await syncs()).toBe(before)
    w.clock.advance(2 * MIN)
    await jobs.tick()
    expect(await syncs()).toBe(before + 1)

    // The user is at work on this company: 15 minutes after the last sync it syncs again.
    w.core.services.sync.service(id).recordUserActivity()
    w.clock.advance(8 * MIN)
    await jobs.tick()
    expect(await syncs()).toBe(before + 1)
    w.core.services.sync.service(id).recordUserActivity()
    w.clock.advance(8 * MIN)
    await jobs.tick()
    expect(await syncs()).toBe(before + 2)

    const db = openDataFolder(w.dataDir, { readonly: true })
    const runs = db
      .prepare(
        `select job, company_id, outcome, finished_at from job_runs where job like 'sync:%' order by id`
      )
      .all() as Record<string, unknown>[]
    db.close()
    expect(runs.map((r) => r.job)).toEqual(['sync:BACKGROUND', 'sync:BACKGROUND', 'sync:SCHEDULED'])
    expect(runs.every((r) => r.outcome === 'ok' && r.company_id === id && r.finished_at)).toBe(true)
  })

  it('never runs two syncs of one company at once, even when ticks overlap', async () => {
    const w = await world()
    worlds.push(w)
    const id = await w.connect()
    await w.control('POST', '/latency', { ms: 80 })
    await Promise.all([
      w.core.services.jobs.tick(),
      w.core.services.jobs.tick(),
      w.core.invoke('sync.now', { companyId: id })
    ])
    // A full sync starts with one batch request (company info, preferences, counts): one sync, one batch.
    const batches = (await requestLog(w)).filter((e) => e.path.endsWith('/batch'))
    expect(batches).toHaveLength(1)
  })

  /** The most companies whose syncs overlapped: each realm's first request's arrival to its last answer. */
  async function mostAtOnce(w: World): Promise<{ realms: number; most: number }> {
    const spans = new Map<string, [number, number]>()
    for (const e of await requestLog(w)) {
      if (e.area !== 'api' || !e.realmId) continue
      const start = Date.parse(e.time)
      const end = start + (e.durationMs ?? 0)
      const span = spans.get(e.realmId)
      spans.set(e.realmId, span ? [Math.min(span[0], start), Math.max(span[1], end)] : [start, end])
    }
    const edges = [...spans.values()].flatMap(([a, b]) => [
      [a, 1],
      [b, -1]
    ])
    edges.sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)
    let open = 0
    let most = 0
    for (const [, step] of edges) most = Math.max(most, (open += step!))
    return { realms: spans.size, most }
  }

  async function firm(n: number): Promise<World> {
    const realms = Array.from({ length: n }, (_, i) =>
      tinyRealm(`9341453000000${100 + i}`, `Client ${i} LLC`)
    )
    const w = await world({ realms, clock: 'running', sandbox: { latencyMs: 40 } })
    worlds.push(w)
    for (const realm of realms) await w.connect(realm.realmId)
    await w.control('DELETE', '/log')
    return w
  }

  it('runs at most two due syncs at once, and every due company gets its turn in the same tick', async () => {
    const w = await firm(5)
    await w.core.services.jobs.tick()
    expect(await mostAtOnce(w)).toEqual({ realms: 5, most: SYNCS_AT_ONCE })
  })

  it('"sync all" reads many realms at once, each within its own limits, every one of them', async () => {
    const w = await firm(SYNC_ALL_AT_ONCE + 3)
    const result = await w.core.invoke('sync.now', {})
    expect(result.ok).toBe(true)
    expect((result as { value: { ok: boolean }[] }).value.every((s) => s.ok)).toBe(true)
    // More than the six of before (a first sync is mostly waiting on QBO), never more than the limit.
    expect(SYNC_ALL_AT_ONCE).toBeGreaterThan(6)
    expect(await mostAtOnce(w)).toEqual({ realms: SYNC_ALL_AT_ONCE + 3, most: SYNC_ALL_AT_ONCE })
    // Per realm: one sync (its one opening batch) and never more requests in flight than QBO allows.
    const log = (await requestLog(w)).filter((e) => e.area === 'api' && e.realmId)
    const realms = new Set(log.map((e) => e.realmId))
    for (const realm of realms) {
      const mine = log.filter((e) => e.realmId === realm)
      expect(mine.filter((e) => e.path.endsWith('/batch'))).toHaveLength(1)
      const edges = mine
        .flatMap((e) => [
          [Date.parse(e.time), 1],
          [Date.parse(e.time) + (e.durationMs ?? 0), -1]
        ])
        .sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!)
      let open = 0
      let most = 0
      for (const [, step] of edges) most = Math.max(most, (open += step!))
      expect(most).toBeLessThanOrEqual(QBO_LIMITS.maxInFlight)
    }
  })

  it('logs a failed run with its reason and keeps going', async () => {
    const w = await world()
    worlds.push(w)
    await w.connect()
    await w.control('POST', '/outage', { mode: 'reset' })
    await w.core.services.jobs.tick()
    const db = openDataFolder(w.dataDir, { readonly: true })
    const run = db.prepare(`select outcome, details_json from job_runs where job like 'sync:%'`).get() as {
      outcome: string
      details_json: string
    }
    db.close()
    expect(run.outcome).toBe('failed')
    expect(JSON.parse(run.details_json).error).toMatch(/reach QuickBooks/)
  })
})
