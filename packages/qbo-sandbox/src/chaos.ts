// Fault injection for the control plane. Rates draw from a seeded PRNG in request-arrival order, so
// a test that sends the same requests sees the same failures on every run.

import { randomUUID } from 'node:crypto'

export type FaultKind = 'latency' | 'error' | 'reset' | 'commit-drop' | 'throttle'
export type OutageMode = 'reset' | '503'

export interface FaultMatch {
  /** HTTP method, case-insensitive. */
  method?: string
  /** A regular expression (source text) tested against the URL path, e.g. "/bill$" or "^/oauth2/". */
  path?: string
  /** Entity of the request: from the path (/bill → Bill) or the FROM of a query. Case-insensitive. */
  entity?: string
  realmId?: string
  /** true: only writes (POSTs to /v3 other than /query); false: only reads. */
  write?: boolean
  /** 'api' (/v3) or 'oauth' (authorize, token, revoke). */
  area?: 'api' | 'oauth'
}

export interface FaultRuleInput {
  kind: FaultKind
  match?: FaultMatch
  /** Fire for the next N matching requests, then retire. */
  count?: number
  /** Fire with this probability (0..1) per matching request. */
  rate?: number
  /** For `latency`: the delay to add. */
  ms?: number
  /** For `error`: the HTTP status (default 500). */
  status?: number
  /** For `error`: a body to send instead of the default for the status. */
  body?: string
  contentType?: string
}

export interface FaultRule extends FaultRuleInput {
  id: string
  /** Requests that matched. */
  seen: number
  /** Requests the rule acted on. */
  fired: number
}

export interface RequestFacts {
  method: string
  path: string
  realmId?: string
  entity?: string
  write: boolean
  area: 'api' | 'oauth'
}

export interface ChaosDecision {
  latencyMs: number
  action?: FaultRule
  /** Every rule that fired, for the request log. */
  fired: FaultRule[]
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KINDS: FaultKind[] = ['latency', 'error', 'reset', 'commit-drop', 'throttle']

export class Chaos {
  rules: FaultRule[] = []
  outage: OutageMode | null = null
  latencyMs: number
  private random: () => number
  private seed: number

  constructor(seed: number, latencyMs: number) {
    this.seed = seed
    this.random = prng(seed)
    this.latencyMs = latencyMs
  }

  reseed(seed: number): void {
    this.seed = seed
    this.random = prng(seed)
  }

  get currentSeed(): number {
    return this.seed
  }

  /** Validates and adds a rule; throws an Error with a readable message on bad input. */
  add(input: unknown): FaultRule {
    const o = input as Partial<FaultRuleInput> | null
    if (!o || typeof o !== 'object' || !KINDS.includes(o.kind as FaultKind))
      throw new Error(`kind must be one of ${KINDS.join(', ')}`)
    if (o.count !== undefined && !(Number.isInteger(o.count) && o.count > 0))
      throw new Error('count must be a positive integer')
    if (o.rate !== undefined && !(typeof o.rate === 'number' && o.rate >= 0 && o.rate <= 1))
      throw new Error('rate must be between 0 and 1')
    if (o.kind === 'latency' && !(typeof o.ms === 'number' && o.ms >= 0))
      throw new Error('latency needs ms >= 0')
    if (o.status !== undefined && !(Number.isInteger(o.status) && o.status >= 100 && o.status <= 599))
      throw new Error('status must be an HTTP status')
    if (o.match?.path !== undefined) new RegExp(o.match.path)
    const rule: FaultRule = { ...(o as FaultRuleInput), id: randomUUID(), seen: 0, fired: 0 }
    this.rules.push(rule)
    return rule
  }

  remove(id: string): boolean {
    const before = this.rules.length
    this.rules = this.rules.filter((r) => r.id !== id)
    return this.rules.length !== before
  }

  clear(): void {
    this.rules = []
    this.outage = null
  }

  private matches(rule: FaultRule, f: RequestFacts): boolean {
    const m = rule.match
    if (!m) return true
    if (m.method && m.method.toUpperCase() !== f.method.toUpperCase()) return false
    if (m.area && m.area !== f.area) return false
    if (m.realmId && m.realmId !== f.realmId) return false
    if (m.entity && m.entity.toLowerCase() !== (f.entity ?? '').toLowerCase()) return false
    if (m.write !== undefined && m.write !== f.write) return false
    if (m.path && !new RegExp(m.path).test(f.path)) return false
    return true
  }

  /** Decides, at a request's arrival, what happens to it. */
  decide(f: RequestFacts): ChaosDecision {
    const decision: ChaosDecision = { latencyMs: this.latencyMs, fired: [] }
    for (const rule of this.rules) {
      if (!this.matches(rule, f)) continue
      // A rule that cannot act on this request (an action when one is already chosen) leaves its
      // count and its PRNG draw for a later request.
      if (rule.kind !== 'latency' && decision.action) continue
      rule.seen++
      if (rule.rate !== undefined && !(this.random() < rule.rate)) continue
      rule.fired++
      decision.fired.push(rule)
      if (rule.kind === 'latency') decision.latencyMs += rule.ms ?? 0
      else decision.action = rule
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.fired < r.count)
    return decision
  }
}
