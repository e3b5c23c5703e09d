import type Database from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Checkpointer } from './checkpointer'
import { connectTo } from './connection'
import { migrations } from './migrations'
import type { DB } from './schema'

export interface CacheDb {
  /** Where the database is, for a second connection (the checkpointer's). */
  file: string
  db: Kysely<DB>
  /** Moves WAL checkpoints off the main thread while a full sync writes. */
  checkpoints: Checkpointer
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

const provider: MigrationProvider = { getMigrations: async () => migrations }

export async function openCache(options: OpenOptions): Promise<CacheDb> {
  mkdirSync(options.dataDir, { recursive: true })
  const file = join(options.dataDir, options.fileName ?? 'runway.sqlite')
  const sqlite = connectTo(file, options.nativeBinding)
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
  const checkpoints = new Checkpointer(sqlite, {
    file,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  })
  return {
    file,
    db,
    sqlite,
    checkpoints,
    schemaVersion: Object.keys(migrations).length,
    close: async () => {
      await checkpoints.close()
      await db.destroy()
    }
  }
}
