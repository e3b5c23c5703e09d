// The bookkeeper's week in the browser preview, against the real core and its QBO sandbox: the test
// drive from an empty portfolio, the Monday portfolio, a client's overview, and the decisions of the
// console (pay, delay, chase, earmark), hygiene and a what-if.

import { expect, type Page } from '@playwright/test'
import type { RunwayBridge } from '../../src/shared/contract'
import type { PortfolioRow, RunwayView } from '../../src/shared/views'
import { test, type TestHost } from './web-host'
import { openDataFolder } from '../helpers/data-folder'
import { formatDay } from '../../src/shared/dates'

// The page's window, as far as these tests use it (the Node-side tsconfig has no DOM).
declare const window: { runway: RunwayBridge }

const dollars = (cents: number): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(
    Math.round(cents / 100)
  )

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

async function portfolio(page: Page): Promise<PortfolioRow[]> {
  return page.evaluate(async () => {
    const r = await window.runway.portfolio.list()
    if (!r.ok) throw new Error(r.error.message)
    return r.value.rows
  })
}

async function runway(page: Page, companyId: string): Promise<RunwayView> {
  return page.evaluate(async (id) => {
    const r = await window.runway.runway.get({ companyId: id })
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }, companyId)
}

/** Starts the test drive through the contract (the click-through has its own test) and opens a client. */
async function openDemoCompany(page: Page, host: TestHost, name: RegExp): Promise<string> {
  await page.goto(host.url)
  await expect(page.getByTestId('empty-portfolio')).toBeVisible()
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  const row = page.getByTestId('portfolio-row').filter({ hasText: name })
  const companyId = await row.getAttribute('data-company-id')
  if (!companyId) throw new Error('row without a company id')
  await row.getByRole('button').first().click()
  await expect(page.getByTestId('headline')).toBeVisible()
  return companyId
}

/** How the screens word the runway: days to the cash-zero date, or past the 13-week forecast. */
const runwayText = (days: number | null): string =>
  days === null ? 'More than 13 weeks' : `${days} day${days === 1 ? '' : 's'}`

test("the test drive fills an empty portfolio, worst first, and the worst client's overview matches the core", async ({
  page,
  host
}) => {
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  await expect(page.getByText('3 companies')).toBeVisible()

  // Worst first: the order of the rows is the order of the days each status rests on.
  const rows = await portfolio(page)
  const expected = [...rows]
    .sort((a, b) => (a.snapshot?.statusDays ?? Infinity) - (b.snapshot?.statusDays ?? Infinity))
    .map((r) => r.companyId)
  const shown = await page
    .getByTestId('portfolio-row')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-company-id')))
  expect(shown).toEqual(expected)

  // Each row carries its status, in its colour.
  const colours: Record<string, string> = {
    critical: 'rgb(239, 68, 68)',
    warning: 'rgb(245, 158, 11)',
    healthy: 'rgb(34, 197, 94)',
    excellent: 'rgb(20, 184, 166)'
  }
  for (const r of rows) {
    const row = page.locator(`[data-testid="portfolio-row"][data-company-id="${r.companyId}"]`)
    const status = r.snapshot!.status
    await expect(row).toHaveAttribute('data-status', status)
    await expect(row.getByTestId('status-badge')).toHaveAttribute('data-status', status)
    await expect(row.locator('.status-strip')).toHaveCSS('background-color', colours[status]!)
    // The one runway, the same figure the core gives every channel.
    // The table says it short ("13+ weeks"); its tooltip has the words every other screen uses.
    await expect(row.getByTestId('runway-days')).toHaveAttribute('title', runwayText(r.snapshot!.runwayDays))
  }
  const worst = rows.find((r) => r.companyId === expected[0])!
  expect(worst.snapshot!.status).toBe('critical')
  await page.screenshot({ path: 'test-results/runway-portfolio.png' })

  // "Under 30 days" keeps only the clients that need the bookkeeper this week.
  const under30 = rows.filter((r) => (r.snapshot?.runwayDays ?? Infinity) < 30).length
  await page.getByTestId('filter-under-30').check()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(under30)
  await page.getByTestId('filter-under-30').uncheck()

  // The worst client's overview: its headline figures are the core's.
  await page.getByTestId('portfolio-row').first().getByRole('button').first().click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(worst.name)
  const view = await runway(page, worst.companyId)
  await expect(page.getByTestId('cash-zero-date')).toHaveAttribute('data-date', view.cashZeroDate ?? '')
  await expect(page.getByTestId('headline').getByTestId('runway-days')).toHaveText(
    runwayText(view.runwayDays)
  )
  await expect(page.getByTestId('headline').getByTestId('status-badge')).toHaveAttribute(
    'data-status',
    view.status
  )
  await expect(page.getByTestId('stat-cash')).toContainText(dollars(view.cashCents))
  await expect(page.getByTestId('stat-available')).toContainText(dollars(view.availableCashCents))
  await expect(page.getByTestId('stat-ar')).toContainText(dollars(view.arCents))
  await expect(page.getByTestId('stat-ap')).toContainText(dollars(view.apCents))
  await expect(page.getByTestId('stat-overdue-ar')).toContainText(dollars(view.overdueArCents))
  // The predecessor's figure only as a secondary one, labelled as what it is.
  await expect(page.getByTestId('simple-runway')).toContainText('If sales stopped')
  await expect(page.getByTestId('freshness')).toContainText('As of')

  // Thirteen weeks, the ones that dip below zero marked as such.
  expect(view.forecast).toHaveLength(13)
  const weeks = page.getByTestId('forecast-chart').getByTestId('forecast-week')
  await expect(weeks).toHaveCount(13)
  const belowZero = view.forecast.filter((w) => w.lowestCashCents < 0 || w.endingCashCents < 0).length
  await expect(page.locator('[data-testid="forecast-week"][data-below-zero="true"]')).toHaveCount(belowZero)
  await page.screenshot({ path: 'test-results/runway-overview.png' })
})

