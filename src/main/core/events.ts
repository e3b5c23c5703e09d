import type { EventName, Events } from '../../shared/contract'

type Listener = (event: EventName, payload: unknown) => void

/** The core's outward events; each host forwards them to its windows or clients. */
export class EventBus {
  private readonly listeners = new Set<Listener>()

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload)
      } catch {
        // A broken listener (a closed window, a dropped socket) must not stop the others.
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
