// What the data folder holds and how each file is looked after. Two SQLite files, one connection:
//
// - runway-user.sqlite (the main database): what only this computer knows — companies and their
//   settings, decisions (planned dates, reserves, critical vendors, expectations, recurring
//   verdicts, payment plans), reminders sent, the audit trail and job runs, digests, runway
//   snapshots, the outbox, settings, and the migrations' record. Backed up with SQLite's online
//   backup into backups/, rotated; restored from the newest whole backup if it is ever damaged.
// - runway.sqlite (attached as `cache`): the copy of QBO's books and the sync's cursors. Nothing in
//   it is lost with it: when it is damaged it is set aside into damaged/ and read again from QBO.
//
// Unqualified table names find their table in either file, so the data layer's statements do not
// care where a table lives.

import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { checkFile, WAL_CHECKPOINT_BYTES } from './connection'

export { checkFile } from './connection'

export const USER_FILE = 'runway-user.sqlite'
export const CACHE_FILE = 'runway.sqlite'
/** How many backups of the user file are kept (the newest). */
export const BACKUPS_KEPT = 10
/** A backup is taken at start and while running once the newest is older than this. */
export const BACKUP_EVERY_MS = 60 * 60 * 1000

export interface DataFiles {
  dir: string
  user: string
  cache: string
  backups: string
  damaged: string
}

export function dataFiles(dir: string): DataFiles {
  return {
    dir,
    user: join(dir, USER_FILE),
    cache: join(dir, CACHE_FILE),
    backups: join(dir, 'backups'),
    damaged: join(dir, 'damaged')
  }
}

/** A file found damaged and what was done about it. */
export interface Repair {
  file: 'cache' | 'user'
  problem: string
  /** Where the damaged file (with its -wal and -shm) was moved. */
  keptAt: string
  /** For the user file: the backup it was restored from, null when there was none to restore. */
  restoredFrom?: string | null
}

const CORRUPTION = new Set([
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_CORRUPT_INDEX',
  'SQLITE_CORRUPT_SEQUENCE'
])

/** Whether an error says the database file is damaged (not merely busy or misused). */
export function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && (CORRUPTION.has(code) || code.startsWith('SQLITE_CORRUPT'))) return true
  return (
    error instanceof Error && /database disk image is malformed|file is not a database/i.test(error.message)
  )
}

const stamp = (now: Date): string => now.toISOString().replace(/[:.]/g, '-')
const unstamp = (text: string): Date =>
  new Date(text.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z$/, 'T$1:$2:$3.$4Z'))

/** Moves a database file and its -wal/-shm into `into`; returns where the file went. */
export function setAside(file: string, into: string, now: Date, name: string): string {
  mkdirSync(into, { recursive: true })
  const target = join(into, `${stamp(now)}-${name}`)
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix)
  }
  return target
}

/**
 * The data folder as one file (before user state moved out of the cache): that file holds the
 * user state and the migrations' record, so it becomes the user file and migration 016 moves the
 * cache out of it. A cache file with no user file beside it belongs to user state that is gone:
 * it is set aside rather than joined to a new, empty one.
 */
export function adoptSingleFileLayout(files: DataFiles, now: Date, nativeBinding?: string): void {
  if (existsSync(files.user) || !existsSync(files.cache)) return
  let single = false
  const sqlite = new Database(files.cache, {
    fileMustExist: true,
    ...(nativeBinding ? { nativeBinding } : {})
  })
  try {
    single = sqlite.prepare(`select 1 from sqlite_master where name = 'kysely_migration'`).get() !== undefined
    // Everything into the file itself, so the rename takes all of it.
    if (single) sqlite.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    sqlite.close()
  }
  if (!single) {
    setAside(files.cache, files.damaged, now, `orphan-${CACHE_FILE}`)
    return
  }
  for (const suffix of ['-wal', '-shm']) rmSync(files.cache + suffix, { force: true })
  renameSync(files.cache, files.user)
}

