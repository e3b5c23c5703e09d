// What every HTTP listener of the app on 127.0.0.1 checks before it looks at a request. A page on
// another site can make the browser send requests to a loopback port, and through DNS rebinding
// (evil.example resolving to 127.0.0.1) read the answers as its own origin; the Host header is
// the one thing such a request cannot set to ours.

import type { IncomingMessage } from 'node:http'

/** Whether `host` (the request's Host header) names this listener: 127.0.0.1 or localhost, our port. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (!host) return false
  return host === `127.0.0.1:${port}` || host.toLowerCase() === `localhost:${port}`
}

/**
 * The request's address as a URL of `origin`, or null when it cannot be one: `//`, `//other.host/`
 * or an unparsable target must be answered, never thrown on.
 */
export function requestUrl(req: IncomingMessage, origin: string): URL | null {
  const raw = req.url ?? '/'
  // Only origin-form targets ("/path?query"): "//host/..." would resolve to another host.
  if (!raw.startsWith('/') || raw.startsWith('//')) return null
  try {
    const url = new URL(raw, origin)
    return url.origin === origin ? url : null
  } catch {
    return null
  }
}
