// PDFs are printed from the report's own HTML by a Chromium: the Electron app's (printToPDF, in the
// shell, which hands the core this port), or in the headless hosts (web host, CLI) a Chromium found
// on the machine and driven by playwright-core: CHROMIUM_PATH, Debian's /usr/bin/chromium, or
// Playwright's download (scripts/chromium.cjs decides, for the tests and the app alike).

import { chromium } from 'playwright-core'
import { findChromium } from '../../../../scripts/chromium.cjs'
import { AppError } from '../errors'
import type { PageSize } from './digest-html'

export interface PdfPrinter {
  /** Which engine prints: said in logs and the README. */
  readonly engine: 'electron' | 'chromium'
  print(html: string, pageSize: PageSize): Promise<Buffer>
}

/** A headless Chromium found on this machine, started for each print and closed after. */
export function chromiumPrinter(): PdfPrinter {
  return {
    engine: 'chromium',
    async print(html, pageSize) {
      let playwrightPath: string | null = null
      try {
        playwrightPath = chromium.executablePath()
      } catch {
        // No Playwright browser registry on this machine: the system's Chromium or none.
      }
      const found = findChromium({ playwrightPath })
      if (!found.ok) throw new AppError('internal', `Cannot make a PDF: ${found.message}`)
      // Chromium hangs under libfaketime (tests move the clock with it): the browser runs on the
      // real clock; it only lays out the page the core made.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(
          (e): e is [string, string] => e[1] !== undefined && !/^(LD_PRELOAD|FAKETIME)/.test(e[0])
        )
      )
      const browser = await chromium.launch({
        executablePath: found.path,
        env,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update'
        ]
      })
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
        const page = await context.newPage()
        await page.setContent(html, { waitUntil: 'load' })
        return await page.pdf({ format: pageSize, printBackground: true, preferCSSPageSize: true })
      } finally {
        await browser.close()
      }
    }
  }
}
