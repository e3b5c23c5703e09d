import { statSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { Checkpointer } from '../../../src/main/core/db/checkpointer'
import { tempDir } from '../../helpers/temp'

const open: { cache: CacheDb; cleanup(): void }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.cache.close()
    o.cleanup()
  }
})

async function cache(): Promise<CacheDb> {
  const dir = tempDir()
  const c = await openCache({ dataDir: dir.dir })
  open.push({ cache: c, cleanup: dir.cleanup })
  return c
}

/** Writes about `mb` megabytes in one transaction, as a page of a full sync would. */
function write(c: CacheDb, mb: number): void {
  c.sqlite.exec(`create table if not exists cache.bulk (text text)`)
  const insert = c.sqlite.prepare('insert into bulk (text) values (?)')
  const row = 'x'.repeat(1024)
  c.sqlite.transaction(() => {
    for (let i = 0; i < mb * 1024; i++) insert.run(row)
  })()
}

const fileSize = (c: CacheDb): number => statSync(c.file).size
const until = async (check: () => boolean, ms = 5_000): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20)))
    if (check()) return true
  return check()
}

describe('WAL checkpoints during a full sync', () => {
  it('are made by a thread of their own while held, and by the main connection again after', async () => {
    const c = await cache()
    const before = fileSize(c)
    const release = c.checkpoints.hold()
    expect(c.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
    write(c, 4)
    // Far below the main connection's threshold (~40 MiB): only the worker copies it into the file.
    expect(await until(() => fileSize(c) > before + 3 * 2 ** 20)).toBe(true)
    release()
    expect(c.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(Math.ceil((40 * 2 ** 20) / 32768))
    await c.checkpoints.close()
  })

  it(
    'keep the WAL short under steady writing: it begins again instead of growing with the sync',
    { timeout: 60_000 },
    async () => {
      const c = await cache()
      const release = c.checkpoints.hold()
      const wal = (): number => statSync(`${c.file}-wal`).size
      let largest = 0
      // 120 MiB in 1 MiB transactions with pauses between them, as pages of a first sync come.
      for (let i = 0; i < 120; i++) {
        write(c, 1)
        largest = Math.max(largest, wal())
        await new Promise((r) => setTimeout(r, 5))
      }
      release()
      await c.checkpoints.close()
      expect(largest).toBeLessThan(100 * 2 ** 20)
    }
  )

  it('the core may close while a sync still holds the worker: it stops, and the late release does nothing', async () => {
    const dir = tempDir()
    const c = await openCache({ dataDir: dir.dir })
    const release = c.checkpoints.hold()
    write(c, 1)
    await c.close()
    expect(() => release()).not.toThrow()
    dir.cleanup()
  })

  it('without a worker, the main connection keeps checkpointing as usual', async () => {
    const c = await cache()
    const alone = new Checkpointer(c.sqlite, { file: c.file }, null)
    const release = alone.hold()
    expect(c.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1280)
    const before = fileSize(c)
    write(c, 4)
    await new Promise((r) => setTimeout(r, 300))
    expect(fileSize(c)).toBe(before)
    release()
  })
})
