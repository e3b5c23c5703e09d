// The decisions behind the desktop shell's locks (Electron's security checklist), as plain functions
// the tests call directly; src/main/shell/ only wires them to Electron's hooks.

import { isAbsolute, join, normalize, relative, sep } from 'node:path'

/** The renderer is served from this origin in the packaged app (never file://). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'runway'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/**
 * The file under `root` an app:// request asks for, or null (another host, a path out of `root`,
 * an undecodable path). `/` is the page itself.
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL
  let path: string
  try {
    url = new URL(requestUrl)
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  if (path.includes('\0')) return null
  const file = normalize(join(root, path === '/' || path === '' ? 'index.html' : path))
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) {
    return null
  }
  return file
}

/** The origins our window's page may be loaded from: app:// packaged, the dev server in `npm run dev`. */
export function appOrigins(devServerUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN]
  if (devServerUrl) {
    try {
      origins.push(new URL(devServerUrl).origin)
    } catch {
      // A malformed dev URL adds nothing.
    }
  }
  return origins
}

function originOf(url: string | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    // app:// is not a special scheme to WHATWG URL, so its origin reads "null": build it ourselves.
    return parsed.protocol === `${APP_SCHEME}:` ? `${parsed.protocol}//${parsed.host}` : parsed.origin
  } catch {
    return null
  }
}

export interface IpcSender {
  /** The URL of the frame that sent the message (event.senderFrame.url). */
  frameUrl: string | undefined
  /** Whether that frame is its page's main frame, not an iframe. */
  mainFrame: boolean
  /** Whether the page belongs to a window this app opened. */
  ourWindow: boolean
}

/** IPC is answered only for our own window's main frame showing our own page. */
export function isTrustedSender(sender: IpcSender, origins: readonly string[]): boolean {
  if (!sender.ourWindow || !sender.mainFrame) return false
  const origin = originOf(sender.frameUrl)
  return origin !== null && origins.includes(origin)
}

/** Hosts a link may open in the user's browser: Intuit's sign-in, QuickBooks and Intuit's docs. */
export const EXTERNAL_HOSTS = ['intuit.com'] as const

/**
 * Whether `url` may be handed to the OS browser: https on Intuit's hosts (appcenter.intuit.com for
 * sign-in, quickbooks.intuit.com, developer.intuit.com for its docs), or a local QuickBooks sandbox
 * on the loopback address (a `custom` connection's sign-in page). Anything else stays closed: a
 * link in synced QBO data must not become an arbitrary program launch (`file:`, `smb:`, custom
 * schemes) or a phishing page opened with the app's authority.
 */
export function isAllowedExternal(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.username || parsed.password) return false
  if (parsed.protocol === 'https:') {
    const host = parsed.hostname.toLowerCase()
    return EXTERNAL_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))
  }
  return parsed.protocol === 'http:' && parsed.hostname === '127.0.0.1' && parsed.port !== ''
}

/**
 * Which permission requests (camera, microphone, geolocation, notifications from the page, …) the
 * renderer gets: none. Notifications come from the main process, the clipboard through the OS menu.
 */
export function isPermissionAllowed(_permission: string): boolean {
  return false
}

/**
 * The page's Content-Security-Policy, as src/renderer/index.html's meta tag holds it (a test keeps
 * the two equal): only our own scripts and styles, nothing inline. The renderer's computed styles
 * (chart tooltips, bar widths) are set through the DOM's style object, which CSP allows.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
