// Electron entry: wires the shell to the core. Everything with logic lives in core/.

import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { app, BrowserWindow, dialog, shell } from 'electron'
import { join } from 'node:path'
import { createCore, type Core } from './core'
import { installCrashGuards } from './core/crash-guard'
import { appendLog } from './core/log'
import { privateUmask } from './core/data-folder'
import { appOrigins } from './core/security'
import { registerIpc } from './shell/ipc'
import { installMenu } from './shell/menu'
import { electronNativeBinding } from './shell/native'
import { notifyFromCore } from './shell/notify'
import { signInListener } from './shell/oauth-redirect'
import { registerAppScheme, serveApp } from './shell/protocol'
import { chooseExportFolder, electronPdfPrinter } from './shell/pdf'
import { appSecretStore } from './shell/secrets'
import { createTray } from './shell/tray'
import { createMainWindow } from './shell/window'

let core: Core | null = null

// An error nobody caught is logged and the app runs on, instead of Electron's modal error box.
privateUmask()
const userData = app.getPath('userData')
installCrashGuards({ dataDir: userData, report: (line) => process.stderr.write(line) })
const warn = (message: string): void => {
  const at = new Date().toISOString()
  appendLog(userData, at, `warning: ${message}`)
  process.stderr.write(`${at} warning: ${message}\n`)
}
registerAppScheme()
const origins = appOrigins(process.env.ELECTRON_RENDERER_URL)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
  })

  app.whenReady().then(async () => {
    try {
      const nativeBinding = electronNativeBinding()
      core = await createCore({
        dataDir: userData,
        host: 'electron',
        appVersion: app.getVersion(),
        secrets: await appSecretStore(userData, warn),
        testDrive: startTestDriveSandbox,
        openPath: async (path) => (await shell.openPath(path)) === '',
        pdf: electronPdfPrinter(),
        chooseFolder: chooseExportFolder,
        ...(nativeBinding ? { nativeBinding } : {})
      })
      await core.start()
    } catch (error) {
      dialog.showErrorBox(
        'Runway Desktop could not start',
        error instanceof Error ? error.message : String(error)
      )
      app.exit(1)
      return
    }
    const started = core
    serveApp(join(__dirname, '../renderer'))
    installMenu(started)
    const showWindow = (): BrowserWindow => {
      const win = BrowserWindow.getAllWindows()[0] ?? createMainWindow(origins)
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
      return win
    }
    registerIpc(started, origins, signInListener(started, showWindow))
    createMainWindow(origins)
    createTray(started, join(app.getAppPath(), 'resources'), showWindow)
    notifyFromCore(started, showWindow, (companyId) =>
      showWindow().webContents.send('runway:event', 'company.open', { companyId })
    )
    app.on('activate', () => void showWindow())
  })

  // The tray keeps the app (and its background syncs and digests) running with no window open.
  app.on('window-all-closed', () => {})

  app.on('will-quit', () => {
    void core?.stop()
  })
}
