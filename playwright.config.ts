import { defineConfig } from '@playwright/test'
import { findChromium } from './scripts/chromium.cjs'

// The same choice `npm test` checks before it starts Playwright. Playwright's own browser is left to
// Playwright, which picks its headless build of it; where there is none, Playwright says so itself.
const chromium = findChromium()
const chromiumPath = chromium.ok && chromium.source !== 'playwright' ? chromium.path : undefined

// The suite must pass with the system clock moved (libfaketime, preloaded into every process), and
// it does for the app: the web host is Node. Chromium itself hangs under libfaketime, so the browser
// alone is started without it; it only displays what the core, on the moved clock, computed.
const browserEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && !/^(LD_PRELOAD|FAKETIME)/.test(entry[0])
  )
)

export default defineConfig({
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    screenshot: 'only-on-failure',
    trace: 'off'
  },
  projects: [
    {
      name: 'e2e',
      testDir: 'tests/e2e',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          ...(chromiumPath ? { executablePath: chromiumPath } : {}),
          env: browserEnv,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync'
          ]
        }
      }
    },
    { name: 'electron', testDir: 'tests/electron' }
  ]
})
