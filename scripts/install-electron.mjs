// `npm run electron:install`: downloads Electron's binary with Electron's own install script, and
// turns its failure (a raw stack trace) into one line that says why and what to do. The postinstall
// step runs this too, so `npm install` and a later retry say the same thing.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const say = (line) => process.stdout.write(`[runway] ${line}\n`)
const RETRY = '`npm start` needs it; `npm run electron:install` tries again. `npm test` does not need it.'

let dir
try {
  dir = dirname(require.resolve('electron/package.json'))
} catch {
  say('electron is not installed (devDependencies left out?): run `npm install` first.')
  process.exit(1)
}
const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version

if (binaryPresent()) {
  say(`Electron ${version} binary present.`)
  process.exit(0)
}
// One line whatever happens: its end is written once the download has succeeded or failed.
process.stdout.write(`[runway] downloading Electron ${version}'s binary… `)
const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
  encoding: 'utf8',
  timeout: 600_000,
  env: { ...process.env, ELECTRON_GET_NO_PROGRESS: '1' }
})
if (result.status === 0 && binaryPresent()) {
  process.stdout.write('done.\n')
  process.exit(0)
}
process.stdout.write(`failed (${await reason(result)}). ${RETRY}\n`)
process.exit(1)

function binaryPresent() {
  const pathFile = join(dir, 'path.txt')
  return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()))
}

async function reason(result) {
  if (result.error)
    return result.error.code === 'ETIMEDOUT' ? 'no answer in 10 minutes' : result.error.message
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`
  const first =
    output
      .split('\n')
      .find((line) => /error/i.test(line))
      ?.trim() ?? `exit code ${result.status}`
  // Electron's script prints the stack without its cause, which is where the reason is: ask once more.
  if (!/fetch failed/.test(first)) return first.slice(0, 200)
  const mirror =
    process.env.ELECTRON_MIRROR ??
    process.env.npm_config_electron_mirror ??
    'https://github.com/electron/electron/releases/download/'
  try {
    await fetch(mirror, { method: 'HEAD', signal: AbortSignal.timeout(10_000) })
    return `${new URL(mirror).host} answered only now: try again`
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.message
    return `cannot reach ${new URL(mirror).host}: ${cause}`
  }
}
