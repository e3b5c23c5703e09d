import { expect, test } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startHost, type RunningHost } from './web-host'
import { openDataFolder } from '../helpers/data-folder'

let dataDir: string
let host: RunningHost

test.beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'runway-e2e-'))
  host = await startHost(dataDir)
})

test.afterEach(async () => {
  await host.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

test('the preview shows the real layout with app info and an empty client list', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(host.url)
  await expect(page.getByRole('navigation')).toContainText('Portfolio')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Portfolio')
  await expect(page.getByTestId('app-info')).toContainText('Runway Desktop')
  await expect(page.getByTestId('app-info')).toContainText('browser preview')
  await expect(page.getByTestId('empty-portfolio')).toContainText('No client companies yet')
  await expect(page.getByText('0 companies')).toBeVisible()
  await page.screenshot({ path: 'test-results/preview-empty.png' })
  expect(errors).toEqual([])
})

test('the client list shows companies from the cache and selecting one names it', async ({ page }) => {
  await host.stop()
  const db = openDataFolder(dataDir)
  db.prepare(
    "insert into companies (id, name, realm_id, environment, status, created_at, last_sync_at) values ('c1', 'Northwind Creative Agency', '9130', 'sandbox', 'connected', 'now', '2026-11-25T10:00:00Z'), ('c2', 'Harbor Consulting', '9131', 'production', 'needs-reconnect', 'now', null)"
  ).run()
  db.close()
  host = await startHost(dataDir)
  await page.goto(host.url)
  const table = page.getByTestId('company-table')
  await expect(table).toContainText('Northwind Creative Agency')
  await expect(table).toContainText('Needs reconnect')
  // The sidebar's client list (the overview's rows carry the same names).
  await page
    .getByRole('complementary', { name: 'Navigation' })
    .getByRole('button', { name: 'Harbor Consulting' })
    .click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Harbor Consulting')
  // Signed out of QuickBooks: the header offers to reconnect rather than showing stale figures silently.
  await expect(page.getByRole('banner').getByRole('button', { name: 'Reconnect', exact: true })).toBeVisible()
  await expect(page.getByTestId('not-synced')).toContainText('Reconnect it, then sync')
  await page.screenshot({ path: 'test-results/preview-companies.png' })
})

test('a page without the token gets nothing from the core', async ({ page }) => {
  const response = await page.goto(host.origin + '/')
  expect(response?.status()).toBe(403)
})
