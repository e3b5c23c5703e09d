// Electron entry: wires the shell to the core. Everything with logic lives in core/.

import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import { createCore, type Core } from './core'
import { registerIpc } from './shell/ipc'
import { installMenu } from './shell/menu'
import { electronNativeBinding } from './shell/native'
import { notifyFromCore } from './shell/notify'
import { listenForOAuthRedirect } from './shell/oauth-redirect'
import { appSecretStore } from './shell/secrets'
import { createTray } from './shell/tray'
import { createMainWindow } from './shell/window'

let core: Core | null = null

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
      const userData = app.getPath('userData')
      core = await createCore({
        dataDir: userData,
        host: 'electron',
        appVersion: app.getVersion(),
        secrets: appSecretStore(userData),
        testDrive: startTestDriveSandbox,
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
    registerIpc(started)
    installMenu(started)
    const showWindow = (): BrowserWindow => {
      const win = BrowserWindow.getAllWindows()[0] ?? createMainWindow()
      if (win.isMinimized()) win.restore()
      win.show()
      win.focus()
      return win
    }
    createMainWindow()
    createTray(started, join(app.getAppPath(), 'resources'), showWindow)
    notifyFromCore(started, showWindow)
    listenForOAuthRedirect(started, showWindow)
    app.on('activate', () => void showWindow())
  })

  // The tray keeps the app (and its background syncs and digests) running with no window open.
  app.on('window-all-closed', () => {})

  app.on('will-quit', () => {
    void core?.stop()
  })
}
