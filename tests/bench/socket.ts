// A window's view of the core in the benchmarks: calls through the web host's socket, answers
// parsed, so the list and a company are timed over the same transport.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import type { Core } from '../../src/main/core'
import { startWebHost, type WebHost } from '../../src/main/core/web-host'

export interface Socket {
  host: WebHost
  /** Median milliseconds of `runs` calls of a channel, after `warm` unmeasured ones. */
  median(channel: string, input?: unknown, runs?: number, warm?: number): Promise<number>
  close(): Promise<void>
}

/** The web host over `core`; `rendererDir`: a built renderer, or none (a stub page) when only the socket is used. */
export async function openSocket(core: Core, rendererDir?: string): Promise<Socket> {
  const stub = rendererDir ? null : mkdtempSync(join(tmpdir(), 'runway-bench-renderer-'))
  if (stub)
    writeFileSync(
      join(stub, 'index.html'),
      '<html><head><script type="module" src="x.js"></script></head></html>'
    )
  const host = await startWebHost({ core, rendererDir: rendererDir ?? stub! })
  const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`, {
    origin: host.origin
  })
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  let id = 0
  const roundTrip = (channel: string, input: unknown): Promise<number> =>
    new Promise((resolve, reject) => {
      const mine = ++id
      const t = performance.now()
      const onMessage = (data: WebSocket.RawData): void => {
        const message = JSON.parse(String(data)) as { id: number; result: { ok: boolean } }
        if (message.id !== mine) return
        ws.off('message', onMessage)
        if (!message.result.ok) reject(new Error(`${channel} failed`))
        else resolve(performance.now() - t)
      }
      ws.on('message', onMessage)
      ws.send(JSON.stringify({ id: mine, channel, ...(input === undefined ? {} : { input }) }))
    })
  return {
    host,
    async median(channel, input, runs = 50, warm = 10) {
      for (let i = 0; i < warm; i++) await roundTrip(channel, input)
      const times: number[] = []
      for (let i = 0; i < runs; i++) times.push(await roundTrip(channel, input))
      return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
    },
    async close() {
      ws.close()
      await host.close()
      if (stub) rmSync(stub, { recursive: true, force: true })
    }
  }
}
