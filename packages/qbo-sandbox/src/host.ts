// What the control plane needs from a running sandbox, and the records it shows. Kept apart from
// server.ts so the control plane and the server do not import each other: the test drive's
// sandbox is the server alone.

import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Chaos } from './chaos'
import type { Throttle } from './limits'
import type { OAuthAuthority } from './oauth'
import type { StateWriter } from './state-file'
import type { RealmStore } from './store'
import type { SandboxClock } from './time'
import type { SentEmail } from './writes'

export interface SandboxInfo {
  apiBaseUrl: string
  oauth: { authorizeUrl: string; tokenUrl: string; revokeUrl: string; clientId: string; clientSecret: string }
  realms: { realmId: string; companyName: string }[]
}

export interface LogEntry {
  seq: number
  /** Sandbox-clock instant of arrival (ISO, UTC). */
  time: string
  method: string
  path: string
  query: Record<string, string>
  area: 'api' | 'oauth'
  realmId?: string
  /** HTTP status sent, or the one the handler produced before a commit-then-drop; null after a reset. */
  status: number | null
  outcome: 'pending' | 'responded' | 'reset' | 'dropped'
  requestId?: string
  intuitTid: string
  /** Requests in flight for this realm when this one arrived, itself included. */
  inFlight?: number
  /** Kinds of the injected faults that fired on this request. */
  faults: string[]
  /** True when the answer was the stored response of an earlier request with the same requestid. */
  replayed?: boolean
  minorVersion?: number
  durationMs?: number
  /** How the answer's bytes were packed, when they were (the `compress` option). */
  encoding?: 'gzip'
}

export interface OutboxMessage extends SentEmail {
  id: number
}

export interface SandboxHost {
  readonly clock: SandboxClock
  readonly realms: Map<string, RealmStore>
  readonly oauth: OAuthAuthority
  readonly throttle: Throttle
  readonly log: LogEntry[]
  readonly outbox: OutboxMessage[]
  writer: StateWriter | undefined
  info(): SandboxInfo
  markDirty(): void
}

/** The control plane as the server meets it: its own requests, and the faults every other one meets. */
export interface ControlPlane {
  readonly chaos: Chaos
  /** Whether a request to this path is the control plane's. */
  owns(path: string): boolean
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void>
}
