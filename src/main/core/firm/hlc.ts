// A hybrid logical clock: wall-clock milliseconds, a counter for events within one millisecond (or
// while the wall clock stands still or goes back), and the node that ticked it. Its text sorts as
// the clock does, so "last writer wins" is a string comparison every desktop makes the same way,
// and a change made after seeing another is always later than it, whatever the two wall clocks say.

export interface Hlc {
  ms: number
  counter: number
  node: string
}

export function formatHlc(h: Hlc): string {
  return `${String(h.ms).padStart(15, '0')}-${String(h.counter).padStart(8, '0')}-${h.node}`
}

export function parseHlc(text: string): Hlc {
  const [ms, counter, ...node] = text.split('-')
  return { ms: Number(ms), counter: Number(counter), node: node.join('-') }
}

/**
 * The clock of a decision made before the firm knew of it, at `at` (an ISO time): unknown or
 * unreadable is as old as can be, never a text that would sort after every real clock.
 */
export function hlcMadeAt(at: string | null, node: string): string {
  const ms = at === null ? 0 : Date.parse(at)
  return formatHlc({ ms: Number.isFinite(ms) && ms > 0 ? ms : 0, counter: 0, node })
}

export class HybridClock {
  private last: Hlc

  constructor(
    private readonly node: string,
    private readonly wall: () => number,
    last?: string
  ) {
    this.last = last ? { ...parseHlc(last), node } : { ms: 0, counter: 0, node }
  }

  /** A local event. */
  tick(): string {
    const now = this.wall()
    this.last =
      now > this.last.ms
        ? { ms: now, counter: 0, node: this.node }
        : { ms: this.last.ms, counter: this.last.counter + 1, node: this.node }
    return formatHlc(this.last)
  }

  /** A remote event seen: what this node does next comes after it. */
  receive(remote: string): void {
    const r = parseHlc(remote)
    const now = this.wall()
    const ms = Math.max(now, this.last.ms, r.ms)
    const counter =
      ms === this.last.ms && ms === r.ms
        ? Math.max(this.last.counter, r.counter) + 1
        : ms === this.last.ms
          ? this.last.counter + 1
          : ms === r.ms
            ? r.counter + 1
            : 0
    this.last = { ms, counter, node: this.node }
  }

  current(): string {
    return formatHlc(this.last)
  }
}
