// The data folder holds the books of every client, the audit trail and the sealed tokens: only the
// user who runs the app may read it. The folder is 0700 and what is in it 0600, including files an
// older version left readable; SQLite gives its -wal and -shm files the database file's mode. The
// hosts also set the process's umask to 077, so what they create is private from the start.

import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const FOLDER_MODE = 0o700
const FILE_MODE = 0o600

function tighten(path: string): void {
  const stat = lstatSync(path)
  // Links are left alone: chmod would follow one out of the folder.
  if (stat.isSymbolicLink()) return
  if (stat.isDirectory()) {
    if ((stat.mode & 0o777) !== FOLDER_MODE) chmodSync(path, FOLDER_MODE)
    for (const name of readdirSync(path)) tighten(join(path, name))
  } else if (stat.isFile() && (stat.mode & 0o777 & ~FILE_MODE) !== 0) {
    chmodSync(path, FILE_MODE)
  }
}

/**
 * What of the folder is ours to tighten: a `--data-dir` may name a folder that holds other things
 * too, which are not the app's to change.
 */
const OURS =
  /^(runway(-user)?\.sqlite|runway\.(lock|token|owner\.json)$|secrets\.|test-drive$|logs$|backups$|damaged$)/

/** Creates the folder privately, and makes what the app keeps in it its user's alone. */
export function securePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE })
  // Windows keeps access in ACLs (the profile folder is the user's own); modes mean nothing there.
  if (process.platform === 'win32') return
  if ((lstatSync(dir).mode & 0o777) !== FOLDER_MODE) chmodSync(dir, FOLDER_MODE)
  for (const name of readdirSync(dir)) if (OURS.test(name)) tighten(join(dir, name))
}

/** For a host's process: whatever it creates from here on is its user's alone. */
export function privateUmask(): void {
  if (process.platform !== 'win32') process.umask(0o077)
}
