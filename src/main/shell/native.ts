import { app } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 in node_modules is built for Node (npm test); Electron needs a build for its own
 * ABI. scripts/prepare-electron.mjs puts that one in .native/electron-<version>/, so the two never
 * overwrite each other.
 */
export function electronNativeBinding(): string | undefined {
  const candidates = [
    join(app.getAppPath(), '.native', `electron-${process.versions.electron}`, 'better_sqlite3.node'),
    join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node')
  ]
  return candidates.find((file) => existsSync(file))
}
