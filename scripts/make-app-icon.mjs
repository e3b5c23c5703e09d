// Renders resources/icon.svg as the 1024 px PNG electron-builder makes every platform's icon from
// (the .icns, the .ico, Linux's sizes). Run when the SVG changes: `node scripts/make-app-icon.mjs`.
// The SVG is drawn by the Chromium the end-to-end specs use, so no image library is needed.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium } from 'playwright'

const require = createRequire(import.meta.url)
const found = require('./chromium.cjs').findChromium()
if (!found.ok) {
  console.error(found.message)
  process.exit(1)
}
const svg = readFileSync(new URL('../resources/icon.svg', import.meta.url), 'utf8')
const browser = await chromium.launch({ ...(found.path ? { executablePath: found.path } : {}) })
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } })
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`
  )
  await page
    .locator('svg')
    .screenshot({ path: new URL('../resources/icon.png', import.meta.url).pathname, omitBackground: true })
} finally {
  await browser.close()
}
