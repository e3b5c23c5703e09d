// The colour scheme: the system's dark preference turns the screens dark, a data-theme attribute on
// <html> overrides the system either way (for a theme setting), and the status colours a bookkeeper
// reads at a glance stay the same in both.

import { expect, type Page } from '@playwright/test'
import type { RunwayBridge } from '../../src/shared/contract'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

const LIGHT_BG = 'rgb(244, 246, 249)'
const DARK_BG = 'rgb(13, 19, 32)'

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.locator('html').evaluate((html, value) => html.setAttribute('data-theme', value), theme)
}

test('the dark colour scheme applies the dark tokens, and data-theme overrides the system', async ({
  page,
  host
}) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto(host.url)
  await expect(page.getByTestId('empty-portfolio')).toBeVisible()
  const html = page.locator('html')
  await expect(html).toHaveCSS('background-color', DARK_BG)
  await expect(page.getByTestId('empty-portfolio')).toHaveCSS('background-color', 'rgb(21, 29, 44)')

  await setTheme(page, 'light')
  await expect(html).toHaveCSS('background-color', LIGHT_BG)
  await page.emulateMedia({ colorScheme: 'light' })
  await setTheme(page, 'dark')
  await expect(html).toHaveCSS('background-color', DARK_BG)

  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  await expect(page.getByText('3 companies')).toBeVisible()
  const critical = page.locator('[data-testid="portfolio-row"][data-status="critical"]')
  await expect(critical.locator('.status-strip')).toHaveCSS('background-color', 'rgb(239, 68, 68)')
  await page.screenshot({ path: 'test-results/theme-dark-portfolio.png' })

  await critical.getByRole('button').first().click()
  await expect(page.getByTestId('this-week').getByTestId('week-tallies')).toBeVisible()
  await page.screenshot({ path: 'test-results/theme-dark-overview.png' })
  await page.getByRole('tab', { name: /Console/ }).click()
  await page.getByTestId('bill-row').first().getByRole('button', { name: /^Pay / }).click()
  await expect(page.getByTestId('pay-impact')).toContainText(/After paying today\s*\S/)
  await page.screenshot({ path: 'test-results/theme-dark-pay-dialog.png' })
})
