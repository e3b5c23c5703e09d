import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN, isAllowedExternal } from '../core/security'

/** The main window, locked down: isolated, sandboxed, no Node, no navigation, no pop-ups. */
export function createMainWindow(origins: readonly string[]): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Runway Desktop',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      // The preload exposes window.runway (one method per contract channel) and no Electron or Node
      // API; every call is validated in the core and the sender checked in ipc.ts.
      preload: join(__dirname, '../preload/index.js'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click would open a link in a new window without going through the handler below.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())

  const devUrl = process.env.ELECTRON_RENDERER_URL
  const ownPage = (url: string): boolean => origins.some((origin) => url.startsWith(`${origin}/`))
  win.webContents.on('will-navigate', (event, url) => {
    if (!ownPage(url)) event.preventDefault()
  })
  win.webContents.on('will-redirect', (event, url) => {
    if (!ownPage(url)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Sign-in pages and QuickBooks links open in the user's browser, never in our window, and only
    // those on the allow-list (core/security.ts).
    if (isAllowedExternal(url)) void shell.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' }
  })

  void win.loadURL(devUrl ?? `${APP_ORIGIN}/index.html`)
  return win
}
