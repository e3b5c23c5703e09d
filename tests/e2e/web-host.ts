import { expect, test as base } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export interface RunningHost {
  url: string
  origin: string
  stop(): Promise<void>
}

/**
 * The instant every end-to-end test runs at, whatever day it really is: a Monday in the middle of
 * a month. What the specs expect (which demo client is in trouble, which bills are overdue) must
 * not depend on the day they run; the date sweep in tests/integration/runway covers the others.
 */
export const E2E_NOW = '2027-03-15T17:00:00.000Z'

/**
 * Starts the built web host (`node out/main/web-host.js`) on a random loopback port; with
 * `controlPlane`, the same host from source with the full sandbox, whose control plane a spec can
 * use to take QuickBooks away (the built one has none).
 */
export async function startHost(
  dataDir: string,
  clock: string = E2E_NOW,
  { controlPlane = false }: { controlPlane?: boolean } = {}
): Promise<RunningHost> {
  const entry = controlPlane ? ['--import', 'tsx', 'tests/e2e/fault-host.ts'] : ['out/main/web-host.js']
  const child: ChildProcess = spawn(
    process.execPath,
    [...entry, '--data-dir', dataDir, '--port', '0', '--clock', clock],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${stderr}`)), 20_000)
    child.once('exit', (code) => reject(new Error(`web host exited ${code}: ${stderr}`)))
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer)
      resolve(line)
    })
  })
  const { url, origin } = JSON.parse(first) as { url: string; origin: string }
  return {
    url,
    origin,
    stop: () =>
      new Promise((resolve) => {
        // Gone already (a spec that stopped it itself): by its own exit or by the signal.
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}

export interface TestHost extends RunningHost {
  dataDir: string
}

/**
 * A test with a data folder of its own and the built web host on it; an error thrown in the page
 * fails it. `test.use({ controlPlane: true })` gives it the host whose sandbox has a control plane;
 * `test.use({ clock })` runs it on another fixed instant, for a story a given day tells.
 */
export const test = base.extend<{ host: TestHost; controlPlane: boolean; clock: string }>({
  controlPlane: [false, { option: true }],
  clock: [E2E_NOW, { option: true }],
  host: async ({ page, controlPlane, clock }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'runway-e2e-'))
    const host = await startHost(dataDir, clock, { controlPlane })
    const pageErrors: string[] = []
    page.on('pageerror', (e) => pageErrors.push(e.message))
    try {
      await use({ ...host, dataDir })
    } finally {
      await host.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
    expect(pageErrors).toEqual([])
  }
})
