// Intuit's per-realm limits: requests per minute, requests in flight, batch calls per minute. The
// minute windows run on the sandbox clock, so a test can fill a window and then advance past it.

export interface Limits {
  /** Requests per minute per realm (Intuit: 500). */
  perMinute: number
  /** Requests in flight at once per realm (Intuit: 10). */
  concurrent: number
  /** Batch calls per minute per realm (Intuit: 40). */
  batchPerMinute: number
}

export const DEFAULT_LIMITS: Limits = { perMinute: 500, concurrent: 10, batchPerMinute: 40 }

const MINUTE = 60_000

class Window {
  private readonly stamps: number[] = []
  private head = 0

  count(now: number): number {
    while (this.head < this.stamps.length && this.stamps[this.head]! <= now - MINUTE) this.head++
    if (this.head > 1024) {
      this.stamps.splice(0, this.head)
      this.head = 0
    }
    return this.stamps.length - this.head
  }

  add(now: number): void {
    this.stamps.push(now)
  }
}

interface RealmCounters {
  inFlight: number
  requests: Window
  batches: Window
}

export class Throttle {
  private readonly realms = new Map<string, RealmCounters>()

  constructor(public limits: Limits) {}

  private counters(realmId: string): RealmCounters {
    let c = this.realms.get(realmId)
    if (!c) {
      c = { inFlight: 0, requests: new Window(), batches: new Window() }
      this.realms.set(realmId, c)
    }
    return c
  }

  /** Counts a request in; returns how many are in flight for the realm, this one included. */
  arrive(realmId: string): number {
    return ++this.counters(realmId).inFlight
  }

  leave(realmId: string): void {
    const c = this.counters(realmId)
    c.inFlight = Math.max(0, c.inFlight - 1)
  }

  inFlight(realmId: string): number {
    return this.realms.get(realmId)?.inFlight ?? 0
  }

  /** Whether a request may proceed; an admitted request uses up its place in the minute windows. */
  admit(realmId: string, inFlightAtArrival: number, isBatch: boolean, now: number): boolean {
    const c = this.counters(realmId)
    if (inFlightAtArrival > this.limits.concurrent) return false
    if (c.requests.count(now) >= this.limits.perMinute) return false
    if (isBatch && c.batches.count(now) >= this.limits.batchPerMinute) return false
    c.requests.add(now)
    if (isBatch) c.batches.add(now)
    return true
  }

  /** Forgets the minute windows (in-flight counts stay: those requests are still running). */
  resetWindows(): void {
    for (const c of this.realms.values()) {
      c.requests = new Window()
      c.batches = new Window()
    }
  }
}
