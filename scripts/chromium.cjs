// Which Chromium the browser end-to-end specs run in. One answer for `npm test` (which stops the
// end-to-end step with the command that installs one when there is none) and for
// playwright.config.ts (which launches it), so the two can never disagree.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: Playwright compiles
   what its config imports to CommonJS, which breaks an ES module (`exports is not defined`). */
const { existsSync, readFileSync } = require('node:fs')

// Debian's package (CI and this project's machine) before Playwright's download: it is kept up to
// date by apt, and Playwright's own cannot be fetched where only Debian's mirrors are reachable.
const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

// Every input can be given (types in chromium.d.cts), so a test can state the answer for any machine.
function findChromium(options = {}) {
  const {
    env = process.env,
    exists = existsSync,
    playwrightPath = playwrightChromium(),
    osId = linuxId(),
    platform = process.platform,
    isRoot = process.getuid?.() === 0
  } = options
  if (env.CHROMIUM_PATH) {
    if (exists(env.CHROMIUM_PATH)) return { ok: true, path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' }
    return {
      ok: false,
      message: `CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist: point it at a Chromium or unset it.`
    }
  }
  const system = SYSTEM_CHROMIUM.find((path) => exists(path))
  if (system) return { ok: true, path: system, source: 'system' }
  if (playwrightPath && exists(playwrightPath))
    return { ok: true, path: playwrightPath, source: 'playwright' }
  return {
    ok: false,
    message: `no Chromium for the end-to-end tests: install one with \`${installCommand(osId, platform, isRoot)}\` (or set CHROMIUM_PATH to one).`
  }
}

/** The one command that gets this machine a Chromium the specs can launch. */
function installCommand(osId, platform, isRoot) {
  // Only Debian proper: Ubuntu's `chromium` is a snap, whose confinement Playwright cannot drive.
  if (osId === 'debian') return `${isRoot ? '' : 'sudo '}apt-get install chromium`
  // Elsewhere on Linux Playwright's build needs shared libraries a desktop may lack; --with-deps adds them.
  if (platform === 'linux') return 'npx playwright install --with-deps chromium'
  return 'npx playwright install chromium'
}

function playwrightChromium() {
  try {
    // Where `npx playwright install chromium` puts it (PLAYWRIGHT_BROWSERS_PATH honoured), installed or not.
    return require('playwright').chromium.executablePath()
  } catch {
    return null
  }
}

function linuxId() {
  try {
    return /^ID="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null
  } catch {
    return null
  }
}

module.exports = { SYSTEM_CHROMIUM, findChromium, installCommand }
