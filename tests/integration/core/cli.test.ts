import { execFile, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { channelNames } from '../../../src/shared/contract'
import { createCore } from '../../../src/main/core'
import { startSandbox } from '@runway/qbo-sandbox'
import { connect } from '../../helpers/connect'
import { tinyRealm } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

// What `npx runway-cli` runs: the file package.json names as the bin.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }
const BIN = resolve(pkg.bin['runway-cli']!)

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function cli(...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** For a sandbox in this process: a synchronous run would stop it from answering. */
function cliAsync(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { encoding: 'utf8', timeout: 60_000 },
      (_, stdout, stderr) => done({ code: child.exitCode, stdout, stderr })
    )
  })
}

function errorOf(run: Run): { kind: string; message: string; field?: string } {
  return (JSON.parse(run.stderr) as { error: { kind: string; message: string; field?: string } }).error
}

describe('headless CLI', () => {
  it('prints a channel result as JSON on stdout and exits 0', () => {
    const result = cli('--data-dir', tmp.dir, 'companies.list')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([])
  })

  it('runs as the package bin from any folder, with nothing but JSON on stdout', () => {
    // Executed as a shell would: through its #! line, not handed to node.
    const result = spawnSync(BIN, ['--data-dir', tmp.dir, 'app.info'], {
      encoding: 'utf8',
      cwd: tmp.dir,
      timeout: 30_000
    })
    expect(result.status, result.stderr).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'Runway Desktop', host: 'cli', dataDir: tmp.dir })
    expect(result.stdout.trimStart().startsWith('{')).toBe(true)
  })

  it('passes a JSON input and persists what a channel writes', () => {
    const set = cli('--data-dir', tmp.dir, 'settings.set', '{"digestWeekday":2}')
    expect(set.code).toBe(0)
    expect(JSON.parse(cli('--data-dir', tmp.dir, 'settings.get').stdout)).toMatchObject({ digestWeekday: 2 })
  })

  it('prints a JSON error on stderr and exits 1 for an unknown channel, a bad input or bad JSON', () => {
    for (const args of [
      ['nope.nothing'],
      ['settings.set', '{"digestWeekday":"monday"}'],
      ['settings.set', '{not json'],
      ['settings.set', '{}', 'extra']
    ]) {
      const result = cli('--data-dir', tmp.dir, ...args)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stdout).toBe('')
      expect(JSON.parse(result.stderr)).toEqual({ error: expect.objectContaining({ kind: 'validation' }) })
    }
    expect(JSON.parse(cli('--data-dir', tmp.dir, 'settings.get').stdout)).toMatchObject({ digestWeekday: 2 })
    // Five processes in a row: the limit guards against a hang, not a slow machine.
  }, 120_000)

  it('says a channel is unknown and points to --help', () => {
    const result = cli('--data-dir', tmp.dir, 'runway.gte')
    expect(errorOf(result).message).toBe(
      'unknown channel "runway.gte": `runway-cli --help` lists the channels'
    )
  })

  it('names the input a channel expects when it is missing or not the right shape', () => {
    const missing = cli('--data-dir', tmp.dir, 'runway.get')
    expect(missing.code).toBe(1)
    expect(errorOf(missing).message).toBe('runway.get expects {"companyId": string}; it was given no input')
    const wrong = cli('--data-dir', tmp.dir, 'digest.get', '"c1"')
    expect(errorOf(wrong).message).toBe(
      'digest.get expects {"companyId": string, "weekEnd"?: YYYY-MM-DD}; it was given "c1"'
    )
    const extra = cli('--data-dir', tmp.dir, 'runway.get', '{"companyId":"c1","company":"c1"}')
    expect(errorOf(extra).message).toBe('runway.get expects {"companyId": string}; it takes no "company"')
    // A field that is there but wrong still names the field.
    expect(errorOf(cli('--data-dir', tmp.dir, 'runway.get', '{"companyId":""}'))).toMatchObject({
      field: 'companyId'
    })
  })

  it('prints the usage on stderr and exits 2 without a channel or with an unknown option', () => {
    for (const args of [[], ['--data-dir', tmp.dir], ['--data-dri', tmp.dir, 'companies.list']]) {
      const result = cli(...args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(
        "usage: runway-cli [--data-dir DIR] [--clock ISO] <channel> ['<json input>']"
      )
    }
  })

  it('--help lists every channel with its input', () => {
    const result = cli('--help')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    for (const name of channelNames) {
      expect(
        lines.some((line) => line.trimStart().startsWith(`${name} `)),
        name
      ).toBe(true)
    }
    const line = (name: string) => lines.find((l) => l.trimStart().startsWith(`${name} `))!.trim()
    expect(line('runway.get')).toMatch(/^runway\.get +\{"companyId": string\}$/)
    expect(line('companies.list')).toMatch(/^companies\.list +nothing$/)
    expect(line('sync.now')).toMatch(/^sync\.now +\{"companyId"\?: string\} or nothing$/)
    expect(line('bills.schedule')).toContain('"payOn": YYYY-MM-DD | null')
  })

  it(
    "exits 3 when sync.now finds a company's sync failed, with every summary still on stdout",
    { timeout: 120_000 },
    async () => {
      const healthy = tinyRealm('9341453000000001', 'Healthy Books LLC')
      const revoked = tinyRealm('9341453000000002', 'Revoked Books LLC')
      const sandbox = await startSandbox({ realms: [healthy, revoked] })
      const data = tempDir()
      try {
        const core = await createCore({ dataDir: data.dir, host: 'cli' })
        const healthyId = await connect(core, sandbox.info, healthy.realmId)
        const revokedId = await connect(core, sandbox.info, revoked.realmId)
        await core.stop()
        // As if the client disconnected the app in QuickBooks: its next sync cannot authenticate.
        const res = await fetch(`${sandbox.url}/_sandbox/tokens/revoke`, {
          method: 'POST',
          body: JSON.stringify({ realmId: revoked.realmId }),
          headers: { 'Content-Type': 'application/json' }
        })
        expect(res.status).toBe(200)

        const result = await cliAsync('--data-dir', data.dir, 'sync.now')
        expect(result.code, result.stderr).toBe(3)
        const summaries = JSON.parse(result.stdout) as {
          companyId: string
          ok: boolean
          error?: { kind: string }
        }[]
        expect(summaries).toHaveLength(2)
        expect(summaries.find((s) => s.companyId === healthyId)).toMatchObject({ ok: true })
        expect(summaries.find((s) => s.companyId === revokedId)).toMatchObject({
          ok: false,
          error: { kind: 'auth' }
        })

        const one = await cliAsync(
          '--data-dir',
          data.dir,
          'sync.now',
          JSON.stringify({ companyId: healthyId })
        )
        expect(one.code, one.stderr).toBe(0)
        expect(JSON.parse(one.stdout)).toEqual([expect.objectContaining({ companyId: healthyId, ok: true })])
      } finally {
        await sandbox.close()
        data.cleanup()
      }
    }
  )
})
