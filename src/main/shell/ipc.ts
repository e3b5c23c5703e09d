import { BrowserWindow, ipcMain } from 'electron'
import type { Core } from '../core'

/** Carries the contract over IPC: one handle for every channel, validation happens in the core. */
export function registerIpc(core: Core): () => void {
  ipcMain.handle('runway:invoke', (_event, channel: unknown, input: unknown) => core.invoke(channel, input))
  const unsubscribe = core.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send('runway:event', event, payload)
    }
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler('runway:invoke')
  }
}
