// The client list in the renderer: Chromium through the web host over a cached folder, timed by the
// page's own Performance API (milliseconds since navigation start), as issue 19 asks.
import { chromium } from '@playwright/test'
import { createCore } from '../../src/main/core'
import { findChromium } from '../../scripts/chromium.cjs'
import { openSocket } from './socket'

export interface RendererTimes {
  /** From navigation start until the list's rows stop changing. */
  renderMs: number
  /**
   * A screenful of scrolling, top to end: the mean time of one until its rows are drawn (a row whose
   * block the core has not sent yet is a placeholder, so each step waits for those; a longer list
   * has more steps).
   */
  scrollMs: number
  /** Client rows in the DOM once rendered (a virtualised list holds fewer than it lists). */
  rows: number
}

/** Scrolls the list's scrolling box (or the page) a screenful at a time to its end, each step
 *  once its rows are drawn. */
const SCROLL = `(async () => {
  const row = document.querySelector('[data-testid="portfolio-row"]')
  let box = row.parentElement
  while (box && !(box.scrollHeight > box.clientHeight + 1 && getComputedStyle(box).overflowY !== 'visible'))
    box = box.parentElement
  const el = box || document.scrollingElement
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()))
  el.scrollTop = 0
  await frame()
  const t = performance.now()
  let steps = 0
  while (el.scrollTop + el.clientHeight < el.scrollHeight - 1) {
    const before = el.scrollTop
    el.scrollTop += el.clientHeight
    await frame()
    for (let i = 0; i < 600 && el.querySelector('[aria-busy="true"]'); i++) await frame()
    steps += 1
    if (el.scrollTop === before) break
  }
  return { ms: (performance.now() - t) / Math.max(steps, 1), rows: document.querySelectorAll('[data-testid="portfolio-row"]').length }
})()`

export async function measureRenderer(dataDir: string, runs = 3): Promise<RendererTimes> {
  const core = await createCore({ dataDir, host: 'web', jobs: false })
  await core.start()
  const socket = await openSocket(core, 'out/renderer')
  const found = findChromium()
  const browser = await chromium.launch({
    ...(found.ok && found.source !== 'playwright' ? { executablePath: found.path } : {}),
    args: ['--no-sandbox', '--disable-gpu']
  })
  const results: RendererTimes[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.addInitScript(`window.__rowsAt = 0
        new MutationObserver(() => {
          if (document.querySelector('[data-testid="portfolio-row"]')) window.__rowsAt = performance.now()
        }).observe(document, { childList: true, subtree: true })`)
      await page.goto(socket.host.url)
      await page.waitForSelector('[data-testid="portfolio-row"]')
      // Quiet for half a second: the list is drawn.
      let last = -1
      for (;;) {
        await page.waitForTimeout(500)
        const at = (await page.evaluate('window.__rowsAt')) as number
        if (at === last) break
        last = at
      }
      // As text: tsx would wrap a function's inner functions in a helper the page does not have.
      const scroll = (await page.evaluate(SCROLL)) as { ms: number; rows: number }
      results.push({ renderMs: last, scrollMs: scroll.ms, rows: scroll.rows })
      await page.close()
    }
  } finally {
    await browser.close()
    await socket.close()
    await core.stop()
  }
  const mid = (f: (r: RendererTimes) => number): number =>
    results.map(f).sort((a, b) => a - b)[Math.floor(results.length / 2)]!
  return { renderMs: mid((r) => r.renderMs), scrollMs: mid((r) => r.scrollMs), rows: results[0]!.rows }
}
