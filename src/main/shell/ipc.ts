import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import type { Core } from '../core'
import { DEFAULT_REDIRECT_URI } from '../core/companies/service'
import type { SignInListener } from '../core/companies/redirect-listener'
import { isTrustedSender } from '../core/security'

/** The channels that start a sign-in in the user's browser (they answer with its state). */
const SIGN_IN_CHANNELS = new Set(['companies.connect', 'companies.add', 'companies.reconnect'])

/**
 * Carries the contract over IPC: one handle for every channel, validation happens in the core.
 * Only our own window's main frame, showing our own page, is answered.
 */
export function registerIpc(core: Core, origins: readonly string[], signIn: SignInListener): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame
    return isTrustedSender(
      {
        frameUrl: frame?.url,
        mainFrame: frame !== null && frame === event.sender.mainFrame,
        ourWindow: BrowserWindow.fromWebContents(event.sender) !== null
      },
      origins
    )
  }
  ipcMain.handle('runway:invoke', async (event, channel: unknown, input: unknown) => {
    if (!trusted(event)) return { ok: false, error: { kind: 'auth', message: 'not our window' } }
    const result = await core.invoke(channel, input)
    if (result.ok && SIGN_IN_CHANNELS.has(channel as string)) {
      // The redirect comes back to this app only while it listens for this sign-in's state.
      const { state } = result.value as { state: string }
      const given =
        channel === 'companies.connect' ? (input as { redirectUri?: string }).redirectUri : undefined
      void signIn.expect(state, given ?? DEFAULT_REDIRECT_URI)
    }
    return result
  })
  const unsubscribe = core.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send('runway:event', event, payload)
    }
  })
  return () => {
    unsubscribe()
    signIn.close()
    ipcMain.removeHandler('runway:invoke')
  }
}
