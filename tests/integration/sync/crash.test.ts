import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../../src/main/core'
import { SYNCED_ENTITIES } from '../../../src/main/core/qbo/entities'
import { mappingFor } from '../../../src/main/core/db/cache-mapping'
import { startSandbox, type Sandbox } from '@runway/qbo-sandbox'
import { cacheSnapshot, integrityOk, sandboxSnapshot } from '../../helpers/compare'
import { connect } from '../../helpers/connect'
import { qboRecord, tinyRealm } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'
import { openDataFolder } from '../../helpers/data-folder'

// Kill -9 a real child process at random points of a multi-page sync; after every kill the file
// is intact, and the next run resumes to exactly the sandbox's state. `npm run test:hard` runs it
// on the large company (100k+ transactions) instead of a mid-sized one.
const TRIALS = Number(process.env.RUNWAY_CRASH_TRIALS ?? 20)
const HARD = process.env.RUNWAY_HARD === '1'
const KILL_WINDOW_MS = HARD ? 6000 : 400

function bigRealm() {
  const realm = tinyRealm('9341453000000099', 'Crash Test Books')
  const stamp = '2026-10-01T09:00:00-08:00'
  let id = 100
  const add = (entity: 'Customer' | 'Bill', fields: Record<string, unknown>): void => {
    const Id = String(id++)
    realm.entities[entity].set(Id, qboRecord(Id, stamp, fields))
  }
  for (let i = 0; i < 3200; i++) add('Customer', { DisplayName: `Customer ${i}`, Active: true, Balance: 0 })
  for (let i = 0; i < 2600; i++) {
    const amount = 100 + (i % 97)
    add('Bill', {
      VendorRef: { value: '4' },
      TxnDate: '2026-10-01',
      DueDate: '2026-11-01',
      TotalAmt: amount,
      Balance: i % 3 === 0 ? 0 : amount,
      Line: []
    })
  }
  realm.nextId = id
  return realm
}

let sandbox: Sandbox
const data = tempDir()
let companyId = ''
let realmId = ''

beforeAll(async () => {
  sandbox = HARD
    ? await startSandbox({ size: 'large', seed: 1, latencyMs: 40 })
    : await startSandbox({ realms: [bigRealm()], latencyMs: 40 })
  realmId = sandbox.info.realms[0]!.realmId
  const core: Core = await createCore({ dataDir: data.dir, host: 'cli' })
  companyId = await connect(core, sandbox.info, realmId)
  await core.stop()
})

afterAll(async () => {
  await sandbox.close()
  data.cleanup()
})

function forgetSyncedData(): void {
  const db = openDataFolder(data.dir)
  db.prepare('delete from sync_state').run()
  for (const entity of SYNCED_ENTITIES) db.prepare(`delete from ${mappingFor(entity).table}`).run()
  db.prepare('delete from qbo_links').run()
  db.close()
}

function runChild(killAfterMs: number | null): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'tests/integration/sync/sync-child.ts', data.dir, companyId],
      { stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let output = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`
      if (line === 'ready' && killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, output })
      else if (code === 0) resolve({ killed: false, output })
      else reject(new Error(`child exited ${code}: ${stderr}`))
    })
  })
}

describe('crash safety of the sync', () => {
  it(
    `survives kill -9 at ${TRIALS} random points and resumes to the exact state`,
    { timeout: 1_800_000 },
    async () => {
      // A fixed sequence of kill delays (a small LCG), spread over the whole length of a sync.
      let seed = 20261126
      const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
      let kills = 0
      for (let trial = 0; trial < TRIALS; trial++) {
        const { killed } = await runChild(Math.floor(random() * KILL_WINDOW_MS))
        expect(integrityOk(data.dir), `integrity after trial ${trial}`).toBe(true)
        if (killed) kills += 1
        // A sync that finished leaves nothing to kill but CDC: start the next trial from a fresh cache.
        else forgetSyncedData()
      }
      expect(kills).toBeGreaterThanOrEqual(Math.ceil(TRIALS * 0.6))
      const final = await runChild(null)
      const summary = JSON.parse(final.output.split('\n')[1]!) as { ok: boolean; value: { ok: boolean }[] }
      expect(summary.value[0]!.ok).toBe(true)
      expect(cacheSnapshot(data.dir, companyId)).toEqual(await sandboxSnapshot(sandbox.url, realmId))
    }
  )
})
