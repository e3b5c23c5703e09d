import Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { migrations } from './migrations'
import type { DB } from './schema'

export interface CacheDb {
  db: Kysely<DB>
  /** The raw handle, for the few hot paths (bulk page writes) where kysely's async layer costs. */
  sqlite: Database.Database
  schemaVersion: number
  close(): Promise<void>
}

export interface OpenOptions {
  dataDir: string
  /** Path of a better_sqlite3.node built for the current runtime (Electron loads its own build). */
  nativeBinding?: string
  fileName?: string
}

const WAL_CHECKPOINT_BYTES = 40 * 2 ** 20

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function openCache(options: OpenOptions): Promise<CacheDb> {
  mkdirSync(options.dataDir, { recursive: true })
  const file = join(options.dataDir, options.fileName ?? 'runway.sqlite')
  const sqlite = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
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
  } catch (error) {
    sqlite.close()
    throw error
  }
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) })
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    await db.destroy()
    const failed = results?.find((r) => r.status === 'Error')
    throw new Error(
      `database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error instanceof Error ? error.message : error)}`
    )
  }
  return {
    db,
    sqlite,
    schemaVersion: Object.keys(migrations).length,
    close: () => db.destroy()
  }
}
