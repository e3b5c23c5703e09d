// Events between the core's own services, so none holds another by a callback assigned after the
// fact. Unlike the outward EventBus, a hook's listeners are awaited in turn: the sync that emits
// 'sync.completed' returns only once the outbox has replayed, as a caller of sync.now expects.

export interface HookPayloads {
  /** A sync of the company finished without error: its books are whole again. */
  'sync.completed': {
    companyId: string
    /** It wrote or removed records, or read a type in full: the figures may have moved. */
    changed: boolean
  }
  /**
   * A full read is about to start writing the company's books page by page: books that are whole
   * now stop being whole until it ends, so this is the moment to keep a copy of them.
   */
  'sync.fullReadStarting': { companyId: string }
  /** The status bands changed: every company's status is banded again. */
  'bands.changed': Record<string, never>
  /** QBO refused the company's refresh token: it must be reconnected. */
  'connection.refused': { companyId: string; reason: string }
  /** The company is about to be deleted, its tokens already gone: a sync under way ends first, so
   *  no page it was writing lands after its books are deleted. */
  'company.removing': { companyId: string }
}

type HookName = keyof HookPayloads
type Listener<H extends HookName> = (payload: HookPayloads[H]) => Promise<void> | void

export class Hooks {
  private readonly listeners: { [H in HookName]?: Listener<H>[] } = {}

  on<H extends HookName>(hook: H, listener: Listener<H>): void {
    ;(this.listeners[hook] ??= [] as never[]).push(listener as never)
  }

  async emit<H extends HookName>(hook: H, payload: HookPayloads[H]): Promise<void> {
    for (const listener of (this.listeners[hook] ?? []) as Listener<H>[]) await listener(payload)
  }
}