test('the console pays a must-pay bill, delays another, chases an invoice and earmarks cash', async ({
  page,
  host
}) => {
  const companyId = await openDemoCompany(page, host, /Brightline/)
  await page.getByRole('tab', { name: /Console/ }).click()
  const mustPay = page.getByTestId('bills-must-pay')
  await expect(mustPay.getByTestId('bill-row').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/runway-console.png' })

  // Pay: the dialog shows the runway before and after, and the bill leaves the list.
  const before = await runway(page, companyId)
  const bill = mustPay.getByTestId('bill-row').first()
  const billId = (await bill.getAttribute('data-bill-id'))!
  const bills = await page.evaluate(async (id) => {
    const r = await window.runway.bills.list({ companyId: id })
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }, companyId)
  const paid = bills.find((b) => b.id === billId)!
  await bill.getByRole('button', { name: /^Pay / }).click()
  const dialog = page.getByTestId('pay-dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('pay-account').locator('option')).not.toHaveCount(0)
  await expect(dialog.getByTestId('pay-impact')).toContainText('Runway now')
  await expect(dialog.getByTestId('pay-impact')).toContainText(/After paying today\s*\S/)
  await page.screenshot({ path: 'test-results/runway-pay-dialog.png' })
  await dialog.getByTestId('confirm-pay').click()
  await expect(dialog).toBeHidden()
  await expect(page.locator(`[data-testid="bill-row"][data-bill-id="${billId}"]`)).toHaveCount(0)
  await expect(page.getByTestId('notice').filter({ hasText: `Paid ${paid.vendorName}` })).toBeVisible()
  const after = await runway(page, companyId)
  expect(after.cashCents).toBe(before.cashCents - paid.balanceCents)
  await expect(page.getByTestId('console-available')).toContainText(dollars(after.availableCashCents))

  // Delay: the bill's planned date becomes the chosen one.
  const toDelay = page.getByTestId('bill-row').first()
  const delayId = (await toDelay.getAttribute('data-bill-id'))!
  const payOn = addDays(after.asOf, 21)
  await toDelay.getByRole('button', { name: /^Delay / }).click()
  const delayDialog = page.getByTestId('delay-dialog')
  await expect(delayDialog).toBeVisible()
  // The day is written as every screen writes it, not in the machine's own format (12/19/2026),
  // and is typed that way too: "5 Apr 2027" means the same day as 2027-04-05.
  await expect(delayDialog.getByTestId('delay-date')).toHaveValue(/^\d{1,2} [A-Z][a-z]{2} \d{4}$/)
  await delayDialog.getByTestId('delay-date').fill(formatDay(payOn))
  await delayDialog.getByTestId('delay-date').blur()
  await expect(delayDialog.getByTestId('delay-date')).toHaveValue(formatDay(payOn))
  await expect(delayDialog.getByTestId('delay-impact')).toContainText('Runway as planned')
  await delayDialog.getByTestId('confirm-delay').click()
  await expect(delayDialog).toBeHidden()
  const delayed = page.locator(`[data-testid="bill-row"][data-bill-id="${delayId}"]`)
  await expect(delayed.getByTestId('planned-date')).toHaveAttribute('data-date', payOn)
  await expect(delayed.getByTestId('planned-date')).toContainText('Delayed by you')

  // Chase: a reminder goes out and says which stage it was.
  const sendable = page.getByTestId('invoice-row').filter({ hasText: 'reminder due' })
  const invoiceId = (await sendable.first().getAttribute('data-invoice-id'))!
  // Pinned by id: once sent, the row's button waits for the next stage and the filter above lets go.
  const invoice = page.locator(`[data-testid="invoice-row"][data-invoice-id="${invoiceId}"]`)
  await invoice.scrollIntoViewIfNeeded()
  await invoice.getByRole('button', { name: /Send reminder/ }).click()
  await expect(invoice.getByTestId('reminder-result')).toContainText(/reminder sent|Queued/)
  await expect(invoice).toContainText('1 reminder sent')

  // Earmark: available cash drops by the reserve.
  const reserves = page.getByTestId('reserves')
  await reserves.scrollIntoViewIfNeeded()
  await reserves.getByTestId('reserve-name').fill('Payroll')
  await reserves.getByTestId('reserve-amount').fill('10,000')
  await reserves.getByTestId('add-reserve').click()
  await expect(reserves.getByTestId('reserve-row').filter({ hasText: 'Payroll' })).toContainText('$10,000.00')
  const reserved = await runway(page, companyId)
  expect(reserved.availableCashCents).toBe(after.availableCashCents - 1_000_000)
  await expect(reserves.getByTestId('reserves-available')).toHaveText(dollars(reserved.availableCashCents))
  await page.screenshot({ path: 'test-results/runway-console-after.png', fullPage: false })
  // The confirmation does not sit on the Earmark button, so a second reserve is one click away.
  const earmark = (await reserves.getByTestId('add-reserve').boundingBox())!
  for (const notice of await page.getByTestId('notice').all()) {
    const b = (await notice.boundingBox())!
    const apart =
      b.x + b.width <= earmark.x ||
      earmark.x + earmark.width <= b.x ||
      b.y + b.height <= earmark.y ||
      earmark.y + earmark.height <= b.y
    expect(apart, 'a notice covers the Earmark button').toBe(true)
  }

  // A bad amount is refused next to the field, and nothing is saved.
  await reserves.getByTestId('reserve-name').fill('Tax')
  await reserves.getByTestId('reserve-amount').fill('lots')
  await reserves.getByTestId('add-reserve').click()
  await expect(reserves.getByRole('alert')).toContainText('Enter an amount')
  await expect(reserves.getByTestId('reserve-row')).toHaveCount(1)
})

test('hygiene lists what to fix first and a scenario moves the cash-zero date', async ({ page, host }) => {
  const companyId = await openDemoCompany(page, host, /Northwind/)
  await expect(page.getByTestId('this-week').getByTestId('week-tallies')).toBeVisible()
  await page.screenshot({ path: 'test-results/runway-overview-healthy.png' })
  await page.getByRole('tab', { name: /Hygiene/ }).click()
  const hygiene = await page.evaluate(async (id) => {
    const r = await window.runway.hygiene.get({ companyId: id })
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }, companyId)
  await expect(page.getByTestId('hygiene-score')).toContainText(String(hygiene.score))
  await expect(page.getByTestId('hygiene-check')).toHaveCount(hygiene.checks.length)
  const firstFound = page.locator('[data-testid="hygiene-check"] details').first()
  await firstFound.locator('summary').click()
  await expect(firstFound.locator('.check-fix')).toBeVisible()
  await page.screenshot({ path: 'test-results/runway-hygiene.png' })

  await page.getByRole('tab', { name: /Scenarios/ }).click()
  await expect(page.getByTestId('scenario-base')).toBeVisible()
  await expect(page.getByTestId('scenario-delta')).toHaveText('±0 days')
  await expect(page.getByTestId('scenario-gap')).toHaveText('No gap either way')
  // A one-off expense bigger than the cash opens a gap in the scenario, not in the base.
  const view = await runway(page, companyId)
  await page.getByRole('radio', { name: 'Extra expense' }).click()
  await page.getByTestId('scenario-amount').fill(String(Math.ceil(view.cashCents / 100) + 50_000))
  await page.getByTestId('scenario-date').fill(addDays(view.asOf, 10))
  await page.getByTestId('add-change').click()
  await expect(page.getByTestId('scenario-change')).toHaveCount(1)
  await expect(page.getByTestId('scenario-side')).toContainText('Cash runs out')
  await expect(page.getByTestId('scenario-base')).toContainText('No cash gap')
  await expect(page.getByTestId('scenario-gap')).toHaveText('New cash gap')
  await expect(page.getByTestId('scenario-delta')).toHaveText(/^(−\d+ days?|New cash gap)$/)
  await expect(page.locator('.chart-line')).toHaveCount(2)
  await page.screenshot({ path: 'test-results/runway-scenario.png' })
})

test.describe('with the sandbox’s control plane', () => {
  // The built web host's sandbox has none: this host runs from source with the full sandbox.
  test.use({ controlPlane: true })

  test('offline, a payment waits as pending, sync says so, and it goes out when QuickBooks is back', async ({
    page,
    host
  }) => {
    // Slow by the core's design today: a user action retries with backoff for about a minute before it
    // is queued (see the report to the lead); the rest of this test takes seconds.
    test.setTimeout(180_000)
    const companyId = await openDemoCompany(page, host, /Brightline/)
    // The test drive's sandbox: its control plane can take QuickBooks away and give it back.
    const db = openDataFolder(host.dataDir, { readonly: true })
    const apiBase = db
      .prepare('select api_base_url from companies where id = ?')
      .pluck()
      .get(companyId) as string
    db.close()
    const sandbox = new URL(apiBase).origin
    const outage = (on: boolean) =>
      fetch(`${sandbox}/_sandbox/outage`, {
        method: on ? 'POST' : 'DELETE',
        headers: { 'content-type': 'application/json' },
        ...(on ? { body: JSON.stringify({ mode: 'reset' }) } : {})
      })

    await page.getByRole('tab', { name: /Console/ }).click()
    const bill = page.getByTestId('bills-must-pay').getByTestId('bill-row').first()
    const billId = (await bill.getAttribute('data-bill-id'))!
    const row = page.locator(`[data-testid="bill-row"][data-bill-id="${billId}"]`)
    expect((await outage(true)).ok).toBe(true)
    await bill.getByRole('button', { name: /^Pay / }).click()
    await page.getByTestId('confirm-pay').click()
    // The dialog says the wait is QuickBooks', not the app's, while the core retries.
    await expect(page.getByTestId('pay-slow')).toBeVisible({ timeout: 15_000 })
    await expect(page.getByTestId('pay-dialog')).toBeHidden({ timeout: 100_000 })
    await expect(page.getByTestId('notice').filter({ hasText: 'Working offline' })).toBeVisible()
    await expect(row).toContainText('Pending sync')
    await expect(row.getByRole('button', { name: /^Pay / })).toBeDisabled()
    await expect(page.getByTestId('outbox-count')).toContainText('1 pending')

    // A reminder waits too, and its invoice says so until it has gone: no second one meanwhile.
    const sendable = page.getByTestId('invoice-row').filter({ hasText: 'reminder due' })
    const invoiceId = (await sendable.first().getAttribute('data-invoice-id'))!
    const invoice = page.locator(`[data-testid="invoice-row"][data-invoice-id="${invoiceId}"]`)
    await invoice.getByRole('button', { name: /Send reminder/ }).click()
    await expect(invoice.getByTestId('reminder-result')).toContainText('Queued', { timeout: 100_000 })
    await expect(invoice).toContainText('Waiting for QuickBooks')
    await expect(invoice.getByRole('button', { name: /Send reminder/ })).toBeDisabled()
    await expect(page.getByTestId('outbox-count')).toContainText('2 pending')
    await invoice.scrollIntoViewIfNeeded()
    await page.screenshot({ path: 'test-results/runway-offline-reminder.png' })

    await page.getByTestId('sync-now').click()
    await expect(page.getByTestId('sync-failure')).toContainText('Working offline', { timeout: 30_000 })
    await page.screenshot({ path: 'test-results/runway-offline.png' })
    // The overview keeps the last complete sync's figures and says they are stale, and why.
    await page.getByRole('tab', { name: /Overview/ }).click()
    await expect(page.getByTestId('stale-note')).toContainText('the last complete sync')
    await page.screenshot({ path: 'test-results/runway-stale.png' })
    await page.getByRole('tab', { name: /Console/ }).click()

    expect((await outage(false)).ok).toBe(true)
    await page.getByTestId('sync-now').click()
    await expect(row).toHaveCount(0, { timeout: 30_000 })
    // The payment that waited is confirmed, and the notice that said it was queued is gone.
    await expect(
      page
        .getByTestId('notice')
        .filter({ hasText: /^Sent to QuickBooks: / })
        .first()
    ).toBeVisible()
    await expect(page.getByTestId('notice').filter({ hasText: 'Working offline' })).toHaveCount(0)
    await expect(invoice).toContainText('1 reminder sent')
    await expect(invoice).not.toContainText('Waiting for QuickBooks')
    await expect(page.getByTestId('outbox-count')).toHaveCount(0)
    await expect(page.getByTestId('sync-failure')).toHaveCount(0)
    await page.getByRole('tab', { name: /Overview/ }).click()
    await expect(page.getByTestId('headline')).toBeVisible()
    await expect(page.getByTestId('stale-note')).toHaveCount(0)
  })
})
