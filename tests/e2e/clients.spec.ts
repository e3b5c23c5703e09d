// Clients as a bookkeeper manages them in the app: a test drive, the firm's Intuit keys entered once
// in Settings, a real client added through the consent page (a second sandbox, in its own process
// space here, reached over HTTP like Intuit), demo and real told apart, the test drive left; then
// disconnect, reconnect and remove. Screenshots of the portfolio at 1440×900 and 1024×700.

import { expect, type Page } from '@playwright/test'
import { startSandbox, type Sandbox } from '@runway/qbo-sandbox'
import { tinyRealm } from '../helpers/sandbox'
import type { RunwayBridge } from '../../src/shared/contract'
import { openDataFolder } from '../helpers/data-folder'
import { E2E_NOW, startHost, test } from './web-host'

declare const window: { runway: RunwayBridge }

const REAL_REALM = '9341453000000042'
const REAL_NAME = 'Harbor Street Dental'

let sandbox: Sandbox
test.beforeAll(async () => {
  // On the host's clock, so the tokens it hands out are fresh on the app's.
  const offset = Date.parse(E2E_NOW) - Date.now()
  sandbox = await startSandbox({
    clock: () => Date.now() + offset,
    realms: [tinyRealm(REAL_REALM, REAL_NAME)]
  })
})
test.afterAll(async () => {
  await sandbox.close()
})

const rows = (page: Page) => page.getByTestId('portfolio-row')
const row = (page: Page, name: string | RegExp) => rows(page).filter({ hasText: name })

/** Intuit's consent page opens in a new tab: pick the company there, and the tab lands on the app. */
async function consent(page: Page, start: () => Promise<void>, realmId: string): Promise<void> {
  const opened = page.context().waitForEvent('page')
  await start()
  const tab = await opened
  await tab.waitForLoadState()
  await expect(tab.getByRole('heading', { name: 'Connect to QuickBooks' })).toBeVisible()
  await tab.locator(`a.connect[data-realm-id="${realmId}"]`).click()
  await expect(tab.getByRole('heading', { name: 'Connected' })).toBeVisible()
  await tab.close()
}

/** Nothing in the window scrolls sideways: every column of the client list is in view. */
async function fitsWithoutSideScroll(page: Page): Promise<void> {
  const widths = (el: { scrollWidth: number; clientWidth: number }) => [el.scrollWidth, el.clientWidth]
  for (const box of [page.locator('html'), page.locator('.content'), page.getByTestId('company-table')]) {
    const [scroll, client] = await box.evaluate(widths)
    expect(scroll).toBeLessThanOrEqual(client!)
  }
  const grid = (await page.getByTestId('company-table').boundingBox())!
  const last = (await page.getByRole('columnheader').last().boundingBox())!
  expect(last.x + last.width).toBeLessThanOrEqual(grid.x + grid.width + 0.5)
}