/** The cache file, attached to the user file's connection as `cache`, set up as connectTo does. */
export function attachCache(sqlite: Database.Database, file: string): void {
  sqlite.prepare(`attach database ? as cache`).run(file)
  // A new file takes 32 KiB pages (see connectTo); an existing one keeps its own.
  sqlite.pragma('cache.page_size = 32768')
  sqlite.pragma('cache.journal_mode = WAL')
  sqlite.pragma('cache.synchronous = NORMAL')
  sqlite.pragma(`cache.journal_size_limit = ${2 * WAL_CHECKPOINT_BYTES}`)
  sqlite.pragma('cache.cache_size = -4096')
}

/**
 * Makes the tables of an empty cache file from the schema the user file keeps (cache_schema, written
 * after every migration). True when it did: a cache made anew, whose books every company reads again.
 */
export function makeCacheTables(sqlite: Database.Database): boolean {
  const tables = sqlite.prepare(`select count(*) from cache.sqlite_master`).pluck().get() as number
  if (tables > 0) return false
  const kept = sqlite.prepare(`select 1 from main.sqlite_master where name = 'cache_schema'`).get()
  // A new folder (or one of the single-file layout): the migrations make the tables.
  if (!kept) return false
  const rows = sqlite.prepare(`select type, sql from cache_schema order by type = 'index', name`).all() as {
    type: string
    sql: string
  }[]
  sqlite.transaction(() => {
    for (const row of rows) sqlite.exec(qualified(row.sql))
  })()
  return true
}

/** sqlite_master keeps a CREATE statement without its schema; this puts `cache.` back. */
function qualified(statement: string): string {
  return statement.replace(/^CREATE (TABLE|UNIQUE INDEX|INDEX|VIEW|TRIGGER)\s+/i, 'CREATE $1 cache.')
}

/** Keeps the cache's tables and indexes as they now are, for the next fresh cache file. */
export function keepCacheSchema(sqlite: Database.Database): void {
  sqlite.transaction(() => {
    sqlite.exec(`delete from cache_schema`)
    sqlite.exec(
      `insert into cache_schema (name, type, sql)
       select name, type, sql from cache.sqlite_master where sql is not null`
    )
  })()
}

export interface Backup {
  file: string
  /** When it was taken (by the app's clock), from its name. */
  at: Date
}

/** The user file's backups, newest first. */
export function backupsOf(files: DataFiles): Backup[] {
  if (!existsSync(files.backups)) return []
  return readdirSync(files.backups)
    .filter((name) => /^runway-user-.*\.sqlite$/.test(name))
    .sort()
    .reverse()
    .map((name) => ({
      file: join(files.backups, name),
      at: unstamp(name.slice('runway-user-'.length, -'.sqlite'.length))
    }))
}

/**
 * An online backup of the user file (SQLite's backup API: a consistent copy while the app runs),
 * then the oldest beyond BACKUPS_KEPT go. Written under a temporary name and renamed, so a backup
 * that was cut short is never taken for a whole one.
 */
export async function backUp(sqlite: Database.Database, files: DataFiles, now: Date): Promise<string> {
  mkdirSync(files.backups, { recursive: true })
  const target = join(files.backups, `runway-user-${stamp(now)}.sqlite`)
  const partial = `${target}.partial`
  await sqlite.backup(partial)
  renameSync(partial, target)
  for (const old of backupsOf(files).slice(BACKUPS_KEPT)) rmSync(old.file, { force: true })
  return target
}

/** Whether the newest backup is older than BACKUP_EVERY_MS (or there is none). */
export function backupDue(files: DataFiles, now: Date): boolean {
  const newest = backupsOf(files)[0]
  return !newest || Math.abs(now.getTime() - newest.at.getTime()) >= BACKUP_EVERY_MS
}

/** Copies the newest backup that passes the quick check to the user file; null when none does. */
export async function restoreNewestBackup(files: DataFiles, nativeBinding?: string): Promise<string | null> {
  for (const backup of backupsOf(files)) {
    if (checkFile(backup.file, nativeBinding) !== null) continue
    const source = new Database(backup.file, { readonly: true, ...(nativeBinding ? { nativeBinding } : {}) })
    try {
      await source.backup(files.user)
    } finally {
      source.close()
    }
    return backup.file
  }
  return null
}
