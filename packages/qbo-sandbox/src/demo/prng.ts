// A small seeded generator (mulberry32) so that a seed reproduces a company to the cent on every
// machine and Node version; Math.random would make fixtures and bug reports unrepeatable.

/** FNV-1a, 32-bit: turns labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }

  /** Real number in [lo, hi). */
  real(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)]!
  }

  /** An independent stream, so adding draws to one part of a company does not reshuffle another. */
  fork(label: string): Rng {
    return new Rng(hashString(label) ^ Math.imul(this.state, 0x9e3779b1))
  }
}

/** The root stream for a user-supplied seed (any finite number, integer or not). */
export function rootRng(seed: number): Rng {
  return new Rng(hashString(`runway-sandbox:${String(seed)}`))
}