test('test drive, a real client beside it, leave the test drive; disconnect, reconnect, remove', async ({
  page,
  host
}) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(rows(page)).toHaveCount(3, { timeout: 30_000 })
  const banner = page.getByTestId('test-drive-banner')
  await expect(banner).toContainText('3 demo companies')
  await expect(page.getByTestId('demo-chip')).toHaveCount(3)

  // No keys yet: "Add client" says where they go, and takes the user there.
  await page.getByTestId('sidebar-add-client').click()
  const dialog = page.getByTestId('connect-dialog')
  await expect(dialog.getByTestId('connect-needs-keys')).toBeVisible()
  await dialog.getByTestId('open-intuit-keys').click()
  const keys = page.getByTestId('intuit-keys')
  await expect(keys).toBeVisible()
  await expect(keys.getByRole('link', { name: /Where to find the Client ID/ })).toHaveAttribute(
    'href',
    /developer\.intuit\.com/
  )
  await expect(keys.getByTestId('intuit-redirect-uri')).toHaveText(`${host.origin}/qbo/callback`)
  await keys.getByLabel('Keys for').selectOption('custom')
  await keys.getByTestId('intuit-sandbox-line').fill(JSON.stringify(sandbox.info))
  await keys.getByTestId('intuit-keys-save').click()
  await expect(keys.getByTestId('intuit-keys-status')).toContainText(
    `Client ID ending ${sandbox.info.oauth.clientId.slice(-4)}`
  )
  await expect(keys).not.toContainText(sandbox.info.oauth.clientSecret)

  // Now adding a client is one click and the consent page.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Portfolio' }).click()
  await consent(page, () => page.getByTestId('portfolio-add-client').click(), REAL_REALM)
  await expect(page.getByTestId('connect-dialog')).toHaveCount(0)
  await expect(rows(page)).toHaveCount(4)
  const real = row(page, REAL_NAME)
  await expect(real).toHaveAttribute('data-demo', 'false')
  await expect(real.getByTestId('demo-chip')).toHaveCount(0)
  await expect(real.getByTestId('runway-days')).toBeVisible({ timeout: 30_000 })
  await expect(page.locator('[data-testid="portfolio-row"][data-demo="true"]')).toHaveCount(3)
  await expect(banner).toContainText('listed beside your 1 real client')

  // The Monday columns, every one in view at both sizes.
  await expect(page.getByRole('columnheader')).toHaveText([
    /Client/,
    /Runway/,
    /Cash zero/,
    /Lowest cash/,
    /Must pay 7d/,
    /Overdue AR/,
    /Week Δ/,
    /Last sync/
  ])
  await fitsWithoutSideScroll(page)
  await page.screenshot({ path: 'test-results/clients-portfolio-1440.png' })
  await page.setViewportSize({ width: 1024, height: 700 })
  await fitsWithoutSideScroll(page)
  await page.screenshot({ path: 'test-results/clients-portfolio-1024.png' })

  // Sort, search, filter.
  await page.getByTestId('sort-name').click()
  await expect(page.getByRole('columnheader', { name: /Client/ })).toHaveAttribute('aria-sort', 'ascending')
  const names = await rows(page).locator('.row-link').allTextContents()
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)))
  await page.getByTestId('portfolio-search').fill('harbor')
  await expect(rows(page)).toHaveCount(1)
  await page.getByTestId('portfolio-search').fill('')
  await page.getByTestId('filter-kind').selectOption('demo')
  await expect(rows(page)).toHaveCount(3)
  await page.getByTestId('filter-kind').selectOption('all')

  // Leaving the test drive: only the real client remains.
  await page.getByTestId('test-drive-end').click()
  await page.getByTestId('test-drive-confirm-button').click()
  await expect(rows(page)).toHaveCount(1)
  await expect(banner).toHaveCount(0)
  await expect(row(page, REAL_NAME)).toBeVisible()

  // With a real client listed the empty portfolio's offer is gone: Settings takes the user back into
  // the test drive, and out again.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
  await page.getByTestId('settings-test-drive-start').click()
  await expect(page.getByTestId('test-drive-status')).toContainText(
    'The test drive is on: 3 demo companies',
    {
      timeout: 30_000
    }
  )
  await page.getByTestId('settings-test-drive-end').click()
  await expect(page.getByTestId('test-drive-status')).toContainText('Three demo companies')
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Portfolio' }).click()
  await expect(rows(page)).toHaveCount(1)

  // Sync all reports per row: QuickBooks refuses the real client's next request; its row says so,
  // why, and retries on a click.
  const fault = await fetch(`${sandbox.url}/_sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      kind: 'error',
      status: 400,
      match: { realmId: REAL_REALM, area: 'api' },
      count: 1
    })
  })
  expect(fault.status).toBe(201)
  await page.getByTestId('sync-all').click()
  await expect(real.getByTestId('stale-chip')).toBeVisible()
  await expect(real.getByTestId('stale-reason')).not.toBeEmpty()
  await page.screenshot({ path: 'test-results/clients-stale-1024.png' })
  await real.getByTestId('row-retry').click()
  await expect(real.getByTestId('stale-chip')).toHaveCount(0)
  await expect(real.getByTestId('as-of')).toBeVisible()

  // Disconnect: the books stay, read-only and marked so.
  await real.getByTestId('row-menu').click()
  await page.getByTestId('menu-disconnect').click()
  await page.getByTestId('confirm-disconnect').click()
  await expect(real.getByTestId('reconnect-chip')).toHaveText('Read-only')
  await expect(real.getByTestId('runway-days')).toBeVisible()
  await expect(real).toHaveAttribute('data-connection', 'disconnected')
  await page.screenshot({ path: 'test-results/clients-disconnected-1024.png' })
  const companyId = (await real.getAttribute('data-company-id'))!
  const refused = await page.evaluate(async (id) => {
    const r = await window.runway.reserves.set({ companyId: id, name: 'Tax', amountCents: 100 })
    return r.ok ? null : r.error.message
  }, companyId)
  expect(refused).toMatch(/disconnected: its books are kept read-only/)
  await real.locator('.row-link').click()
  await expect(page.getByTestId('read-only')).toHaveText('Disconnected · read-only')
  await expect(page.getByTestId('headline')).toBeVisible()
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Portfolio' }).click()

  // Reconnect: the same client, signed in again through the consent page.
  await consent(page, () => real.getByTestId('row-reconnect').click(), REAL_REALM)
  await expect(real).toHaveAttribute('data-connection', 'connected')
  await expect(rows(page)).toHaveCount(1)

  // Remove: asked first; the audit trail stays unless chosen too.
  await real.getByTestId('row-menu').click()
  await page.getByTestId('menu-remove').click()
  await expect(page.getByTestId('remove-dialog')).toContainText('Also delete its audit trail')
  await page.getByTestId('confirm-remove').click()
  await expect(page.getByTestId('empty-portfolio')).toBeVisible()
  const trail = await page.evaluate(async () => {
    const r = await window.runway.activity.list({})
    if (!r.ok) throw new Error(r.error.message)
    return r.value.map((e) => e.action)
  })
  expect(trail).toEqual(
    expect.arrayContaining(['company.removed', 'company.reconnected', 'company.connected'])
  )
})

test('500 clients: only the rows in view are in the page, and every one is reachable', async ({
  page,
  host
}) => {
  await host.stop()
  const db = openDataFolder(host.dataDir)
  const company = db.prepare(
    `insert into companies (id, name, realm_id, environment, status, created_at, last_sync_at)
     values (?, ?, ?, 'production', 'connected', '2027-03-15T08:00:00Z', '2027-03-15T08:00:00Z')`
  )
  const figures = db.prepare(
    `insert into portfolio_rows (company_id, taken_at, as_of, status, runway_days, status_days, horizon_days,
       cash_zero_date, cash_cents, overdue_ar_cents, ap_cents, week_change_days, lowest_cash_cents,
       lowest_cash_date, must_pay_week_cents, must_pay_week_count)
     values (?, '2027-03-15T08:00:00Z', '2027-03-15', ?, ?, ?, 91, null, ?, 0, 0, null, ?, '2027-03-20', 0, 0)`
  )
  db.transaction(() => {
    for (let i = 0; i < 500; i += 1) {
      const id = `c${String(i).padStart(4, '0')}`
      company.run(id, `Client ${String(i).padStart(4, '0')}`, String(9_000_000 + i))
      // Client 0000 has the fewest days, so worst first lists them in order.
      figures.run(id, i < 20 ? 'critical' : 'healthy', i + 1, i + 1, 100_000 * (i + 1), 50_000 * i)
    }
  })()
  db.close()
  const restarted = await startHost(host.dataDir)
  try {
    await page.setViewportSize({ width: 1024, height: 700 })
    await page.goto(restarted.url)
    await expect(page.getByTestId('portfolio-count')).toHaveText('500 clients')
    await expect(page.getByTestId('company-table')).toHaveAttribute('aria-rowcount', '501')
    const inPage = await rows(page).count()
    expect(inPage).toBeGreaterThan(3)
    expect(inPage).toBeLessThan(40)
    await expect(rows(page).first()).toHaveAttribute('data-company-id', 'c0000')

    // Scrolled to the end, the last client is there and the first is gone from the page.
    await page.getByTestId('portfolio-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect(page.locator('[data-testid="portfolio-row"][data-company-id="c0499"]')).toBeVisible()
    await expect(page.locator('[data-testid="portfolio-row"][data-company-id="c0000"]')).toHaveCount(0)
    expect(await rows(page).count()).toBeLessThan(40)

    // The sidebar lists the same 500, worst first, with only the entries in view in the page.
    const sidebar = page.getByTestId('sidebar-clients')
    const entries = sidebar.getByRole('button')
    await expect(entries.first()).toHaveAttribute('title', 'Client 0000')
    expect(await entries.count()).toBeLessThan(40)
    await sidebar.evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect(sidebar.getByRole('button', { name: 'Client 0499' })).toBeVisible()
    await expect(sidebar.getByRole('button', { name: 'Client 0000' })).toHaveCount(0)
    expect(await entries.count()).toBeLessThan(40)
    await sidebar.getByRole('button', { name: 'Client 0499' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Client 0499')
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Portfolio' }).click()

    // Sorted in the core: the most runway first, then back to worst first.
    await page.getByTestId('sort-runway').click()
    await page.getByTestId('sort-runway').click()
    await expect(rows(page).first()).toHaveAttribute('data-company-id', 'c0499')
    await page.getByTestId('portfolio-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight))
    await expect(page.locator('[data-testid="portfolio-row"][data-company-id="c0000"]')).toBeVisible()
    await page.getByRole('button', { name: 'worst first' }).click()
    await page.getByTestId('portfolio-scroller').evaluate((el) => el.scrollTo(0, 0))
    await expect(rows(page).first()).toHaveAttribute('data-company-id', 'c0000')
    await page.getByTestId('filter-status').selectOption('critical')
    await expect(page.getByTestId('portfolio-count')).toHaveText('20 of 500')
    await expect(page.getByTestId('company-table')).toHaveAttribute('aria-rowcount', '21')
    await page.getByTestId('filter-status').selectOption('all')

    await page.getByTestId('portfolio-search').fill('client 0321')
    await expect(rows(page)).toHaveCount(1)
    await expect(page.getByTestId('portfolio-count')).toHaveText('1 of 500')
    await page.screenshot({ path: 'test-results/clients-portfolio-500.png' })
  } finally {
    await restarted.stop()
  }
})
