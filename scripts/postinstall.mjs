// Runs after `npm install`. Never fails the install: it says plainly what works and what does not.
//  1. Electron's binary: npm does not run electron's own download script (see allowScripts), so we
//     run it here through scripts/install-electron.mjs (also `npm run electron:install`), which turns
//     a failed download into one line: why, and that `npm start` needs it but `npm test` does not.
//  2. better-sqlite3 for Node: built by its install script; checked so a missing build is explained.
//  3. Node against every installed package's `engines`: npm's own check is silenced in .npmrc (see
//     there why), so it is made here, and all it finds fits on one line.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const say = (line) => process.stdout.write(`[runway] ${line}\n`)

function ensureElectron() {
  try {
    require.resolve('electron/package.json')
  } catch {
    return // production install without devDependencies
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return say(
      'ELECTRON_SKIP_BINARY_DOWNLOAD is set: Electron not downloaded. `npm start` needs it (`npm run electron:install`); `npm test` does not.'
    )
  }
  // Its one line says whether the binary is there and, if not, why and what to run later.
  spawnSync(process.execPath, [fileURLToPath(new URL('install-electron.mjs', import.meta.url))], {
    stdio: 'inherit'
  })
}

function checkSqlite() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    encoding: 'utf8'
  })
  if (probe.status === 0) return say('better-sqlite3 is built for Node ' + process.versions.node + '.')
  say(
    'better-sqlite3 did not load in Node: is it listed under "allowScripts" in package.json? Then run `npm rebuild better-sqlite3`.'
  )
  say((probe.stderr || '').split('\n')[0] ?? '')
}

// Electron 45's installer, and electron-builder's @electron/rebuild with its node-abi 4, declare Node
// >= 22.12, the first 22.x where require() loads ES modules without a flag. Node 20.19 has that too,
// and nothing else they use is newer (fetch, web streams, a Node-API zip extractor): the download
// runs on 20.19 and the packager loads there, so these do not count against it.
const ELECTRON_TOOLS = new Set([
  'electron',
  '@electron/get',
  '@electron-internal/extract-zip',
  '@electron/rebuild',
  'node-abi'
])
const TOOLS_RUN_ON = '^20.19.0 || >=22.12.0'

function checkEngines() {
  let semver
  try {
    semver = require('semver')
  } catch {
    return // production install without devDependencies
  }
  const node = process.versions.node
  const fits = (range) => semver.satisfies(node, range, { includePrerelease: true })
  const own = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  let installed
  try {
    // What is installed right now (npm's hidden lockfile), as npm's EBADENGINE check would see it.
    installed = JSON.parse(
      readFileSync(new URL('../node_modules/.package-lock.json', import.meta.url), 'utf8')
    )
  } catch {
    return say("node_modules/.package-lock.json is missing: packages' engines not checked.")
  }
  const unmet = fits(own.engines.node) ? [] : [`${own.name} needs ${own.engines.node}`]
  let installerOnly = false
  for (const [path, entry] of Object.entries(installed.packages)) {
    const range = entry.engines?.node
    if (!range || entry.optional || fits(range)) continue
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    if (ELECTRON_TOOLS.has(name) && fits(TOOLS_RUN_ON)) installerOnly = true
    else unmet.push(`${name}@${entry.version} needs ${range}`)
  }
  if (unmet.length > 0) {
    const more = unmet.length > 3 ? `; and ${unmet.length - 3} more` : ''
    say(
      `Node ${node} does not fit: ${unmet.slice(0, 3).join('; ')}${more}. Install Node ${own.engines.node}, then \`npm install\` again.`
    )
  } else if (installerOnly) {
    say(
      `Node ${node}: Electron's installer and packager ask for 22.12 but work from 20.19 (README, Set up), so npm's engine warnings are off.`
    )
  }
}

ensureElectron()
checkSqlite()
checkEngines()
