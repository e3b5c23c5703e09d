// Exposes window.runway, one method per contract channel, and nothing else: no raw ipcRenderer.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { createBridge, type EventName } from '../shared/contract'
import type { Result } from '../shared/errors'

const bridge = createBridge({
  invoke: (channel, input) => ipcRenderer.invoke('runway:invoke', channel, input) as Promise<Result<unknown>>,
  subscribe: (event: EventName, listener) => {
    const handler = (_: IpcRendererEvent, name: EventName, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on('runway:event', handler)
    return () => ipcRenderer.removeListener('runway:event', handler)
  }
})

contextBridge.exposeInMainWorld('runway', bridge)
