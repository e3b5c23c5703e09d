// The full sandbox: the QBO service with its control plane (faults, the request log, the clock,
// token expiry and revocation). Tests, the benchmarks and `npm run sandbox` start this one; the app's
// test drive starts test-drive.ts, which has no control plane.

import { createControlPlane } from './control'
import { start, type Sandbox, type SandboxOptions } from './start'

export type { SandboxInfo, LogEntry, OutboxMessage } from './host'
export type { Limits } from './limits'
export type { FaultRuleInput, FaultRule, FaultMatch, FaultKind } from './chaos'
export type { Sandbox, SandboxOptions } from './start'
export { ENTITY_NAMES, type EntityName, type QboRecord, type RealmData } from './types'

export function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return start(opts, (host, seed) => createControlPlane(host, { seed, latencyMs: opts.latencyMs ?? 0 }))
}
