// Runs before `npm start`/`npm run dev`. Electron loads native modules built for its own ABI, while
// `npm test` runs in Node with the build in node_modules. Rather than rebuilding better-sqlite3 in
// place (and breaking whichever runtime ran last), the Electron build lives in
// .native/electron-<version>/better_sqlite3.node, which the shell hands to the core.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'

const require = createRequire(import.meta.url)
const fail = (message) => {
  process.stderr.write(`[runway] ${message}\n`)
  process.exit(1)
}

const electronDir = dirname(require.resolve('electron/package.json'))
const electronVersion = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version
const pathFile = join(electronDir, 'path.txt')
if (!existsSync(pathFile) || !existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()))) {
  fail(
    "Electron's binary is missing: run `npm run electron:install` (it needs a network), then `npm start` again."
  )
}

const target = resolve('.native', `electron-${electronVersion}`, 'better_sqlite3.node')
if (existsSync(target)) process.exit(0)

process.stdout.write(`[runway] building better-sqlite3 for Electron ${electronVersion} (once)…\n`)
const source = dirname(require.resolve('better-sqlite3/package.json'))
const work = resolve('.native', 'build', 'better-sqlite3')
rmSync(work, { recursive: true, force: true })
mkdirSync(dirname(work), { recursive: true })
cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${source}/build`) })

const run = (command, args) =>
  spawnSync(command, args, {
    cwd: work,
    stdio: 'inherit',
    env: { ...process.env, npm_config_runtime: 'electron' }
  })

// A prebuilt binary first (fast); compiling against Electron's headers when there is none.
const prebuilt = run(process.execPath, [
  require.resolve('prebuild-install/bin.js'),
  '--runtime',
  'electron',
  '--target',
  electronVersion
])
if (prebuilt.status !== 0) {
  const nodeGyp =
    process.env.npm_config_node_gyp ??
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js')
  const built = run(process.execPath, [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron'
  ])
  if (built.status !== 0) fail('could not build better-sqlite3 for Electron (see above).')
}
mkdirSync(dirname(target), { recursive: true })
cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
rmSync(resolve('.native', 'build'), { recursive: true, force: true })
process.stdout.write(`[runway] ready: ${target}\n`)
