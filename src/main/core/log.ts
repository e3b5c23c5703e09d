// The app's log file, <data folder>/logs/runway.log: what went wrong in the background (failed
// syncs and jobs) in plain lines a bookkeeper can send to support. Settings' "Open logs" shows it.

import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** One previous file is kept beside the current one, so the folder never grows past ~10 MB. */
const ROTATE_AT_BYTES = 5 * 1024 * 1024

export function logsDir(dataDir: string): string {
  return join(dataDir, 'logs')
}

export function logFile(dataDir: string): string {
  return join(logsDir(dataDir), 'runway.log')
}

/** Appends one line; a log that cannot be written never stops what it was reporting on. */
export function appendLog(dataDir: string, at: string, message: string): void {
  try {
    mkdirSync(logsDir(dataDir), { recursive: true })
    const file = logFile(dataDir)
    try {
      if (statSync(file).size > ROTATE_AT_BYTES) renameSync(file, `${file}.1`)
    } catch {
      // No file yet.
    }
    appendFileSync(file, `${at} ${message.replace(/\s*\n\s*/g, ' ')}\n`)
  } catch {
    // A full or read-only disk: the audit trail and job_runs still have it.
  }
}
