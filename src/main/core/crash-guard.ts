// A long-running host (the desktop app, the web host) must outlive one bad callback: an error no
// code caught is written to the data folder's log and the process goes on, instead of exiting in
// Node or showing a modal error box in Electron. Every caught path still returns errors as values;
// this is the net under the ones nobody foresaw.

import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

export interface CrashGuardOptions {
  /** Appended to, one line per error (created 0600). */
  logFile: string
  /** Also told, e.g. stderr; never throws. */
  report?: (line: string) => void
  now?: () => Date
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`
  try {
    return `non-error thrown: ${JSON.stringify(error)}`
  } catch {
    return `non-error thrown: ${String(error)}`
  }
}

/** Appends one line to the log (0600), never throwing: a full or read-only disk is no crash. */
export function appendLog(logFile: string, line: string): void {
  try {
    mkdirSync(dirname(logFile), { recursive: true, mode: 0o700 })
    appendFileSync(logFile, line.endsWith('\n') ? line : `${line}\n`, { mode: 0o600 })
  } catch {
    // as above
  }
}

/** Installs process-wide handlers for uncaught exceptions and rejections; returns their removal. */
export function installCrashGuards(options: CrashGuardOptions): () => void {
  const now = options.now ?? (() => new Date())
  const log = (what: string, error: unknown): void => {
    const line = `${now().toISOString()} ${what}: ${describeError(error).replace(/\n/g, '\n    ')}\n`
    appendLog(options.logFile, line)
    try {
      options.report?.(line)
    } catch {
      // as above
    }
  }
  const onException = (error: unknown): void => log('uncaught exception', error)
  const onRejection = (reason: unknown): void => log('unhandled rejection', reason)
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return () => {
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
  }
}
