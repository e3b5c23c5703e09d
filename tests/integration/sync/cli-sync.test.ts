import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../helpers/temp'

const data = tempDir()
let sandbox: ChildProcess | null = null
afterAll(() => {
  sandbox?.kill('SIGTERM')
  data.cleanup()
})

function cli(...args: string[]): { code: number | null; json: unknown; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'src/main/core/cli.ts', '--data-dir', data.dir, ...args],
    {
      encoding: 'utf8',
      timeout: 60_000
    }
  )
  return { code: r.status, json: r.stdout ? JSON.parse(r.stdout) : null, stderr: r.stderr }
}

describe('the CLI against a standalone sandbox', () => {
  it('connects a company and syncs it with `cli sync.now`', { timeout: 120_000 }, async () => {
    sandbox = spawn(
      process.execPath,
      ['--import', 'tsx', 'packages/qbo-sandbox/src/cli.ts', '--port', '0', '--seed', '3'],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: sandbox!.stdout! }).once('line', resolve)
    )
    const info = JSON.parse(line) as {
      apiBaseUrl: string
      oauth: {
        authorizeUrl: string
        tokenUrl: string
        revokeUrl: string
        clientId: string
        clientSecret: string
      }
      realms: { realmId: string; companyName: string }[]
    }
    const connect = cli(
      'companies.connect',
      JSON.stringify({
        environment: 'custom',
        custom: {
          apiBaseUrl: info.apiBaseUrl,
          authorizeUrl: info.oauth.authorizeUrl,
          tokenUrl: info.oauth.tokenUrl,
          revokeUrl: info.oauth.revokeUrl
        },
        clientId: info.oauth.clientId,
        clientSecret: info.oauth.clientSecret
      })
    )
    expect(connect.code, connect.stderr).toBe(0)
    const { authorizeUrl } = connect.json as { authorizeUrl: string }
    const consent = await fetch(`${authorizeUrl}&auto_consent=${info.realms[0]!.realmId}`, {
      redirect: 'manual'
    })
    const done = cli(
      'companies.completeConnect',
      JSON.stringify({ callbackUrl: consent.headers.get('location') })
    )
    expect(done.code, done.stderr).toBe(0)
    expect(done.json).toMatchObject({ name: info.realms[0]!.companyName, status: 'connected' })

    const synced = cli('sync.now')
    expect(synced.code, synced.stderr).toBe(0)
    expect(synced.json).toEqual([
      expect.objectContaining({
        ok: true,
        mode: 'full',
        fetched: expect.any(Number),
        written: expect.any(Number),
        requests: expect.any(Number),
        durationMs: expect.any(Number)
      })
    ])
    const again = cli('sync.now')
    expect(again.json).toEqual([expect.objectContaining({ ok: true, mode: 'incremental', requests: 1 })])
    const portfolio = cli('portfolio.list')
    expect((portfolio.json as { rows: { snapshot: unknown }[] }).rows[0]!.snapshot).not.toBeNull()
  })
})
