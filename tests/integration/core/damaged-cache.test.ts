// A damaged cache is noticed and healed: 20 pages in the middle of runway.sqlite overwritten with dd.

import { execFileSync } from 'node:child_process'
import { existsSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import { BACKUPS_KEPT, checkFile, CACHE_FILE, USER_FILE } from '../../../src/main/core/db/data-files'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { tempDir } from '../../helpers/temp'
import type { ActivityEntry, SyncSummary } from '../../../src/shared/contract'
import { cacheSnapshot, sandboxSnapshot } from '../../helpers/compare'
import { openDataFolder } from '../../helpers/data-folder'
import { call } from '../../helpers/invoke'
import { world, type World } from '../../helpers/sandbox'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

/** Overwrites 20 pages in the middle of the file with random bytes, as the audit did. */
function damage(file: string, count: number | 'all but the first' = 20): void {
  const header = Buffer.alloc(2)
  const fd = openSync(file, 'r')
  readSync(fd, header, 0, 2, 16)
  closeSync(fd)
  const pageSize = header.readUInt16BE(0) === 1 ? 65536 : header.readUInt16BE(0)
  const pages = Math.floor(statSync(file).size / pageSize)
  const n = count === 'all but the first' ? pages - 1 : count
  const seek = count === 'all but the first' ? 1 : Math.floor(pages / 2 - n / 2)
  expect(pages).toBeGreaterThan(count === 'all but the first' ? 1 : 2 * n)
  execFileSync('dd', [
    'if=/dev/urandom',
    `of=${file}`,
    `bs=${pageSize}`,
    `seek=${seek}`,
    `count=${n}`,
    'conv=notrunc',
    'status=none'
  ])
  expect(checkFile(file)).not.toBeNull()
}

async function synced(): Promise<{ w: World; id: string; decisions: () => unknown[] }> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  cleanups.push(() => w.close())
  const id = await w.connect()
  await call(w, 'sync.now', { companyId: id })
  const bill = (await call<{ id: string }[]>(w, 'bills.list', { companyId: id }))[0]!
  await call(w, 'bills.schedule', { companyId: id, billId: bill.id, payOn: '2026-12-20' })
  const decisions = (): unknown[] => {
    const db = openDataFolder(w.dataDir, { readonly: true })
    try {
      return db.prepare('select company_id, bill_id, pay_on from bill_schedules').all()
    } finally {
      db.close()
    }
  }
  expect(decisions()).toHaveLength(1)
  return { w, id, decisions }
}

async function healed(
  w: World,
  core: Pick<Core, 'invoke'>,
  id: string,
  before: ActivityEntry[]
): Promise<void> {
  const activity = await call<ActivityEntry[]>({ core: core as Core }, 'activity.list', { limit: 1000 })
  const repaired = activity.filter((e) => e.action === 'data.repaired')
  expect(repaired).toHaveLength(1)
  expect(repaired[0]!.details).toMatchObject({ file: 'cache', keptAt: expect.stringContaining('damaged') })
  // The damaged file is kept aside; the one in its place is whole.
  const kept = readdirSync(join(w.dataDir, 'damaged')).filter((name) => name.endsWith(CACHE_FILE))
  expect(kept).toHaveLength(1)
  expect(checkFile(join(w.dataDir, 'damaged', kept[0]!))).not.toBeNull()
  expect(checkFile(join(w.dataDir, CACHE_FILE))).toBeNull()
  // The audit trail from before is all there.
  for (const entry of before) expect(activity).toContainEqual(entry)
  // And the cache holds what QBO has.
  expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
}

describe('a damaged cache', () => {
  it(
    'is found at start, set aside and read again from QBO; decisions and the audit trail stay',
    { timeout: 120_000 },
    async () => {
      const { w, id, decisions } = await synced()
      const kept = decisions()
      const before = await call<ActivityEntry[]>(w, 'activity.list', { limit: 1000 })
      await w.core.stop()
      damage(join(w.dataDir, CACHE_FILE))

      const core = await createCore({
        dataDir: w.dataDir,
        host: 'cli',
        clock: w.clock,
        qbo: { backoffBaseMs: 20 }
      })
      cleanups.push(() => core.stop())
      await core.start()
      const [summary] = await call<SyncSummary[]>({ core }, 'sync.now', { companyId: id })
      expect(summary).toMatchObject({ ok: true, mode: 'full' })
      await healed(w, core, id, before)
      expect(decisions()).toEqual(kept)
      expect(await call({ core }, 'runway.get', { companyId: id })).toMatchObject({
        cashCents: expect.any(Number)
      })
    }
  )

  it(
    'damaged while the app runs: sync.now does not say ok over it, but makes the cache anew and reads it again',
    { timeout: 120_000 },
    async () => {
      const { w, id, decisions } = await synced()
      const kept = decisions()
      const before = await call<ActivityEntry[]>(w, 'activity.list', { limit: 1000 })
      // Everything into the file, so what dd overwrites is what the app reads.
      const db = openDataFolder(w.dataDir)
      db.pragma('cache.wal_checkpoint(TRUNCATE)')
      db.close()
      damage(join(w.dataDir, CACHE_FILE))

      const [summary] = await call<SyncSummary[]>(w, 'sync.now', { companyId: id })
      expect(summary).toMatchObject({ ok: true, mode: 'full' })
      await healed(w, w.core, id, before)
      expect(decisions()).toEqual(kept)
    }
  )
})

describe('the user file', () => {
  it(
    'is backed up online, rotated, and restored from the newest whole backup when damaged',
    { timeout: 60_000 },
    async () => {
      const tmp = tempDir()
      cleanups.push(tmp.cleanup)
      let now = Date.parse('2026-11-26T09:00:00Z')
      const open = (): Promise<CacheDb> => openCache({ dataDir: tmp.dir, now: () => new Date(now) })
      const first = await open()
      first.sqlite.exec(
        `insert into companies (id, name, realm_id, environment, status, created_at) values ('c1', 'Acme', '1', 'custom', 'connected', 'x')`
      )
      for (let hour = 0; hour < BACKUPS_KEPT + 2; hour++) {
        expect(await first.backUpIfDue()).not.toBeNull()
        // Within the hour: none due.
        expect(await first.backUpIfDue()).toBeNull()
        now += 3_600_000
      }
      expect(readdirSync(join(tmp.dir, 'backups'))).toHaveLength(BACKUPS_KEPT)
      await first.close()
      // The user file is small and mostly free pages: all of it but its header.
      damage(join(tmp.dir, USER_FILE), 'all but the first')

      const second = await open()
      cleanups.push(() => second.close())
      expect(second.repairs).toEqual([
        {
          file: 'user',
          problem: expect.any(String),
          keptAt: expect.stringContaining('damaged'),
          restoredFrom: expect.stringContaining('backups')
        }
      ])
      expect(second.sqlite.prepare('select name from companies').pluck().all()).toEqual(['Acme'])
      expect(existsSync(second.repairs[0]!.keptAt)).toBe(true)
    }
  )
})
