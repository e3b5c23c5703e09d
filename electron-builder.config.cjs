// Packaging (`npm run dist`): electron-builder turns the built app (`out/`) into installers for
// Linux (AppImage, deb), macOS (dmg) and Windows (nsis). tests/unit/tooling/packaging.test.ts
// holds this file to what the app needs at run time and runs electron-builder's own validation.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS config, as electron-builder loads it
const electronVersion = require('electron/package.json').version

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'app.runway.desktop',
  productName: 'Runway Desktop',
  copyright: 'Copyright © Runway Desktop',
  directories: { output: 'dist', buildResources: 'resources' },
  // What electron-vite built, the tray and app icons; never the sources, the tests, the Node build
  // of better-sqlite3 that `npm start` keeps in .native/, or source maps.
  files: [
    'out/**/*',
    'resources/**/*',
    'package.json',
    '!out/**/*.map',
    '!**/.native/**',
    // better-sqlite3's Node build and its C sources: the app loads the Electron build below.
    '!node_modules/better-sqlite3/{build,deps,src}/**'
  ],
  // better-sqlite3 built for this Electron's ABI by scripts/prepare-electron.mjs (run by
  // `npm run dist` first), where src/main/shell/native.ts looks for it in a packaged app. Not
  // rebuilt in node_modules: that is the Node build `npm test` and the CLI use.
  extraResources: [
    { from: `.native/electron-${electronVersion}/better_sqlite3.node`, to: 'native/better_sqlite3.node' }
  ],
  npmRebuild: false,
  asar: true,
  asarUnpack: [
    // The WAL checkpointer's and the files' check's worker threads are started from files on disk
    // (db/checkpointer.ts prefers app.asar.unpacked), with the chunk they share with the main
    // bundle and what that requires: better-sqlite3's JavaScript (the binding itself is the extra
    // resource above).
    'out/main/checkpoint-worker.js',
    'out/main/check-worker.js',
    'out/main/chunks/connection-*.js',
    // The page reader's thread (qbo/page-parser.ts): its chunk and zod, which the bundle requires.
    'out/main/page-worker.js',
    'out/main/chunks/page-parse-*.js',
    'node_modules/zod/**',
    'node_modules/better-sqlite3/**',
    'node_modules/bindings/**',
    'node_modules/file-uri-to-path/**'
  ],
  // Flipped in the Electron binary before signing (electron-builder uses @electron/fuses).
  electronFuses: {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    loadBrowserProcessSpecificV8Snapshot: false,
    grantFileProtocolExtraPrivileges: false
  },
  icon: 'resources/icon.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    maintainer: 'Runway Desktop <maintainers@runway.invalid>',
    synopsis: 'Cash runway for bookkeepers on QuickBooks Online'
  },
  deb: { depends: ['libsecret-1-0'] },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.finance',
    hardenedRuntime: true
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true }
}
