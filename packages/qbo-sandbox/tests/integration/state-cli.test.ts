import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

import { afterAll, describe, expect, it } from 'vitest'

import { startSandbox } from '../../src/index'
import { api, connect, control, REALM, T0, tinyRealm, tokenRequest } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'qbo-sandbox-state-'))
const root = fileURLToPath(new URL('../../', import.meta.url))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('state file', () => {
  it('keeps books, connections and the outbox across a restart', async () => {
    const file = join(dir, 'books.jsonl')
    const clock = () => T0
    const first = await startSandbox({ realms: [tinyRealm(T0)], stateFile: file, clock })
    const t = await connect(first)
    const vendor = (await api(first, t.access_token, 'POST', '/vendor', { DisplayName: 'Persistent Vendor' }))
      .json.Vendor
    const refreshed = await tokenRequest(first, {
      grant_type: 'refresh_token',
      refresh_token: t.refresh_token
    })
    expect(refreshed.status).toBe(200)
    await first.close()
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([])
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(JSON.parse(lines.at(-1)!).kind).toBe('end')

    // The realms option is ignored once a state file exists.
    const second = await startSandbox({ realms: [], stateFile: file, clock })
    try {
      expect(second.info.realms).toEqual([{ realmId: REALM, companyName: 'Tiny Test Co' }])
      expect(second.info.oauth.clientId).toBe(first.info.oauth.clientId)
      const read = await api(second, String(refreshed.body.access_token), 'GET', `/vendor/${vendor.Id}`)
      expect(read.status).toBe(200)
      expect(read.json.Vendor).toEqual(vendor)
      const again = await tokenRequest(second, {
        grant_type: 'refresh_token',
        refresh_token: String(refreshed.body.refresh_token)
      })
      expect(again.status).toBe(200)
      // New ids continue after the old ones.
      const next = (
        await api(second, String(again.body.access_token), 'POST', '/vendor', { DisplayName: 'Second Life' })
      ).json.Vendor
      expect(Number(next.Id)).toBeGreaterThan(Number(vendor.Id))
    } finally {
      await second.close()
    }
  })

  it('writes soon after a change without waiting for close', async () => {
    const file = join(dir, 'debounced.jsonl')
    const sb = await startSandbox({ realms: [tinyRealm(T0)], stateFile: file })
    try {
      await control(sb, 'POST', `/realms/${REALM}/mutate`, {
        operation: 'create',
        entity: 'Vendor',
        record: { DisplayName: 'Debounced Vendor' }
      })
      const deadline = Date.now() + 5000
      let found = false
      while (!found && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100))
        try {
          found = readFileSync(file, 'utf8').includes('Debounced Vendor')
        } catch {
          found = false
        }
      }
      expect(found).toBe(true)
    } finally {
      await sb.close()
    }
  })

  it('refuses a damaged state file instead of starting empty', async () => {
    const file = join(dir, 'damaged.jsonl')
    writeFileSync(
      file,
      '{"kind":"runway-qbo-sandbox-state","version":1,"clientId":"a","clientSecret":"b"}\n{"kind":"realm"'
    )
    await expect(startSandbox({ stateFile: file })).rejects.toThrow(/damaged/)
  })
})

function startCli(args: string[]): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn('npx', ['tsx', 'src/cli.ts', ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const firstLine = new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! })
    rl.once('line', (line) => resolve(line))
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)))
  })
  return { child, firstLine }
}

async function stopCli(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // npx and tsx each start a child; the group holds only the processes this test started.
  process.kill(-child.pid!, 'SIGTERM')
  await exited
}

describe('standalone cli', () => {
  it('prints one JSON line with the API base, OAuth endpoints and realms, then serves', async () => {
    const { child, firstLine } = startCli(['--port', '0', '--seed', '3'])
    try {
      const info = JSON.parse(await firstLine)
      expect(Object.keys(info).sort()).toEqual(['apiBaseUrl', 'oauth', 'realms'])
      expect(Object.keys(info.oauth).sort()).toEqual([
        'authorizeUrl',
        'clientId',
        'clientSecret',
        'revokeUrl',
        'tokenUrl'
      ])
      expect(info.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(info.realms).toHaveLength(3)
      for (const r of info.realms)
        expect(r).toEqual({ realmId: expect.stringMatching(/^\d+$/), companyName: expect.any(String) })
      const res = await fetch(`${info.apiBaseUrl}/_sandbox/realms`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as { realms: { counts: Record<string, number> }[] }
      expect(body.realms[0]!.counts.Bill).toBeGreaterThan(0)
    } finally {
      await stopCli(child)
    }
  }, 30_000)

  it('keeps its data in --state across a restart', async () => {
    const file = join(dir, 'cli-state.jsonl')
    const a = startCli(['--port', '0', '--seed', '5', '--state', file])
    let realmId: string
    try {
      const info = JSON.parse(await a.firstLine)
      realmId = info.realms[0].realmId
      const res = await fetch(`${info.apiBaseUrl}/_sandbox/realms/${realmId}/mutate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          operation: 'create',
          entity: 'Vendor',
          record: { DisplayName: 'Survives Restarts LLC' }
        })
      })
      expect(res.status).toBe(200)
    } finally {
      await stopCli(a.child)
    }
    const b = startCli(['--port', '0', '--state', file])
    try {
      const info = JSON.parse(await b.firstLine)
      expect(info.realms[0].realmId).toBe(realmId)
      const res = await fetch(`${info.apiBaseUrl}/_sandbox/realms/${realmId}/entities/Vendor`)
      const body = (await res.json()) as { records: { DisplayName: string }[] }
      const names = body.records.map((v) => v.DisplayName)
      expect(names).toContain('Survives Restarts LLC')
    } finally {
      await stopCli(b.child)
    }
  }, 30_000)
})
