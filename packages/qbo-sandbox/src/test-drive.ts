// The sandbox the app ships for its test drive: the three demo companies behind the QBO service,
// and nothing that could make it misbehave. No control plane is reachable in a packaged build because
// none is bundled: nothing here imports it (a dependency rule and the build test check both).

import { start, type Sandbox } from './start'

export type { Sandbox } from './start'
export type { SandboxInfo } from './host'

export interface TestDriveOptions {
  /** JSON-lines state file, so a test drive survives a restart of the app. */
  stateFile: string
  /** Milliseconds since the epoch: the app's clock, so the demo books are as of the app's today. */
  clock: () => number
}

export function startTestDriveSandbox(opts: TestDriveOptions): Promise<Sandbox> {
  return start({ size: 'demo', stateFile: opts.stateFile, clock: opts.clock })
}
