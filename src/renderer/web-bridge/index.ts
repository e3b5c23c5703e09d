// Loaded by the web host before the app: gives the page the same window.runway that Electron's
// preload gives, carried over the host's WebSocket instead of IPC. The app never imports this.

import './jitless'
import { createBridge, type ChannelName, type EventName } from '../../shared/contract'
import type { Result } from '../../shared/errors'

type Pending = { resolve: (result: Result<unknown>) => void }

const token = document.querySelector<HTMLMetaElement>('meta[name="runway-token"]')?.content ?? ''
const pending = new Map<number, Pending>()
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
const outbox: string[] = []
let nextId = 1
let socket: WebSocket | null = null
let retryMs = 250

function connect(): void {
  const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/rpc?token=${encodeURIComponent(token)}`)
  socket = ws
  ws.onopen = () => {
    retryMs = 250
    for (const message of outbox.splice(0)) ws.send(message)
  }
  ws.onmessage = (message) => {
    const data = JSON.parse(String(message.data)) as
      { id: number; result: Result<unknown> } | { event: EventName; payload: unknown }
    if ('event' in data) {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload)
      return
    }
    pending.get(data.id)?.resolve(data.result)
    pending.delete(data.id)
  }
  ws.onclose = () => {
    socket = null
    // Calls in flight cannot be known to have run: report them, never resend them.
    for (const [id, call] of pending) {
      call.resolve({ ok: false, error: { kind: 'offline', message: 'the connection to the app was lost' } })
      pending.delete(id)
    }
    setTimeout(connect, retryMs)
    retryMs = Math.min(retryMs * 2, 5000)
  }
}

connect()

window.runway = createBridge({
  invoke: (channel: ChannelName, input: unknown) =>
    new Promise<Result<unknown>>((resolve) => {
      const id = nextId++
      pending.set(id, { resolve })
      const message = JSON.stringify({ id, channel, input })
      if (socket?.readyState === WebSocket.OPEN) socket.send(message)
      else outbox.push(message)
    }),
  subscribe: (event, listener) => {
    let set = listeners.get(event)
    if (!set) listeners.set(event, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
})
