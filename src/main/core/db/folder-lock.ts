// One process owns a data folder. The lock is SQLite's own: an exclusive lock on runway.lock, which
// SQLite takes with the operating system's file locks (fcntl on Linux and macOS, LockFileEx on
// Windows). The OS lets go of them when the process ends in any way, kill -9 and crashes included,
// so a dead owner never leaves a stale lock for anyone to clean up; and it needs no native module
// beyond the better-sqlite3 the app already builds for every platform. (A lock file made with
// O_EXCL or mkdir outlives a killed process; flock() is not in Node without a native addon.)

import Database from 'better-sqlite3'
import { join } from 'node:path'

export const LOCK_FILE = 'runway.lock'

export interface FolderLock {
  release(): void
}

/** Takes the folder's lock, or returns null at once when another process holds it. */
export function lockDataFolder(dataDir: string, nativeBinding?: string): FolderLock | null {
  const lock = new Database(join(dataDir, LOCK_FILE), {
    timeout: 0,
    ...(nativeBinding ? { nativeBinding } : {})
  })
  try {
    // In exclusive locking mode SQLite keeps the lock a write takes until the connection closes.
    lock.pragma('locking_mode = EXCLUSIVE')
    lock.pragma('journal_mode = DELETE')
    lock.exec('begin exclusive; create table if not exists owner (pid integer); commit')
  } catch (error) {
    lock.close()
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null
    throw error
  }
  return { release: () => lock.close() }
}
