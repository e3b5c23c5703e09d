// The desktop app's sign-in listener (issue 18 item 4) over real HTTP: a stray `//` used to throw
// `Invalid URL` uncaught and take the process down; now every request is answered, only the
// sign-in's own state completes it, and the port closes after use or a timeout.

import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { awaitRedirect, SignInListener } from '../../../src/main/core/companies/redirect-listener'
import { world, type World } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'

let w: World | null = null
afterEach(async () => {
  await w?.close()
  w = null
})

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A raw GET, so a path like `//` reaches the server exactly as written. */
function get(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

async function startConnect(world: World, redirectUri: string): Promise<{ state: string; callback: string }> {
  const info = world.sandbox.info
  const started = await world.core.invoke('companies.connect', {
    environment: 'custom',
    custom: {
      apiBaseUrl: info.apiBaseUrl,
      authorizeUrl: info.oauth.authorizeUrl,
      tokenUrl: info.oauth.tokenUrl,
      revokeUrl: info.oauth.revokeUrl
    },
    clientId: info.oauth.clientId,
    clientSecret: info.oauth.clientSecret,
    redirectUri
  })
  if (!started.ok) throw new Error(started.error.message)
  const { authorizeUrl, state } = started.value as { authorizeUrl: string; state: string }
  const consent = await fetch(`${authorizeUrl}&auto_consent=${world.realmId}`, { redirect: 'manual' })
  return { state, callback: consent.headers.get('location')! }
}

describe('the sign-in listener', () => {
  it('answers `//`, other paths, other hosts and other states, then completes the real callback once and closes', async () => {
    w = await world()
    const port = await freePort()
    const redirectUri = `http://127.0.0.1:${port}/qbo/callback`
    const { state, callback } = await startConnect(w, redirectUri)
    const core = w.core
    const listener = new SignInListener((callbackUrl) =>
      core.invoke('companies.completeConnect', { callbackUrl })
    )
    const wait = (await listener.expect(state, redirectUri))!

    expect((await get(port, '//')).status).toBe(400)
    expect((await get(port, '//evil.example/qbo/callback?state=x')).status).toBe(400)
    expect((await get(port, '/favicon.ico')).status).toBe(404)
    expect((await get(port, `/qbo/callback?state=${state}`, 'evil.example')).status).toBe(421)
    const forged = await get(port, '/qbo/callback?state=forged&code=x&realmId=1')
    expect(forged.status).toBe(400)
    expect(forged.body).toContain('Runway is not waiting for this sign-in')
    expect(await core.invoke('companies.list', undefined)).toEqual({ ok: true, value: [] })

    const path = new URL(callback).pathname + new URL(callback).search
    const done = await get(port, path)
    expect(done.status).toBe(200)
    expect(done.body).toContain('Connected')
    expect(await wait.done).toEqual({ kind: 'connected' })
    const list = await core.invoke('companies.list', undefined)
    expect((list as { value: { realmId: string }[] }).value.map((c) => c.realmId)).toEqual([w.realmId])

    // One-shot: the port is closed once the sign-in is done.
    await expect(get(port, path)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('closes after its timeout, and a new connect replaces the wait of the last', async () => {
    const port = await freePort()
    const redirectUri = `http://127.0.0.1:${port}/qbo/callback`
    const never = (): Promise<never> => new Promise(() => undefined)
    const timed = await awaitRedirect({ redirectUri, state: 's1', timeoutMs: 50, complete: never })
    expect(await timed.done).toEqual({ kind: 'timeout' })
    await expect(get(port, '/qbo/callback?state=s1')).rejects.toMatchObject({ code: 'ECONNREFUSED' })

    const listener = new SignInListener(never, 60_000)
    const first = (await listener.expect('first', redirectUri))!
    const second = (await listener.expect('second', redirectUri))!
    expect(await first.done).toEqual({ kind: 'replaced' })
    expect((await get(port, '/qbo/callback?state=first')).status).toBe(400)
    listener.close()
    expect(await second.done).toEqual({ kind: 'replaced' })
    // Not a loopback address: nothing to listen for.
    expect(await listener.expect('x', 'https://example.com/callback')).toBeNull()
  })

  it('a process with the crash guards logs an uncaught error and keeps running', async () => {
    const tmp = tempDir()
    try {
      const logFile = join(tmp.dir, 'logs', 'runway.log')
      const script = `
        const { installCrashGuards } = require(${JSON.stringify(join(process.cwd(), 'src/main/core/crash-guard.ts'))})
        installCrashGuards({ dataDir: ${JSON.stringify(tmp.dir)} })
        setTimeout(() => { throw new Error('boom in a timer') }, 10)
        Promise.reject(new Error('nobody awaited this'))
        setTimeout(() => { process.stdout.write('still running'); process.exit(0) }, 200)
      `
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'pipe' })
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
      expect({ code, out }).toEqual({ code: 0, out: 'still running' })
      const log = readFileSync(logFile, 'utf8')
      expect(log).toContain('uncaught exception: Error: boom in a timer')
      expect(log).toContain('unhandled rejection: Error: nobody awaited this')
    } finally {
      tmp.cleanup()
    }
  })
})
