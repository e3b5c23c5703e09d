// A test's own connection to a data folder's two files (db/data-files.ts): the user file, with the
// cache file attached as `cache`, so a table is found wherever it lives, as in the app.

import Database from 'better-sqlite3'
import { join } from 'node:path'
import { CACHE_FILE, USER_FILE } from '../../src/main/core/db/data-files'

export function openDataFolder(dataDir: string, options: { readonly?: boolean } = {}): Database.Database {
  const db = new Database(join(dataDir, USER_FILE), { fileMustExist: true, ...options })
  db.prepare(`attach database ? as cache`).run(join(dataDir, CACHE_FILE))
  return db
}
