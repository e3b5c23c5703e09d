// A damaged cache is noticed and healed: 20 pages in the middle of runway.sqlite overwritten with dd.

import Database from 'better-sqlite3'
import { execFileSync } from 'node:child_process'
import { existsSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import { BACKUPS_KEPT, checkFile, CACHE_FILE, USER_FILE } from '../../../src/main/core/db/data-files'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { tempDir } from '../../helpers/temp'
import type { ActivityEntry, PortfolioList, SyncSummary } from '../../../src/shared/contract'
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
    "is found after start, off the first screen's path, set aside and read again from QBO; decisions and the audit trail stay",
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
        qbo: { backoffBaseMs: 20 },
        checkAfterMs: 500
      })
      cleanups.push(() => core.stop())
      await core.start()
      // The client list is served before the files are checked: start-up does not read every page.
      expect((await call<PortfolioList>({ core }, 'portfolio.list')).total).toBe(1)
      expect(existsSync(join(w.dataDir, 'damaged'))).toBe(false)
      // Then the check on its own thread finds the damage and deals with it, with no sync asked for.
      await core.checkedAfterStart()
      expect(existsSync(join(w.dataDir, 'damaged'))).toBe(true)
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
    'is looked for once a full read under way at the time of the check has ended',
    { timeout: 120_000 },
    async () => {
      const { w } = await synced()
      await w.core.stop()
      damage(join(w.dataDir, CACHE_FILE))
      const core = await createCore({ dataDir: w.dataDir, host: 'cli', clock: w.clock, checkAfterMs: 50 })
      cleanups.push(() => core.stop())
      // A first sync started with the app: its read holds the page thread.
      const endRead = core.services.connections.pages.hold()
      await core.start()
      let checked = false
      void core.checkedAfterStart().then(() => (checked = true))
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(checked).toBe(false)
      expect(existsSync(join(w.dataDir, 'damaged'))).toBe(false)
      endRead()
      await core.checkedAfterStart()
      expect(existsSync(join(w.dataDir, 'damaged'))).toBe(true)
    }
  )

  it(
    'that cannot be read at all is set aside while the folder opens, as before',
    { timeout: 120_000 },
    async () => {
      const { w, id } = await synced()
      await w.core.stop()
      damage(join(w.dataDir, CACHE_FILE), 'all but the first')
      // Page 1 too: the file is no database any more.
      execFileSync('dd', [
        'if=/dev/urandom',
        `of=${join(w.dataDir, CACHE_FILE)}`,
        'bs=100',
        'count=1',
        'conv=notrunc',
        'status=none'
      ])

      const core = await createCore({ dataDir: w.dataDir, host: 'cli', clock: w.clock, checkAfterMs: 60_000 })
      cleanups.push(() => core.stop())
      await core.start()
      const activity = await call<ActivityEntry[]>({ core }, 'activity.list', { limit: 1000 })
      expect(activity.filter((e) => e.action === 'data.repaired')).toEqual([
        expect.objectContaining({ details: expect.objectContaining({ file: 'cache' }) })
      ])
      const [summary] = await call<SyncSummary[]>({ core }, 'sync.now', { companyId: id })
      expect(summary).toMatchObject({ ok: true, mode: 'full' })
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

/** Overwrites every page of one table with random bytes: a table nothing reads at start. */
function damageTable(file: string, table: string): void {
  const db = new Database(file, { readonly: true })
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const pages = db.prepare(`select pageno from dbstat where name = ?`).pluck().all(table) as number[]
  db.close()
  expect(pages.length).toBeGreaterThan(0)
  for (const page of pages)
    execFileSync('dd', [
      'if=/dev/urandom',
      `of=${file}`,
      `bs=${pageSize}`,
      `seek=${page - 1}`,
      'count=1',
      'conv=notrunc',
      'status=none'
    ])
  expect(checkFile(file)).not.toBeNull()
}

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

  it(
    'damaged where start-up does not read: found after start, every call then says restart, and the next start restores the newest backup',
    { timeout: 120_000 },
    async () => {
      const { w, decisions } = await synced()
      const kept = decisions()
      // The backup taken after the check that follows start.
      await w.core.start()
      await w.core.checkedAfterStart()
      expect(readdirSync(join(w.dataDir, 'backups'))).toHaveLength(1)
      await w.core.stop()
      // The runway ledgers: read by digests and alerts, never on the way to the first screen.
      damageTable(join(w.dataDir, USER_FILE), 'runway_ledgers')

      const open = (): Promise<Core> =>
        createCore({ dataDir: w.dataDir, host: 'cli', clock: w.clock, checkAfterMs: 200 })
      const first = await open()
      await first.start()
      expect((await call<PortfolioList>({ core: first }, 'portfolio.list')).total).toBe(1)
      await first.checkedAfterStart()
      const refused = await first.invoke('portfolio.list', undefined)
      expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Restart/) } })
      // No second backup of a damaged file.
      expect(readdirSync(join(w.dataDir, 'backups'))).toHaveLength(1)
      await first.stop()
      expect(existsSync(join(w.dataDir, `${USER_FILE}.damaged`))).toBe(true)

      const second = await open()
      cleanups.push(() => second.stop())
      await second.start()
      const repaired = (
        await call<ActivityEntry[]>({ core: second }, 'activity.list', { limit: 1000 })
      ).filter((e) => e.action === 'data.repaired')
      expect(repaired).toEqual([
        expect.objectContaining({
          details: expect.objectContaining({
            file: 'user',
            keptAt: expect.stringContaining('damaged'),
            restoredFrom: expect.stringContaining('backups')
          })
        })
      ])
      expect(existsSync(join(w.dataDir, `${USER_FILE}.damaged`))).toBe(false)
      expect(checkFile(join(w.dataDir, USER_FILE))).toBeNull()
      expect(decisions()).toEqual(kept)
      expect((await call<PortfolioList>({ core: second }, 'portfolio.list')).rows).toHaveLength(1)
    }
  )
})
