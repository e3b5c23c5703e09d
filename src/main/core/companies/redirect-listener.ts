// Catches Intuit's redirect after the user signs in in their browser, for one sign-in at a time: the
// desktop shell starts a wait when a connect begins (its state in hand), on the loopback address the
// connect registered, and the wait ends at the first callback carrying that state, at a timeout, or
// when another connect begins. Whatever arrives on the port (a bare `//`, another page's request, a
// stale state) is answered and never thrown on.

import { timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Result } from '../../../shared/errors'
import { isOwnHost, requestUrl } from '../loopback'
import { callbackAnswer } from './callback-page'
import { PENDING_TTL_MS } from './service'

export type RedirectOutcome =
  | { kind: 'connected' }
  | { kind: 'refused'; message: string }
  | { kind: 'timeout' }
  | { kind: 'replaced' }
  | { kind: 'unavailable'; message: string }

export interface RedirectWait {
  /** Settles once, with how the wait ended; the port is closed by then. */
  done: Promise<RedirectOutcome>
  close(): void
}

export interface RedirectWaitOptions {
  redirectUri: string
  state: string
  timeoutMs: number
  complete(callbackUrl: string): Promise<Result<unknown>>
}

/** Only plain-HTTP loopback redirects can be caught here; any other is the caller's to deliver. */
export function isLoopbackRedirect(redirectUri: string): boolean {
  try {
    const url = new URL(redirectUri)
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== ''
  } catch {
    return false
  }
}

const refusal = (message: string): Result<never> => ({ ok: false, error: { kind: 'validation', message } })

function sameState(given: string | null, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function answer(res: ServerResponse, status: number, body?: string): void {
  if (res.headersSent) return
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Referrer-Policy': 'no-referrer',
    Connection: 'close'
  })
  res.end(body)
}

/** Listens for one sign-in's redirect; resolves once listening (or with `unavailable` in `done`). */
export async function awaitRedirect(options: RedirectWaitOptions): Promise<RedirectWait> {
  const target = new URL(options.redirectUri)
  const port = Number(target.port)
  let settle!: (outcome: RedirectOutcome) => void
  const done = new Promise<RedirectOutcome>((resolve) => (settle = resolve))
  let finished = false
  let used = false

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res)
    } catch {
      answer(res, 500)
    }
  })
  // A malformed request line or header ends that connection, not the listener.
  server.on('clientError', (_error, socket) => socket.destroy())

  const finish = (outcome: RedirectOutcome): void => {
    if (finished) return
    finished = true
    clearTimeout(timer)
    server.close(() => settle(outcome))
    server.closeIdleConnections()
  }
  const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs)
  timer.unref()

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (!isOwnHost(req.headers.host, port)) return answer(res, 421)
    const url = requestUrl(req, target.origin)
    if (!url) return answer(res, 400, callbackAnswer(refusal('This address is not one Runway knows.')).html)
    if (req.method !== 'GET' || url.pathname !== target.pathname) return answer(res, 404)
    if (used || !sameState(url.searchParams.get('state'), options.state)) {
      return answer(
        res,
        400,
        callbackAnswer(
          refusal('Runway is not waiting for this sign-in. Start connecting again from the app.')
        ).html
      )
    }
    // One callback per sign-in: a replay of this address finds the wait used.
    used = true
    void options.complete(url.toString()).then(
      (result) => {
        const page = callbackAnswer(result)
        answer(res, page.status, page.html)
        finish(result.ok ? { kind: 'connected' } : { kind: 'refused', message: result.error.message })
      },
      (error: unknown) => {
        const page = callbackAnswer({
          ok: false,
          error: { kind: 'internal', message: 'Runway could not finish connecting. Try again.' }
        })
        answer(res, 500, page.html)
        finish({ kind: 'refused', message: error instanceof Error ? error.message : String(error) })
      }
    )
  }

  await new Promise<void>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // Port taken (another copy of the app?): connecting still works by pasting the address.
      finished = true
      clearTimeout(timer)
      settle({ kind: 'unavailable', message: error.code ?? error.message })
      resolve()
    })
    server.listen(port, target.hostname, () => resolve())
  })
  return { done, close: () => finish({ kind: 'replaced' }) }
}

/** One wait at a time: a new connect ends the previous one's wait. */
export class SignInListener {
  private current: RedirectWait | null = null

  constructor(
    private readonly complete: (callbackUrl: string) => Promise<Result<unknown>>,
    private readonly timeoutMs = PENDING_TTL_MS
  ) {}

  /** Starts waiting for `state`'s redirect, if it comes to a loopback address; null otherwise. */
  async expect(state: string, redirectUri: string): Promise<RedirectWait | null> {
    const previous = this.current
    this.current = null
    if (previous) {
      previous.close()
      // Its port must be free before this wait listens on it.
      await previous.done
    }
    if (!isLoopbackRedirect(redirectUri)) return null
    const wait = await awaitRedirect({
      redirectUri,
      state,
      timeoutMs: this.timeoutMs,
      complete: this.complete
    })
    this.current = wait
    void wait.done.then(() => {
      if (this.current === wait) this.current = null
    })
    return wait
  }

  close(): void {
    this.current?.close()
    this.current = null
  }
}
