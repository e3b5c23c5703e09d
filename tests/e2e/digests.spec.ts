// The Digests screen with QuickBooks out of reach: each client's finished week is there to open as
// the client-ready report, and to export as PDF and CSV, from what this computer keeps; the
// portfolio's week too. Sending is the one thing that needs the network (tests/integration/digest).

import { expect, type Page } from '@playwright/test'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { RunwayBridge } from '../../src/shared/contract'
import { runwayLabel, type DigestListItem } from '../../src/shared/views'
import { openDataFolder } from '../helpers/data-folder'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

// A Friday, the digest day: the week's digests are made as the test drive's books arrive.
test.use({ controlPlane: true, clock: '2027-03-19T17:00:00.000Z' })

async function digests(page: Page): Promise<DigestListItem[]> {
  return page.evaluate(async () => {
    const r = await window.runway.digest.list()
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  })
}

test('opens and exports a digest with the sandbox stopped', async ({ page, host }) => {
  test.setTimeout(120_000)
  await page.goto(host.url)
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })

  // QuickBooks goes away: every request to the test drive's sandbox is refused from now on.
  const db = openDataFolder(host.dataDir, { readonly: true })
  const apiBase = db.prepare('select api_base_url from companies limit 1').pluck().get() as string
  db.close()
  const outage = await fetch(`${new URL(apiBase).origin}/_sandbox/outage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'reset' })
  })
  expect(outage.ok).toBe(true)

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Digests' }).click()
  const rows = page.getByTestId('digest-row')
  await expect(rows).toHaveCount(3)
  const list = await digests(page)
  expect(new Set(list.map((d) => d.weekEnd))).toEqual(new Set(['2027-03-19']))

  const redwood = list.find((d) => d.companyName.startsWith('Redwood'))!
  await rows.filter({ hasText: 'Redwood' }).click()
  const report = page.frameLocator('[data-testid="digest-frame"]')
  const headline = runwayLabel(redwood.runwayDays, redwood.horizonDays)
  await expect(report.locator('[data-part="runway"]')).toContainText(headline, { ignoreCase: true })
  await expect(report.locator('svg.chart')).toBeVisible()
  await expect(report.locator('[data-part="bills"]')).toContainText('Bills to pay')
  await page.screenshot({ path: 'test-results/digests-1280.png' })

  await page.getByTestId('export-pdf').click()
  await expect(page.getByTestId('notice').filter({ hasText: 'Saved' })).toContainText('.pdf')
  const exports = join(host.dataDir, 'exports')
  const pdf = readdirSync(exports).find((f) => f.endsWith('.pdf'))!
  expect(pdf).toBe('Redwood Events & Catering - week ending 2027-03-19.pdf')
  expect(readFileSync(join(exports, pdf)).subarray(0, 5).toString()).toBe('%PDF-')
  await page.getByTestId('export-csv').click()
  await expect(page.getByTestId('notice').filter({ hasText: 'open items.csv' })).toBeVisible()
  expect(readdirSync(exports).filter((f) => f.endsWith('.csv'))).toHaveLength(2)

  // The whole portfolio's week in one report, worst first.
  await page.getByTestId('open-portfolio-digest').click()
  await expect(report.locator('[data-part="client"]')).toHaveCount(3)
  await expect(report.locator('[data-part="client"]').first()).toContainText('Redwood')
  await page.screenshot({ path: 'test-results/digests-portfolio.png' })

  // Sending needs the mail server set up first; the dialog says where.
  await rows.filter({ hasText: 'Brightline' }).click()
  await page.getByTestId('send-digest').click()
  await expect(page.getByTestId('smtp-missing')).toBeVisible()
  await page.screenshot({ path: 'test-results/digests-send.png' })
  await page.getByRole('button', { name: 'Cancel' }).click()

  await page.setViewportSize({ width: 800, height: 900 })
  await page.screenshot({ path: 'test-results/digests-800.png', fullPage: true })
})
