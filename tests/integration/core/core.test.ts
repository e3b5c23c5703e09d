import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_REMINDER_TEMPLATES } from '../../../src/shared/collections'
import { fixedClock } from '../../../src/shared/dates'
import { createCore, type Core } from '../../../src/main/core'
import { migrations } from '../../../src/main/core/db/migrations'
import { openCache } from '../../../src/main/core/db/connect'
import { tempDir } from '../../helpers/temp'
import { openDataFolder } from '../../helpers/data-folder'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

async function open(dataDir?: string): Promise<{ core: Core; dataDir: string }> {
  const tmp = dataDir ? null : tempDir()
  const dir = dataDir ?? tmp!.dir
  const core = await createCore({ dataDir: dir, host: 'cli', clock: fixedClock('2026-11-26T09:00:00Z') })
  cleanups.push(() => core.stop())
  if (tmp) cleanups.push(tmp.cleanup)
  return { core, dataDir: dir }
}

describe('createCore over a real SQLite file', () => {
  it('answers app.info and an empty companies.list', async () => {
    const { core, dataDir } = await open()
    const info = await core.invoke('app.info', undefined)
    expect(info).toEqual({
      ok: true,
      value: expect.objectContaining({
        host: 'cli',
        dataDir,
        schemaVersion: Object.keys(migrations).length,
        now: '2026-11-26T09:00:00.000Z'
      })
    })
    expect(await core.invoke('companies.list', undefined)).toEqual({ ok: true, value: [] })
  })

  it('opens the cache in WAL mode with foreign keys and records its migrations', async () => {
    const { core, dataDir } = await open()
    await core.stop()
    const db = openDataFolder(dataDir, { readonly: true })
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      const applied = db.prepare('select name from kysely_migration order by name').all()
      // Every migration in code is applied and recorded, in order.
      expect(applied).toEqual(
        Object.keys(migrations)
          .sort()
          .map((name) => ({ name }))
      )
      const tables = db
        .prepare("select name from sqlite_master where type='table' order by name")
        .pluck()
        .all()
      expect(tables).toEqual(expect.arrayContaining(['companies', 'settings', 'activity_log']))
    } finally {
      db.close()
    }
  })

  it('turns foreign keys on for the connection it opens', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const cache = await openCache({ dataDir: tmp.dir })
    cleanups.push(() => cache.close())
    expect(cache.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(() =>
      cache.sqlite
        .prepare(
          "insert into reserves (id, company_id, name, amount_cents, created_at) values ('r1', 'missing', 'Tax', 1, 'x')"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
  })

  it('refuses to start on a database with a migration it does not know', async () => {
    const tmp = tempDir()
    cleanups.push(tmp.cleanup)
    const first = await createCore({ dataDir: tmp.dir, host: 'cli' })
    await first.stop()
    const db = openDataFolder(tmp.dir)
    db.prepare("insert into kysely_migration (name, timestamp) values ('999-from-the-future', 'x')").run()
    db.close()
    await expect(createCore({ dataDir: tmp.dir, host: 'cli' })).rejects.toThrow(/migration/)
  })

  it('gives a validation error for bad input and changes nothing', async () => {
    const { core } = await open()
    const before = await core.invoke('settings.get', undefined)
    const bad = await core.invoke('settings.set', { digestWeekday: 'friday' })
    expect(bad).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'validation', field: 'digestWeekday' })
    })
    const unknownField = await core.invoke('settings.set', { theme: 'dark', hack: 1 })
    expect(unknownField.ok).toBe(false)
    expect(await core.invoke('settings.get', undefined)).toEqual(before)
  })

  it('names an unknown channel as a validation error', async () => {
    const { core } = await open()
    for (const channel of ['companies.drop', '', 42, null, '__proto__', 'constructor']) {
      const result = await core.invoke(channel, undefined)
      expect(result).toEqual({
        ok: false,
        error: expect.objectContaining({ kind: 'validation', field: 'channel' })
      })
    }
  })

  it('keeps settings across restarts and pushes an event when they change', async () => {
    const { core, dataDir } = await open()
    const seen: unknown[] = []
    core.subscribe((event, payload) => seen.push({ event, payload }))
    const set = await core.invoke('settings.set', { digestWeekday: 1, theme: 'dark' })
    expect(set).toEqual({ ok: true, value: expect.objectContaining({ digestWeekday: 1, theme: 'dark' }) })
    expect(seen).toEqual([
      { event: 'settings.changed', payload: expect.objectContaining({ digestWeekday: 1 }) }
    ])
    await core.stop()
    const again = await createCore({ dataDir, host: 'cli' })
    cleanups.push(() => again.stop())
    expect(await again.invoke('settings.get', undefined)).toEqual({
      ok: true,
      value: {
        digestWeekday: 1,
        digestTime: '00:00',
        theme: 'dark',
        defaultMinCashCents: 0,
        scheduledSyncMinutes: 60,
        backgroundSyncMinutes: 240,
        statusBands: { critical: 21, warning: 60, healthy: 120 },
        reminderTemplates: DEFAULT_REMINDER_TEMPLATES,
        firmName: '',
        firmLogo: null,
        reportPageSize: 'Letter',
        smtp: null,
        alertDropDays: 7
      }
    })
  })

  it('lists companies stored in the cache', async () => {
    const { core, dataDir } = await open()
    const db = openDataFolder(dataDir)
    db.prepare(
      "insert into companies (id, name, realm_id, environment, status, created_at) values ('c1', 'Zeta Ltd', '9130', 'sandbox', 'connected', 'now'), ('c2', 'Acme', '9131', 'production', 'needs-reconnect', 'now')"
    ).run()
    db.close()
    const result = await core.invoke('companies.list', undefined)
    expect(result).toEqual({
      ok: true,
      value: [
        {
          id: 'c2',
          name: 'Acme',
          realmId: '9131',
          environment: 'production',
          status: 'needs-reconnect',
          lastSyncAt: null,
          demo: false
        },
        {
          id: 'c1',
          name: 'Zeta Ltd',
          realmId: '9130',
          environment: 'sandbox',
          status: 'connected',
          lastSyncAt: null,
          demo: false
        }
      ]
    })
  })
})
