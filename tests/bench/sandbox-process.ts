import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

import type { SandboxInfo } from '../helpers/connect'

/** The sandbox in its own process, so its work never shares an event loop with what is measured. */
export async function startSandboxProcess(args: string[]): Promise<{ info: SandboxInfo; url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', 'src/main/sandbox/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const info = JSON.parse(line) as SandboxInfo
  return {
    info,
    url: info.apiBaseUrl,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
