import { writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createCore, type Core } from '../../../src/main/core'
import { startWebHost, type WebHost } from '../../../src/main/core/web-host'
import { tempDir } from '../../helpers/temp'

const data = tempDir()
const renderer = tempDir()
let core: Core
let host: WebHost

beforeAll(async () => {
  writeFileSync(
    join(renderer.dir, 'index.html'),
    `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; connect-src 'self'"><script type="module" src="./app.js"></script></head><body></body></html>`
  )
  writeFileSync(join(renderer.dir, 'app.js'), 'console.log(1)')
  core = await createCore({ dataDir: data.dir, host: 'web' })
  host = await startWebHost({ core, rendererDir: renderer.dir })
})

afterAll(async () => {
  await host.close()
  await core.stop()
  data.cleanup()
  renderer.cleanup()
})

function connect(query: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc${query}`, origin ? { origin } : {})
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)))
  })
}

function rpc(ws: WebSocket, id: number | string, channel: unknown, input?: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(String(data)) as { id?: number | string }
      if (message.id === id) {
        ws.off('message', onMessage)
        resolve(message)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, channel, input }))
  })
}

/** A GET with the Host header we choose (fetch sets its own). */
function rawGet(port: number, path: string, hostHeader: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: hostHeader } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('web host', () => {
  it('survives malformed addresses and oversized frames', async () => {
    expect((await fetch(`${host.origin}/%E0%A4%A`)).status).toBe(400)
    const ws = await connect(`?token=${host.token}`, host.origin)
    const closed = new Promise((resolve) => ws.once('close', resolve))
    ws.send('x'.repeat(2 * 1024 * 1024))
    await closed
    expect((await fetch(host.url)).status).toBe(200)
  })

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1')
  })

  it('serves the page only with the token, and hands the page the token and the bridge', async () => {
    expect((await fetch(`${host.origin}/`)).status).toBe(403)
    expect((await fetch(`${host.origin}/?token=wrong`)).status).toBe(403)
    const page = await fetch(host.url)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(`<meta name="runway-token" content="${host.token}">`)
    expect(html).toContain('src="./web-bridge.js"')
    expect(html).toContain(`connect-src 'self' ${host.origin.replace('http', 'ws')}`)
    expect((await fetch(`${host.origin}/app.js`)).status).toBe(200)
    expect((await fetch(`${host.origin}/..%2f..%2fetc%2fpasswd`)).status).toBe(404)
  })

  it('answers only requests addressed to 127.0.0.1 or localhost on its port (DNS rebinding)', async () => {
    const port = Number(new URL(host.origin).port)
    const page = `/?token=${host.token}`
    expect(await rawGet(port, page, 'evil.example')).toBe(421)
    expect(await rawGet(port, page, `evil.example:${port}`)).toBe(421)
    expect(await rawGet(port, page, '127.0.0.1')).toBe(421)
    expect(await rawGet(port, page, `127.0.0.1:${port + 1}`)).toBe(421)
    expect(await rawGet(port, page, `127.0.0.1:${port}`)).toBe(200)
    expect(await rawGet(port, page, `localhost:${port}`)).toBe(200)
    expect(await rawGet(port, '//', `127.0.0.1:${port}`)).toBe(400)
    const socket = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`, {
      origin: host.origin,
      headers: { Host: 'evil.example' }
    })
    await expect(
      new Promise((resolve, reject) => {
        socket.once('open', resolve)
        socket.once('error', reject)
      })
    ).rejects.toThrow(/421/)
  })

  it('refuses a socket without the token or from another origin', async () => {
    await expect(connect('', host.origin)).rejects.toThrow(/403/)
    await expect(connect('?token=nope', host.origin)).rejects.toThrow(/403/)
    await expect(connect(`?token=${host.token}`, 'http://evil.example')).rejects.toThrow(/403/)
    await expect(connect(`?token=${host.token}`, undefined)).rejects.toThrow(/403/)
  })

  it('carries the contract: results, validation errors, unknown channels and events', async () => {
    const ws = await connect(`?token=${host.token}`, host.origin)
    try {
      expect(await rpc(ws, 1, 'companies.list')).toEqual({ id: 1, result: { ok: true, value: [] } })
      expect(await rpc(ws, 2, 'no.such')).toEqual({
        id: 2,
        result: { ok: false, error: expect.objectContaining({ kind: 'validation', field: 'channel' }) }
      })
      expect(await rpc(ws, 3, 'settings.set', { theme: 'purple' })).toEqual({
        id: 3,
        result: { ok: false, error: expect.objectContaining({ kind: 'validation', field: 'theme' }) }
      })
      const event = new Promise((resolve) =>
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as { event?: string }
          if (message.event) resolve(message)
        })
      )
      await rpc(ws, 4, 'settings.set', { theme: 'dark' })
      expect(await event).toEqual({
        event: 'settings.changed',
        payload: expect.objectContaining({ theme: 'dark' })
      })
      // A kept answer (the client list) is sent from text made once: the same message as any other.
      const kept = await core.invoke('portfolio.list', { limit: 40 })
      for (const id of [5, 'six', 7]) {
        expect(await rpc(ws, id, 'portfolio.list', { limit: 40 })).toEqual({ id, result: kept })
      }
      const garbage = new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))))
      ws.send('{{{')
      expect(await garbage).toEqual({
        id: null,
        result: { ok: false, error: expect.objectContaining({ kind: 'validation' }) }
      })
    } finally {
      ws.close()
    }
  })
})
