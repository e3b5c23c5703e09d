import type Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type MigrationProvider, type SqliteDatabase } from 'kysely'
import { existsSync, rmSync, writeFileSync } from 'node:fs'
import { securePrivateFolder } from '../data-folder'
import { Checkpointer } from './checkpointer'
import { connectTo } from './connection'
import { checkFiles } from './file-check'
import {
  adoptSingleFileLayout,
  attachCache,
  backUp,
  backupDue,
  dataFiles,
  isCorruption,
  keepCacheSchema,
  makeCacheTables,
  restoreNewestBackup,
  setAside,
  type DataFiles,
  type Repair
} from './data-files'
import { migrations } from './migrations'
import type { DB } from './schema'

/** Statements kept prepared for Kysely: every query the core makes is one of a few hundred. */
const STATEMENTS_KEPT = 512

/**
 * Kysely prepares its SQL again for every query it runs: eighteen a company in each sync, and every
 * screen's reads. Here the most recent STATEMENTS_KEPT stay prepared (SQLite prepares one again
 * itself when the schema changes under it). Kysely runs one query at a time and, as no query here
 * is streamed, reads each at once: a statement is never busy when it is handed out again.
 */
function preparedOnce(sqlite: Database.Database): SqliteDatabase {
  const kept = new Map<string, Database.Statement>()
  return {
    prepare(sql) {
      let statement = kept.get(sql)
      if (statement) kept.delete(sql)
      else statement = sqlite.prepare(sql)
      kept.set(sql, statement)
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!)
      return statement
    },
    close: () => sqlite.close()
  }
}

export interface CacheDb {
  /** The cache file (QBO's books), where a full sync writes: the checkpointer's second connection. */
  file: string
  files: DataFiles
  db: Kysely<DB>
  /** Moves WAL checkpoints off the main thread while a full sync writes. */
  checkpoints: Checkpointer
  /** The raw handle, for the few hot paths (bulk page writes) where kysely's async layer costs. */
  sqlite: Database.Database
  schemaVersion: number
  /** Files found damaged when the folder was opened, and what was done (see data-files.ts). */
  repairs: Repair[]
  /** The cache file is new (first start, or the old one was set aside): its books are read again. */
  freshCache: boolean
  /**
   * What SQLite's quick check finds wrong in either file now (on a thread of its own, on connections
   * of its own: this one's page cache may still hold good copies of damaged pages); null when both
   * are whole.
   */
  check(): Promise<{ file: 'cache' | 'user'; problem: string } | null>
  /** Leaves word that the user file is damaged: the next start restores it from its newest backup. */
  userDamaged(problem: string): void
  /**
   * Sets the damaged cache file aside and starts an empty one in its place, on the open connection
   * (statements prepared against it are prepared again by SQLite). Returns the repair.
   */
  replaceCache(problem: string): Promise<Repair>
  /** An online backup of the user file when the newest is older than an hour; its path, or null. */
  backUpIfDue(): Promise<string | null>
  close(): Promise<void>
}

