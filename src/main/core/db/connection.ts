// How every connection to the cache is opened (the core's, and the checkpointer's on its own thread), and
// the quick check of a file, on the main thread or the check's own.

import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'

export const WAL_CHECKPOINT_BYTES = 40 * 2 ** 20

/** A connection with the settings every connection to the cache uses (one place for both). */
export function connectTo(file: string, nativeBinding?: string): Database.Database {
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {})
  try {
    // 32 KiB pages for a new file (an existing one keeps its own): rows carry a kilobyte or more of
    // raw JSON, and a first sync writes a hundred megabytes of them. Measured on the large company's
    // rows: writes and commits take about two thirds of the time they take with 4 KiB pages.
    sqlite.pragma('page_size = 32768')
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('busy_timeout = 5000')
    // 4 MiB of page cache (twice the default): bulk sync writes touch many index pages.
    sqlite.pragma('cache_size = -4096')
    // Checkpoint every ~40 MiB of WAL rather than 4: a first sync writes a hundred megabytes, and each
    // checkpoint copies and syncs the database file. (The setting counts pages, whatever their size.)
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    sqlite.pragma(`wal_autocheckpoint = ${Math.ceil(WAL_CHECKPOINT_BYTES / pageSize)}`)
    // When a checkpoint lets the WAL begin again, its file is cut back to this (it is otherwise
    // left at the largest it ever was).
    sqlite.pragma(`journal_size_limit = ${2 * WAL_CHECKPOINT_BYTES}`)
  } catch (error) {
    sqlite.close()
    throw error
  }
  return sqlite
}

/** Null when the file is whole (or absent); else what SQLite's quick check found. */
export function checkFile(file: string, nativeBinding?: string): string | null {
  if (!existsSync(file)) return null
  let sqlite: Database.Database | undefined
  try {
    sqlite = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) })
    return problemsOf(sqlite, 'main')
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    sqlite?.close()
  }
}

/** quick_check of one schema of an open connection: null when whole. */
function problemsOf(sqlite: Database.Database, schema: 'main' | 'cache'): string | null {
  try {
    const found = sqlite.pragma(`${schema}.quick_check(5)`, { simple: false }) as { quick_check: string }[]
    const problems = found.map((row) => row.quick_check).filter((line) => line !== 'ok')
    return problems.length === 0 ? null : problems.join('; ')
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
