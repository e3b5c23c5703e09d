import { createServer, type Server } from 'node:http'
import type { Core } from '../core'
import { DEFAULT_REDIRECT_URI } from '../core/companies/service'

const page = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font:16px system-ui;margin:15vh auto;max-width:32em;text-align:center"><h1>${title}</h1><p>${text}</p></body>`

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

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
      res.writeHead(result.ok ? 200 : 400, { 'Content-Type': 'text/html; charset=utf-8' })
      if (result.ok) {
        res.end(page('Connected', 'Your QuickBooks company is connected to Runway. You can close this tab.'))
        onConnected()
      } else {
        res.end(page('Not connected', escape(result.error.message)))
      }
    })
  })
  server.on('error', () => {
    // Port taken (another copy of the app?): connecting still works by pasting the address.
  })
  server.listen(Number(target.port), target.hostname)
  return server
}
