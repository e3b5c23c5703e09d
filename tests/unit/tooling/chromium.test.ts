import { describe, expect, it } from 'vitest'
import { findChromium } from '../../../scripts/chromium.cjs'

const PLAYWRIGHT = '/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome'
const machine = (files: string[], more: Parameters<typeof findChromium>[0] = {}) =>
  findChromium({
    env: {},
    exists: (path) => files.includes(path),
    playwrightPath: PLAYWRIGHT,
    osId: 'debian',
    platform: 'linux',
    isRoot: false,
    ...more
  })

describe('the Chromium the end-to-end specs run in', () => {
  it('takes CHROMIUM_PATH first, then Debian’s, then Playwright’s own', () => {
    const all = ['/opt/chrome', '/usr/bin/chromium', PLAYWRIGHT]
    expect(machine(all, { env: { CHROMIUM_PATH: '/opt/chrome' } })).toEqual({
      ok: true,
      path: '/opt/chrome',
      source: 'CHROMIUM_PATH'
    })
    expect(machine(all)).toEqual({ ok: true, path: '/usr/bin/chromium', source: 'system' })
    expect(machine(['/usr/bin/chromium-browser'])).toEqual({
      ok: true,
      path: '/usr/bin/chromium-browser',
      source: 'system'
    })
    expect(machine([PLAYWRIGHT])).toEqual({ ok: true, path: PLAYWRIGHT, source: 'playwright' })
  })

  it('names a CHROMIUM_PATH that does not exist instead of looking elsewhere', () => {
    const found = machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/nothing' } })
    expect(found).toEqual({ ok: false, message: expect.stringContaining('CHROMIUM_PATH is /opt/nothing') })
  })

  it('says in one line which command installs one on this kind of machine', () => {
    const message = (more: Parameters<typeof findChromium>[0]) => {
      const found = machine([], more)
      if (found.ok) throw new Error('found a browser on an empty machine')
      expect(found.message).not.toContain('\n')
      return found.message
    }
    expect(message({})).toContain('`sudo apt-get install chromium`')
    expect(message({ isRoot: true })).toContain('`apt-get install chromium`')
    expect(message({ isRoot: true })).not.toContain('sudo')
    expect(message({ osId: 'ubuntu' })).toContain('`npx playwright install --with-deps chromium`')
    expect(message({ osId: null, platform: 'darwin' })).toContain('`npx playwright install chromium`')
    // Playwright's own counts only once it has been downloaded.
    expect(message({ osId: null, platform: 'win32', playwrightPath: PLAYWRIGHT })).toContain(
      'npx playwright install chromium'
    )
  })
})
