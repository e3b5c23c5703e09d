// A long-running host (the desktop app, the web host) must outlive one bad callback: an error no
// code caught is written to the app's log (core/log.ts) and the process goes on, instead of
// exiting in Node or showing a modal error box in Electron. Every caught path still returns errors
// as values; this is the net under the ones nobody foresaw.

import { appendLog } from './log'

export interface CrashGuardOptions {
  /** The data folder whose logs/runway.log is appended to. */
  dataDir: string
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

/** Installs process-wide handlers for uncaught exceptions and rejections; returns their removal. */
export function installCrashGuards(options: CrashGuardOptions): () => void {
  const now = options.now ?? (() => new Date())
  const log = (what: string, error: unknown): void => {
    const at = now().toISOString()
    const message = `${what}: ${describeError(error)}`
    appendLog(options.dataDir, at, message)
    try {
      options.report?.(`${at} ${message}\n`)
    } catch {
      // A closed stderr must not turn a logged error into a crash.
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
