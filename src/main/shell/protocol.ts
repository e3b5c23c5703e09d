import { net, protocol, session } from 'electron'
import { existsSync, statSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { APP_SCHEME, isPermissionAllowed, resolveAppFile } from '../core/security'

/** Before the app is ready: app:// is a standard, secure scheme, so 'self' in the CSP means it. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }
  ])
}

/**
 * Serves the built renderer on app://runway/ (not file://, which would give the page every file
 * on disk as its origin), and denies the page every permission it might ask for.
 */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = resolveAppFile(rendererDir, request.url)
    if (!file || !existsSync(file) || !statSync(file).isFile()) return new Response(null, { status: 404 })
    return net.fetch(pathToFileURL(file).toString())
  })
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(isPermissionAllowed(permission))
  )
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
}
