// One process owns a data folder: the others hand their calls to it, or are refused. Real processes.

import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import { socketPath } from '../../../src/main/core/owner'
import type { ActivityEntry, SyncSummary } from '../../../src/shared/contract'
import { call } from '../../helpers/invoke'
import { requestLog, world, type World } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'
import { openDataFolder } from '../../helpers/data-folder'

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }
const BIN = resolve(pkg.bin['runway-cli']!)

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { encoding: 'utf8', timeout: 90_000 },
      (_, stdout, stderr) => done({ code: child.exitCode, stdout, stderr })
    )
  })
}

/** The web host from source (its test drive off), in a process of its own; resolves once it listens. */
function webHost(dataDir: string): { child: ChildProcess; started: Promise<string>; exited: Promise<Run> } {
  const renderer = mkdtempSync(join(tmpdir(), 'runway-renderer-'))
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Runway</title>')
  cleanups.push(() => rmSync(renderer, { recursive: true, force: true }))
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main/core/web-host.ts',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--renderer',
      renderer
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<Run>((done) => child.once('exit', (code) => done({ code, stdout, stderr })))
  const started = new Promise<string>((resolve, reject) => {
    void exited.then((run) => reject(new Error(`web host exited ${run.code}: ${run.stderr}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  // A host that is meant to be refused is never waited for.
  started.catch(() => undefined)
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  return { child, started, exited }
}

describe('one process owns a data folder', () => {
  it(
    'a CLI sync.now while a host holds the folder runs in the host: the payment in flight is neither marked waiting nor sent again',
    { timeout: 120_000 },
    async () => {
      const w: World = await world({
        sandbox: { size: 'demo', seed: 7, today: '2026-11-26' },
        core: { host: 'web' }
      })
      cleanups.push(() => w.close())
      const id = await w.connect()
      await call(w, 'sync.now', { companyId: id })
      const bill = (await call<{ id: string }[]>(w, 'bills.list', { companyId: id }))[0]!
      const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
        (a) => a.type === 'Bank'
      )!
      // QBO takes its time over the payment, so the CLI comes while it is in flight.
      await w.control('POST', '/faults', {
        kind: 'latency',
        ms: 10_000,
        match: { method: 'POST', path: 'billpayment$' }
      })
      await w.control('DELETE', '/log')
      const paying = w.core.invoke('bills.pay', { companyId: id, billIds: [bill.id], bankAccountId: bank.id })
      // The lists leave a live action's entry to it; the table shows it.
      const outbox = (): string[] => {
        const db = openDataFolder(w.dataDir, { readonly: true })
        try {
          return db.prepare('select status from outbox').pluck().all() as string[]
        } finally {
          db.close()
        }
      }
      for (let i = 0; i < 100 && outbox().length === 0; i++) await new Promise((r) => setTimeout(r, 50))
      expect(outbox()).toEqual(['live'])

      const run = await cli('--data-dir', w.dataDir, 'sync.now')
      expect(run.code, run.stderr).toBe(0)
      const summaries = JSON.parse(run.stdout) as SyncSummary[]
      expect(summaries.map((s) => [s.companyId, s.ok])).toEqual([[id, true]])
      // The entry is as the host left it: still on its way, not waiting to be sent again.
      expect(outbox()).toEqual(['live'])

      expect(await paying).toMatchObject({ ok: true, value: { status: 'paid' } })
      const posts = (await requestLog(w)).filter((e) => e.method === 'POST' && /billpayment$/.test(e.path))
      expect(posts).toHaveLength(1)
      const paid = (await call<ActivityEntry[]>(w, 'activity.list', { companyId: id })).filter(
        (e) => e.action === 'bill.paid'
      )
      expect(paid).toHaveLength(1)
    }
  )

  it(
    'three processes started at once on an empty folder all answer, and the migrations run once',
    { timeout: 240_000 },
    async () => {
      for (let round = 0; round < 3; round++) {
        const tmp = tempDir()
        cleanups.push(tmp.cleanup)
        const runs = await Promise.all([0, 1, 2].map(() => cli('--data-dir', tmp.dir, 'companies.list')))
        for (const run of runs) {
          expect(run.code, run.stderr).toBe(0)
          expect(JSON.parse(run.stdout)).toEqual([])
        }
        const core = await createCore({ dataDir: tmp.dir, host: 'cli', serve: false })
        expect(await core.invoke('app.info', undefined)).toMatchObject({ ok: true })
        await core.stop()
      }
    }
  )

  it(
    'a second host is refused with a message naming the owner; the owner killed with -9 leaves the folder free',
    { timeout: 120_000 },
    async () => {
      const tmp = tempDir()
      cleanups.push(tmp.cleanup)
      const owner = webHost(tmp.dir)
      await owner.started
      const pid = owner.child.pid!

      const second = await webHost(tmp.dir).exited
      expect(second.code).toBe(1)
      expect(second.stderr).toContain(`in use by a Runway Desktop browser preview (process ${pid}`)
      await expect(createCore({ dataDir: tmp.dir, host: 'electron' })).rejects.toThrow(
        `The data folder ${tmp.dir} is in use by a Runway Desktop browser preview (process ${pid}`
      )
      // What lets a caller in is readable by the folder's user alone.
      expect(statSync(join(tmp.dir, 'runway.token')).mode & 0o777).toBe(0o600)
      expect(statSync(socketPath(tmp.dir)).mode & 0o077).toBe(0)

      // A CLI call goes to the owner: its answer names the web host.
      const info = await cli('--data-dir', tmp.dir, 'app.info')
      expect(info.code, info.stderr).toBe(0)
      expect(JSON.parse(info.stdout)).toMatchObject({ host: 'web' })

      owner.child.kill('SIGKILL')
      await owner.exited
      const next = await createCore({ dataDir: tmp.dir, host: 'web', serve: true })
      expect(await next.invoke('companies.list', undefined)).toEqual({ ok: true, value: [] })
      await next.stop()
    }
  )
})
