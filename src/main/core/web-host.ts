// The browser preview's host: serves the built renderer and carries the contract over a WebSocket
// on 127.0.0.1 only. A random per-run token and an Origin check keep other pages and other local
// users out; the page gets the same window.runway as in Electron, from web-bridge.js.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { WebSocketServer, type WebSocket } from 'ws'
import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { clockFrom } from '../../shared/dates'
import type { Result } from '../../shared/errors'
import { callbackAnswer } from './companies/callback-page'
import type { StartTestDriveSandbox } from './experiences/test-drive'
import { createCore, type Core } from './index'
import { installCrashGuards } from './crash-guard'
import { privateUmask } from './data-folder'
import { isOwnHost } from './loopback'
import { KEY_FILE_WARNING } from './secrets/backend'
import { defaultDataDir } from './paths'

export interface WebHostOptions {
  core: Core
  rendererDir: string
  port?: number
  token?: string
}

export interface WebHost {
  url: string
  origin: string
  token: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

/** Where the preview catches the browser's return from Intuit's consent page. */
export const CALLBACK_PATH = '/qbo/callback'

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = resolve(options.rendererDir)
  const indexFile = join(rendererDir, 'index.html')
  if (!existsSync(indexFile)) {
    throw new Error(`no built renderer at ${rendererDir}: run \`npm run build\` first`)
  }
  const token = options.token ?? randomBytes(24).toString('base64url')
  let origin = ''
  let port = 0

  const server = createServer((req, res) => serve(req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 })

  function serve(req: IncomingMessage, res: ServerResponse): void {
    // Another site's page reaching this port through DNS rebinding names its own host: refused.
    if (!isOwnHost(req.headers.host, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('This preview answers only 127.0.0.1.')
      return
    }
    let url: URL
    let path: string
    try {
      url = new URL(req.url ?? '/', origin)
      path = decodeURIComponent(url.pathname)
    } catch {
      // A malformed address from any local process must not take the host down.
      res.writeHead(400).end()
      return
    }
    res.setHeader('X-Content-Type-Options', 'nosniff')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    if (url.pathname === CALLBACK_PATH) {
      // The browser back from the consent page: the sign-in's state, not the page token, guards it
      // (the core refuses a state it did not hand out, and each state works once).
      void options.core
        .invoke('companies.completeConnect', { callbackUrl: url.toString() })
        .then((result) => {
          const answer = callbackAnswer(result)
          res.writeHead(answer.status, { 'Content-Type': MIME['.html'], 'Cache-Control': 'no-store' })
          res.end(answer.html)
        })
      return
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!sameToken(url.searchParams.get('token'), token)) {
        res
          .writeHead(403, { 'Content-Type': 'text/plain' })
          .end('This preview needs the link printed by the web host.')
        return
      }
      res.writeHead(200, {
        'Content-Type': MIME['.html'],
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer'
      })
      res.end(req.method === 'HEAD' ? undefined : pageHtml())
      return
    }
    const file = normalize(join(rendererDir, path))
    if (!file.startsWith(rendererDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file))
  }

  function pageHtml(): string {
    const html = readFileSync(indexFile, 'utf8')
    const wsOrigin = origin.replace(/^http/, 'ws')
    return html
      .replace(/connect-src 'self'/, `connect-src 'self' ${wsOrigin}`)
      .replace(
        /<script type="module"/,
        `<meta name="runway-token" content="${token}">\n    <script type="module" src="./web-bridge.js"></script>\n    <script type="module"`
      )
  }

  server.on('upgrade', (req, socket, head) => {
    if (!isOwnHost(req.headers.host, port)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\n\r\n')
      return
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', origin)
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      return
    }
    const allowed =
      url.pathname === '/rpc' &&
      req.headers.origin === origin &&
      sameToken(url.searchParams.get('token'), token)
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws))
  })

  // An answer the core keeps is frozen and handed out again unchanged (the client list): its text
  // is made once, not once per window that asks.
  const texts = new WeakMap<object, string>()
  function answerText(id: number | string | null, result: Result<unknown>): string {
    const value = result.ok ? result.value : null
    if (value === null || typeof value !== 'object' || !Object.isFrozen(value))
      return JSON.stringify({ id, result })
    let text = texts.get(value)
    if (text === undefined) {
      text = JSON.stringify(value)
      texts.set(value, text)
    }
    return `{"id":${JSON.stringify(id)},"result":{"ok":true,"value":${text}}}`
  }

  function attach(ws: WebSocket): void {
    const unsubscribe = options.core.subscribe((event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }))
    })
    ws.on('close', unsubscribe)
    // An oversized or malformed frame ends this connection, never the host.
    ws.on('error', () => ws.terminate())
    ws.on('message', (data) => {
      let message: { id?: unknown; channel?: unknown; input?: unknown }
      try {
        message = JSON.parse(String(data)) as typeof message
      } catch {
        ws.send(
          JSON.stringify({
            id: null,
            result: { ok: false, error: { kind: 'validation', message: 'not JSON' } }
          })
        )
        return
      }
      const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null
      void options.core.invoke(message.channel, message.input).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(answerText(id, result))
      })
    })
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      await new Promise<void>((done) => server.close(() => done()))
    }
  }
}

/** The preview from the command line; the end-to-end specs that inject faults pass the full sandbox. */
export async function main(
  argv: string[],
  testDrive: StartTestDriveSandbox = startTestDriveSandbox
): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      renderer: { type: 'string' },
      // Runs the app as of another instant (its clock starts there and runs on): tests and demos of
      // a given day, such as a month end. Everything that reads "today" reads this clock.
      clock: { type: 'string' }
    },
    strict: true
  })
  const rendererDir =
    values.renderer ??
    [join(__dirname, '../renderer'), resolve('out/renderer')].find((d) => existsSync(d)) ??
    'out/renderer'
  const dataDir = values['data-dir'] ?? defaultDataDir()
  // A long-running host: an error nobody caught is logged, and the preview runs on.
  installCrashGuards({ dataDir, report: (line) => process.stderr.write(line) })
  // The port is known once the host listens, after the core is made.
  let hostOrigin = ''
  const core = await createCore({
    dataDir,
    host: 'web',
    testDrive,
    redirectUri: () => `${hostOrigin}${CALLBACK_PATH}`,
    ...(values.clock ? { clock: clockFrom(values.clock) } : {})
  })
  await core.start()
  // The headless hosts have no OS keychain to seal tokens with: say what that means, once.
  process.stderr.write(`warning: ${KEY_FILE_WARNING}\n`)
  const host = await startWebHost({ core, rendererDir, port: values.port ? Number(values.port) : 0 })
  hostOrigin = host.origin
  // One JSON line, so scripts and tests can find the URL; people get the line after it.
  process.stdout.write(`${JSON.stringify({ url: host.url, origin: host.origin })}\n`)
  process.stdout.write(`Runway Desktop preview: open ${host.url}\n`)
  const shutdown = (): void => {
    void host
      .close()
      .then(() => core.stop())
      .finally(() => process.exit(0))
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

if (require.main === module) {
  privateUmask()
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  })
}
