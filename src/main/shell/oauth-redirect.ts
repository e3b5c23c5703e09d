import { createServer, type Server } from 'node:http'
import type { Core } from '../core'
import { callbackAnswer } from '../core/companies/callback-page'
import { DEFAULT_REDIRECT_URI } from '../core/companies/service'

/**
 * Catches Intuit's redirect after the user signs in in their browser, on the loopback address the
 * app registered (DEFAULT_REDIRECT_URI), and completes the connection in the core.
 */
export function listenForOAuthRedirect(core: Core, onConnected: () => void): Server {
  const target = new URL(DEFAULT_REDIRECT_URI)
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', target.origin)
    if (req.method !== 'GET' || url.pathname !== target.pathname) {
      res.writeHead(404).end()
      return
    }
    void core.invoke('companies.completeConnect', { callbackUrl: url.toString() }).then((result) => {
      const answer = callbackAnswer(result)
      res.writeHead(answer.status, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(answer.html)
      if (result.ok) onConnected()
    })
  })
  server.on('error', () => {
    // Port taken (another copy of the app?): connecting still works by pasting the address.
  })
  server.listen(Number(target.port), target.hostname)
  return server
}
