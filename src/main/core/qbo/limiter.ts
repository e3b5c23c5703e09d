// One limiter per company, shared by every caller (sync, actions, refreshes): at most N requests in
// flight and a rolling per-minute budget kept under Intuit's, with a separate budget for batch.

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
  private readonly starts: number[] = []
  private readonly batchStarts: number[] = []
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
    const at = this.now()
    this.inFlight += 1
    this.starts.push(at)
    if (kind === 'batch') this.batchStarts.push(at)
    let released = false
    return () => {
      if (released) return
      released = true
      this.inFlight -= 1
      this.wakeAll()
    }
  }

  /** 0 when a request may start now, Infinity when it must wait for a release, else ms to wait. */
  private waitMs(kind: 'normal' | 'batch'): number {
    const now = this.now()
    const horizon = now - this.options.windowMs
    while (this.starts.length > 0 && this.starts[0]! <= horizon) this.starts.shift()
    while (this.batchStarts.length > 0 && this.batchStarts[0]! <= horizon) this.batchStarts.shift()
    if (this.inFlight >= this.options.maxInFlight) return Number.POSITIVE_INFINITY
    if (this.starts.length >= this.options.perWindow) return this.starts[0]! - horizon + 1
    if (kind === 'batch' && this.batchStarts.length >= this.options.batchPerWindow) {
      return this.batchStarts[0]! - horizon + 1
    }
    return 0
  }

  private schedule(ms: number): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.wakeAll()
    }, Math.max(1, Math.ceil(ms)))
  }

  private wakeAll(): void {
    for (const wake of this.waiting.splice(0)) wake()
  }
}
