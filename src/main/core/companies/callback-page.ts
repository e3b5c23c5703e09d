// The page the browser shows once it is back from Intuit's consent page, whichever host caught it
// (the desktop shell's loopback listener or the web host).

import type { Result } from '../../../shared/errors'

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font:16px system-ui;margin:15vh auto;max-width:32em;text-align:center"><h1>${title}</h1><p>${escapeHtml(text)}</p></body>`

/** The answer to the browser for `companies.completeConnect`'s result. */
export function callbackAnswer(result: Result<unknown>): { status: number; html: string } {
  return result.ok
    ? {
        status: 200,
        html: page('Connected', 'Your QuickBooks company is connected to Runway. You can close this tab.')
      }
    : { status: 400, html: page('Not connected', result.error.message) }
}
