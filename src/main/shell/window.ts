import { BrowserWindow, shell } from 'electron'
import { join } from 'node:path'

/** The main window, locked down: isolated, sandboxed, no Node, no navigation, no pop-ups. */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Runway Desktop',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false
    }
  })
  win.once('ready-to-show', () => win.show())

  const appUrl = process.env.ELECTRON_RENDERER_URL
  win.webContents.on('will-navigate', (event, url) => {
    if (!appUrl || !url.startsWith(appUrl)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Sign-in pages (Intuit's, or a local sandbox's on loopback) and help links open in the user's
    // browser, never in our window.
    if (url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url))
      void shell.openExternal(url)
    return { action: 'deny' }
  })

  if (appUrl) void win.loadURL(appUrl)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
  return win
}