export interface OpenOptions {
  dataDir: string
  /** Path of a better_sqlite3.node built for the current runtime (Electron loads its own build). */
  nativeBinding?: string
  /** The app's clock: names backups and set-aside files. */
  now?: () => Date
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/**
 * Opens the data folder's two files as one connection (the caller holds the folder's lock), then
 * the migrations run, then the cache's schema is kept for the next time it has to be started again.
 * The files' quick check is not run here: it reads every page, so it would make start-up as slow as
 * the books are big; the core runs it on a thread of its own once the first screen is served
 * (check()). Damage that shows while opening (a file that is not a database, a page the migrations
 * or the schema read) is dealt with here as it always was: a cache set aside and started again, user
 * state restored from its newest whole backup. So is a user file a check found damaged while the
 * app ran (it cannot be swapped under a running app): that check left a mark for this start.
 */
export async function openCache(options: OpenOptions): Promise<CacheDb> {
  // The folder and what is already in it are the user's alone before anything is read or made.
  securePrivateFolder(options.dataDir)
  const now = options.now ?? (() => new Date())
  const native = options.nativeBinding
  const files = dataFiles(options.dataDir)
  const repairs: Repair[] = []
  const marked = existsSync(userDamagedMark(files))
  if (marked) {
    await repairFiles(files, repairs, now, native, { user: true, cache: false })
    rmSync(userDamagedMark(files), { force: true })
  }
  try {
    return await open(files, repairs, now, native, options.dataDir)
  } catch (error) {
    if (!isCorruption(error)) throw error
    await repairFiles(files, repairs, now, native, { user: !marked, cache: true })
    return await open(files, repairs, now, native, options.dataDir)
  }
}

/** Where a check that found the user file damaged while the app ran leaves word for the next start. */
const userDamagedMark = (files: DataFiles): string => `${files.user}.damaged`

/**
 * Checks the files now and deals with what is damaged: the user file set aside and restored from its
 * newest whole backup, the cache set aside (started again empty by open()).
 */
async function repairFiles(
  files: DataFiles,
  repairs: Repair[],
  now: () => Date,
  native: string | undefined,
  which: { user: boolean; cache: boolean }
): Promise<void> {
  const checked = [...(which.user ? [files.user] : []), ...(which.cache ? [files.cache] : [])]
  const found = await checkFiles(checked, native)
  const problem = (file: string): string | null => found[checked.indexOf(file)] ?? null
  const userProblem = problem(files.user)
  if (userProblem !== null) {
    const keptAt = setAside(files.user, files.damaged, now(), 'runway-user.sqlite')
    repairs.push({
      file: 'user',
      problem: userProblem,
      keptAt,
      restoredFrom: await restoreNewestBackup(files, native)
    })
  }
  const cacheProblem = problem(files.cache)
  if (cacheProblem !== null) {
    repairs.push({
      file: 'cache',
      problem: cacheProblem,
      keptAt: setAside(files.cache, files.damaged, now(), 'runway.sqlite')
    })
  }
}

async function open(
  files: DataFiles,
  repairs: Repair[],
  now: () => Date,
  native: string | undefined,
  dataDir: string
): Promise<CacheDb> {
  adoptSingleFileLayout(files, now(), native)
  const sqlite = connectTo(files.user, native)
  let freshCache: boolean
  try {
    attachCache(sqlite, files.cache)
    freshCache = makeCacheTables(sqlite)
  } catch (error) {
    sqlite.close()
    throw error
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }) })
  try {
    // Migration numbers were handed out before the work landed: one may arrive after a higher one
    // has run (015 after 016–018). Each touches its own tables, so it runs whenever it is new.
    const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true })
    // Before migrations change it, a copy to go back to.
    const pending = (await migrator.getMigrations()).some((m) => m.executedAt === undefined)
    if (pending && !freshDatabase(sqlite)) await backUp(sqlite, files, now())
    const { error, results } = await migrator.migrateToLatest()
    if (error) {
      if (isCorruption(error)) throw error
      const failed = results?.find((r) => r.status === 'Error')
      throw new Error(
        `database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error instanceof Error ? error.message : error)}`
      )
    }
    keepCacheSchema(sqlite)
  } catch (error) {
    await db.destroy()
    throw error
  }
  // Files SQLite has just made (databases, their -wal and -shm, a backup) join them; later -wal and
  // -shm files take their database's mode.
  securePrivateFolder(dataDir)
  const checkpointerFor = (): Checkpointer =>
    new Checkpointer(sqlite, { file: files.cache, ...(native ? { nativeBinding: native } : {}) })
  const cache: CacheDb = {
    file: files.cache,
    files,
    db,
    sqlite,
    checkpoints: checkpointerFor(),
    schemaVersion: Object.keys(migrations).length,
    repairs,
    freshCache,
    check: async () => {
      const [user, cached] = await checkFiles([files.user, files.cache], native)
      if (user) return { file: 'user', problem: user }
      return cached ? { file: 'cache', problem: cached } : null
    },
    userDamaged: (problem) => writeFileSync(userDamagedMark(files), `${problem}\n`, { mode: 0o600 }),
    replaceCache: async (problem) => {
      await cache.checkpoints.close()
      sqlite.exec('detach database cache')
      const keptAt = setAside(files.cache, files.damaged, now(), 'runway.sqlite')
      attachCache(sqlite, files.cache)
      makeCacheTables(sqlite)
      cache.checkpoints = checkpointerFor()
      cache.freshCache = true
      const repair: Repair = { file: 'cache', problem, keptAt }
      cache.repairs.push(repair)
      return repair
    },
    backUpIfDue: async () => (backupDue(files, now()) ? backUp(sqlite, files, now()) : null),
    close: async () => {
      await cache.checkpoints.close()
      await db.destroy()
    }
  }
  return cache
}

/** A user file that no migration has run on yet has nothing to back up. */
function freshDatabase(sqlite: Database.Database): boolean {
  return (
    sqlite.prepare(`select 1 from main.sqlite_master where name = 'kysely_migration'`).get() === undefined
  )
}
