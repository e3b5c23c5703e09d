// Runs after `npm install`. Never fails the install: it says plainly what works and what does not.
//  1. Electron's binary: npm does not run electron's own download script (see allowScripts), so we
//     try it here and turn a failed download into a note: `npm start` needs it, `npm test` does not.
//  2. better-sqlite3 for Node: built by its install script; checked so a missing build is explained.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const say = (line) => process.stdout.write(`[runway] ${line}\n`)

function electronBinaryPresent() {
  try {
    const dir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(dir, 'path.txt')
    return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()))
  } catch {
    return false
  }
}

function ensureElectron() {
  let dir
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return // production install without devDependencies
  }
  if (electronBinaryPresent()) return say('Electron binary present.')
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return say('ELECTRON_SKIP_BINARY_DOWNLOAD is set: Electron not downloaded. `npm start` needs it; `npm test` does not.')
  }
  say('downloading the Electron binary…')
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'pipe', encoding: 'utf8', timeout: 600_000 })
  if (result.status === 0 && electronBinaryPresent()) return say('Electron binary downloaded.')
  const reason = (result.stderr || result.stdout || '').trim().split('\n').find((l) => /error/i.test(l)) ?? 'no network?'
  say(`could not download Electron's binary (${reason.slice(0, 160)}).`)
  say('`npm start` needs it: retry with `node node_modules/electron/install.js` when online. `npm test` does not need it.')
}

function checkSqlite() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    encoding: 'utf8'
  })
  if (probe.status === 0) return say('better-sqlite3 is built for Node ' + process.versions.node + '.')
  say('better-sqlite3 did not load in Node: is it listed under "allowScripts" in package.json? Then run `npm rebuild better-sqlite3`.')
  say((probe.stderr || '').split('\n')[0] ?? '')
}

ensureElectron()
checkSqlite()
