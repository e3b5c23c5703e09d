// Electron entry: wires the shell to the core. Everything with logic lives in core/.

import { app, BrowserWindow, dialog } from 'electron'
import { createCore, type Core } from './core'
import { registerIpc } from './shell/ipc'
import { electronNativeBinding } from './shell/native'
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
      core = await createCore({
        dataDir: app.getPath('userData'),
        host: 'electron',
        appVersion: app.getVersion(),
        ...(nativeBinding ? { nativeBinding } : {})
      })
      await core.start()
    } catch (error) {
      dialog.showErrorBox('Runway Desktop could not start', error instanceof Error ? error.message : String(error))
      app.exit(1)
      return
    }
    registerIpc(core)
    createMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('will-quit', () => {
    void core?.stop()
  })
}
