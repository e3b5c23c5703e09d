// One limiter per company, shared by every caller (sync, actions, refreshes): at most N requests in
// flight and a rolling per-minute budget kept under Intuit's, with a separate budget for batch.
//
// The budget counts a request from the moment it starts until a window's length after it ENDS. QBO
// counts arrivals, and an arrival can come any time between our start and our end (a busy event
// loop sends late); counting whole lifetimes means no window of Intuit's can ever see more than the
// budget, however the arrivals bunch up.

export interface LimiterOptions {
  maxInFlight: number
  perWindow: number
  batchPerWindow: number
  windowMs: number
  now?: () => number
}

export const QBO_LIMITS: LimiterOptions = {
  maxInFlight: 10,
  // Intuit allows 500/min and 40 batch/min per realm; a margin absorbs clock skew between us and them.
  perWindow: 480,
  batchPerWindow: 36,
  windowMs: 60_000
}

export class Limiter {
  private inFlight = 0
  private batchInFlight = 0
  private readonly ends: number[] = []
  private readonly batchEnds: number[] = []
  private readonly waiting: (() => void)[] = []
  private timer: NodeJS.Timeout | null = null
  private readonly now: () => number

  constructor(private readonly options: LimiterOptions = QBO_LIMITS) {
    this.now = options.now ?? (() => performance.now())
  }

  get active(): number {
    return this.inFlight
  }

  /** Resolves when a request may start; call the returned release when it has finished. */
  async acquire(kind: 'normal' | 'batch' = 'normal', signal?: AbortSignal): Promise<() => void> {
    for (;;) {
      signal?.throwIfAborted()
      const wait = this.waitMs(kind)
      if (wait === 0) break
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          remove()
          reject(signal?.reason ?? new Error('aborted'))
        }
        const wake = (): void => {
          signal?.removeEventListener('abort', onAbort)
          resolve()
        }
        const remove = (): void => {
          const i = this.waiting.indexOf(wake)
          if (i >= 0) this.waiting.splice(i, 1)
        }
        this.waiting.push(wake)
        signal?.addEventListener('abort', onAbort, { once: true })
        if (Number.isFinite(wait)) this.schedule(wait)
      })
    }
    this.inFlight += 1
    if (kind === 'batch') this.batchInFlight += 1
    let released = false
    return () => {
      if (released) return
      released = true
      const at = this.now()
      this.inFlight -= 1
      this.ends.push(at)
      if (kind === 'batch') {
        this.batchInFlight -= 1
        this.batchEnds.push(at)
      }
      this.wakeAll()
    }
  }

  /** 0 when a request may start now, Infinity when it must wait for a release, else ms to wait. */
  private waitMs(kind: 'normal' | 'batch'): number {
    const horizon = this.now() - this.options.windowMs
    while (this.ends.length > 0 && this.ends[0]! <= horizon) this.ends.shift()
    while (this.batchEnds.length > 0 && this.batchEnds[0]! <= horizon) this.batchEnds.shift()
    if (this.inFlight >= this.options.maxInFlight) return Number.POSITIVE_INFINITY
    if (this.ends.length + this.inFlight >= this.options.perWindow) {
      // Waiting on one in flight to end, or on the oldest ended one to leave the window.
      return this.ends.length > 0 ? this.ends[0]! - horizon + 1 : Number.POSITIVE_INFINITY
    }
    if (kind === 'batch' && this.batchEnds.length + this.batchInFlight >= this.options.batchPerWindow) {
      return this.batchEnds.length > 0 ? this.batchEnds[0]! - horizon + 1 : Number.POSITIVE_INFINITY
    }
    return 0
  }

  private schedule(ms: number): void {
    if (this.timer) return
    this.timer = setTimeout(
      () => {
        this.timer = null
        this.wakeAll()
      },
      Math.max(1, Math.ceil(ms))
    )
  }

  private wakeAll(): void {
    for (const wake of this.waiting.splice(0)) wake()
  }
}
