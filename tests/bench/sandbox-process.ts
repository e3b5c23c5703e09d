import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'

import type { SandboxInfo } from '../helpers/connect'

/** CPU time a process has used so far (Linux /proc; null elsewhere), in milliseconds. */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime are fields 14 and 15 of stat; here counted from the state field (3).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return null
  }
}

/**
 * Bytes this process has handed to write calls so far (Linux /proc; null elsewhere): files, temp
 * files and sockets alike.
 */
export function bytesWritten(): number | null {
  try {
    return Number(/^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))![1])
  } catch {
    return null
  }
}

const MIB = 2 ** 20
/** `bytesWritten` since `from`, for a report ('' where it cannot be known). */
export function writtenSince(from: number | null, what: string): string {
  const now = bytesWritten()
  return from === null || now === null ? '' : `; ${what} ${Math.round((now - from) / MIB)} MiB written`
}

/** The sandbox in its own process, so its work never shares an event loop with what is measured. */
export async function startSandboxProcess(
  args: string[]
): Promise<{ info: SandboxInfo; url: string; cpuMs(): number | null; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--max-old-space-size=4096', '--import', 'tsx', 'packages/qbo-sandbox/src/cli.ts', ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit']
    }
  )
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)))
    createInterface({ input: child.stdout! }).once('line', resolve)
  })
  const info = JSON.parse(line) as SandboxInfo
  return {
    info,
    url: info.apiBaseUrl,
    cpuMs: () => cpuMsOf(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
  }
}
