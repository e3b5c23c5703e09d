import { defineConfig } from '@playwright/test'
import { findChromium } from './scripts/chromium.cjs'

// The same choice `npm test` checks before it starts Playwright. Playwright's own browser is left to
// Playwright, which picks its headless build of it; where there is none, Playwright says so itself.
const chromium = findChromium()
const chromiumPath = chromium.ok && chromium.source !== 'playwright' ? chromium.path : undefined

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
