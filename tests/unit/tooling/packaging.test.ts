// The packaging config (issue 18 item 7), validated as far as this machine allows: electron-builder
// cannot download Electron here, so it does not package, but its own schema validation runs, and
// the config is held to what the packaged app needs at run time. The packaged layout of the
// checkpoint worker is exercised in tests/integration/core/build-smoke.test.ts.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
type Config = Record<string, unknown> & {
  files: string[]
  asarUnpack: string[]
  extraResources: { from: string; to: string }[]
  electronFuses: Record<string, boolean>
  linux: { target: string[] }
  mac: { target: string[] }
  win: { target: string[] }
  icon: string
  directories: { output: string; buildResources: string }
}
const config = require('../../../electron-builder.config.cjs') as Config
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'))
const { minimatch } = builderRequire('minimatch') as {
  minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean
}
const { validateConfiguration } = builderRequire('./out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>
}
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown }

/** Whether electron-builder's file patterns (later ones win, `!` excludes) take `path`. */
function takes(patterns: string[], path: string): boolean {
  let taken = false
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (minimatch(path, pattern.slice(1), { dot: true })) taken = false
    } else if (minimatch(path, pattern, { dot: true })) taken = true
  }
  return taken
}

describe('electron-builder config', () => {
  it('passes electron-builder’s own validation, which refuses a misspelt option', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    await expect(
      validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))
    ).rejects.toThrow(/Invalid configuration object[^]*electronFuses/)
  })

  it('builds AppImage and deb, dmg, nsis, with the icon from resources/', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.directories.buildResources).toBe('resources')
    // One 1024 px PNG: electron-builder makes the .icns, the .ico and Linux's sizes from it.
    const png = readFileSync(config.icon)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1024, 1024])
  })

  it('sets the fuses: no running as Node, cookies encrypted, the app only from a checked ASAR', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false
    })
    expect(config.asar).toBe(true)
  })

  it('ships the built app and its resources, not the sources, tests or the Node build of SQLite', () => {
    for (const path of [
      'out/main/index.js',
      'out/main/checkpoint-worker.js',
      'out/main/check-worker.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'resources/tray-critical.png',
      'package.json'
    ])
      expect(takes(config.files, path), path).toBe(true)
    for (const path of [
      'src/main/index.ts',
      'tests/unit/tooling/packaging.test.ts',
      '.native/electron-45.5.0/better_sqlite3.node',
      'out/main/index.js.map',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c'
    ])
      expect(takes(config.files, path), path).toBe(false)
  })

  it('better-sqlite3 for Electron comes as an extra resource, where the shell looks for it', () => {
    const electronVersion = (require('electron/package.json') as { version: string }).version
    expect(config.npmRebuild).toBe(false)
    expect(config.extraResources).toEqual([
      { from: `.native/electron-${electronVersion}/better_sqlite3.node`, to: 'native/better_sqlite3.node' }
    ])
    const shell = readFileSync('src/main/shell/native.ts', 'utf8')
    expect(shell).toContain("join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node')")
  })

  it('unpacks the checkpoint, check and page workers, the chunks they load and what those require', () => {
    for (const path of [
      'out/main/checkpoint-worker.js',
      'out/main/check-worker.js',
      'out/main/page-worker.js',
      'out/main/chunks/page-parse-CDg0GeAa.js',
      'node_modules/zod/index.cjs',
      // The shared chunk's name carries a content hash.
      'out/main/chunks/connection-D9lmdjrE.js',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/bindings/bindings.js',
      'node_modules/file-uri-to-path/index.js'
    ])
      expect(takes(config.asarUnpack, path), path).toBe(true)
    expect(takes(config.asarUnpack, 'out/main/index.js')).toBe(false)
  })

  it('electron-store (declared, never used) is gone', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }
    expect(pkg.dependencies['electron-store']).toBeUndefined()
  })
})
