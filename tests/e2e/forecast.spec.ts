// The forecast tab in the browser preview: the weekly table reconciles with the core's forecast,
// every figure opens the items that make it and they add up to it, the CSV downloads, and the chart
// says what it shows (bars coloured by where the week closes, the minimum, the cash-zero day, the
// items of the week in its tooltip). Saves screenshots of the tab at 1280 and 800 wide and in dark.

import { expect, type Locator, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import type { RunwayBridge } from '../../src/shared/contract'
import type { ForecastTableView, RunwayView } from '../../src/shared/views'
import { test, type TestHost } from './web-host'

declare const window: { runway: RunwayBridge }

async function core<T>(page: Page, channel: 'runway.get' | 'forecast.table', companyId: string): Promise<T> {
  return page.evaluate(
    async ([ch, id]) => {
      const r =
        ch === 'runway.get'
          ? await window.runway.runway.get({ companyId: id })
          : await window.runway.forecast.table({ companyId: id })
      if (!r.ok) throw new Error(r.error.message)
      return r.value
    },
    [channel, companyId] as const
  ) as Promise<T>
}

/** The test drive, a minimum cash for `name`, and its forecast tab open. */
async function openForecast(page: Page, host: TestHost, name: RegExp, minCashCents: number): Promise<string> {
  await page.goto(host.url)
  await expect(page.getByTestId('empty-portfolio')).toBeVisible()
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  const row = page.getByTestId('portfolio-row').filter({ hasText: name })
  const companyId = (await row.getAttribute('data-company-id'))!
  await page.evaluate(
    async ([id, cents]) => {
      const r = await window.runway.runway.setMinCash({ companyId: id, minCashCents: cents })
      if (!r.ok) throw new Error(r.error.message)
    },
    [companyId, minCashCents] as const
  )
  await row.getByRole('button').first().click()
  await page.getByRole('tab', { name: 'Forecast' }).click()
  await expect(page.getByTestId('forecast-table')).toBeVisible()
  return companyId
}

const cents = async (el: Locator): Promise<number> => Number(await el.getAttribute('data-cents'))

async function expectItemsAddUp(page: Page, cell: Locator): Promise<number> {
  const value = await cents(cell)
  await cell.getByRole('button').click()
  const dialog = page.getByTestId('cell-items')
  await expect(dialog).toBeVisible()
  const items = dialog.getByTestId('cell-item')
  const n = await items.count()
  expect(n).toBeGreaterThan(0)
  let sum = 0
  for (let i = 0; i < n; i += 1) sum += await cents(items.nth(i))
  expect(sum).toBe(value)
  expect(await cents(dialog.getByTestId('cell-items-total'))).toBe(value)
  return n
}

/** The open cell's items hold one for `name` that says `note`. */
async function expectItemNote(page: Page, name: string, note: string): Promise<void> {
  await expect(
    page.getByTestId('cell-item').filter({ hasText: name }).filter({ hasText: note })
  ).not.toHaveCount(0)
}

const cell = (page: Page, rowId: string, week: number): Locator =>
  page.locator(`[data-testid="forecast-cell"][data-row="${rowId}"][data-week="${week}"]`)

test('the weekly table reconciles, opens the items behind a figure and downloads as CSV', async ({
  page,
  host
}) => {
  const companyId = await openForecast(page, host, /Redwood/, 2_000_000)
  const view = await core<RunwayView>(page, 'runway.get', companyId)
  const table = await core<ForecastTableView>(page, 'forecast.table', companyId)

  // Thirteen weeks across; the closing row is the forecast's closing cash, week for week.
  await expect(page.getByTestId('forecast-table').locator('thead th')).toHaveCount(15)
  for (let w = 0; w < 13; w += 1) {
    expect(await cents(cell(page, 'closing', w))).toBe(view.forecast[w]!.endingCashCents)
    const opening = await cents(cell(page, 'opening', w))
    const net = await cents(cell(page, 'net', w))
    expect(opening + net).toBe(view.forecast[w]!.endingCashCents)
  }

  // The biggest bills cell: its items are bills, and they add up to it.
  const bills = table.rows.find((r) => r.id === 'out:bills')!
  const week = bills.cells.indexOf(Math.max(...bills.cells))
  await expectItemsAddUp(page, cell(page, 'out:bills', week))
  await expect(page.getByTestId('cell-item').first()).toContainText('Bill')
  await page.screenshot({ path: 'test-results/forecast-cell-items.png' })
  await page.getByTestId('cell-items').getByRole('button', { name: 'Close' }).last().click()
  await expect(page.getByTestId('cell-items')).toHaveCount(0)

  // A customer's line under collections, once the lines are shown; and a week's net cash flow,
  // money in less money out.
  await page.getByTestId('forecast-expand-all').click()
  const customer = table.rows.find((r) => r.parentId === 'in:collections')!
  const customerWeek = customer.cells.findIndex((c) => c !== 0)
  await expectItemsAddUp(page, cell(page, customer.id, customerWeek))
  await page.keyboard.press('Escape')
  // The biggest collections cell: each invoice's money is spread over its customer's payment days,
  // and the item says which part of it falls here.
  const collections = table.rows.find((r) => r.id === 'in:collections')!
  const collectionsWeek = collections.cells.indexOf(Math.max(...collections.cells))
  await expectItemsAddUp(page, cell(page, 'in:collections', collectionsWeek))
  await expect(
    page
      .getByTestId('cell-item')
      .filter({ hasText: "spread over when this customer's invoices have been paid" })
  ).not.toHaveCount(0)
  await page.screenshot({ path: 'test-results/forecast-collections-items.png' })
  await page.keyboard.press('Escape')
  await expectItemsAddUp(page, cell(page, 'net', 0))
  await page.keyboard.press('Escape')
  // Closing cash: the week's opening and everything in and out.
  await expectItemsAddUp(page, cell(page, 'closing', 2))
  await expect(page.getByTestId('cell-item').first()).toContainText('Opening cash')
  await page.keyboard.press('Escape')
  // Week 1 opens on the bank balances.
  await expectItemsAddUp(page, cell(page, 'opening', 0))
  await page.keyboard.press('Escape')

  // The CSV: a header of week start dates, one row per table row, dollars with two decimals.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('forecast-csv').click()
  ])
  expect(download.suggestedFilename()).toMatch(
    /^Redwood Events & Catering 13-week forecast \d{4}-\d{2}-\d{2}\.csv$/
  )
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '')
  const lines = csv.trimEnd().split('\r\n')
  expect(lines[0]).toBe(['Week starting', ...table.weeks.map((w) => w.weekStart)].join(','))
  expect(lines).toHaveLength(table.rows.length + 1)
  expect(lines.find((l) => l.startsWith('Closing cash,'))).toBe(
    [
      'Closing cash',
      ...table.rows.find((r) => r.id === 'closing')!.cells.map((c) => (c / 100).toFixed(2))
    ].join(',')
  )
})

test('a bill partly paid by card says how much of it leaves the bank', async ({ page, host }) => {
  const companyId = await openForecast(page, host, /Northwind/, 0)
  const table = await core<ForecastTableView>(page, 'forecast.table', companyId)
  // The agency puts a quarter of its odd vendors' bills on the card.
  const item = table.items.find((it) => it.kind === 'bill' && it.bankShare < 1)
  if (!item || item.kind !== 'bill') throw new Error('no bill of a vendor partly paid by card')
  expect(item.amountCents).toBe(Math.round(item.openCents * item.bankShare))
  await expectItemsAddUp(page, cell(page, 'out:bills', item.week))
  await expectItemNote(
    page,
    item.vendorName,
    "from the bank: you pay the rest of this vendor's bills by card"
  )
  await page.screenshot({ path: 'test-results/forecast-bill-by-card.png' })
})

test("a customer's check counts on the company's deposit day, and its item says so", async ({
  page,
  host
}) => {
  const companyId = await openForecast(page, host, /Brightline/, 0)
  const table = await core<ForecastTableView>(page, 'forecast.table', companyId)
  // The consultancy takes its checks to the bank on Mondays.
  const item = table.items.find((it) => it.kind === 'invoice' && it.deposited)
  if (!item || item.kind !== 'invoice') throw new Error('no invoice counted on a deposit day')
  expect(new Date(`${item.date}T12:00:00Z`).getUTCDay()).toBe(1)
  await expectItemsAddUp(page, cell(page, 'in:collections', item.week))
  await expectItemNote(page, item.customerName, 'in the bank with your deposit after it is paid')
  await page.screenshot({ path: 'test-results/forecast-deposit-day.png' })
})

test('the chart colours a week by where it closes, marks the minimum and cash zero, and names what moved a week', async ({
  page,
  host
}) => {
  const companyId = await openForecast(page, host, /Redwood/, 2_000_000)
  const view = await core<RunwayView>(page, 'runway.get', companyId)
  const chart = page.getByTestId('forecast-chart')
  const weeks = chart.getByTestId('forecast-week')
  await expect(weeks).toHaveCount(13)
  for (let w = 0; w < 13; w += 1) {
    const closing = view.forecast[w]!.endingCashCents
    const tone = closing < 0 ? 'bad' : closing < 2_000_000 ? 'warn' : 'ok'
    await expect(weeks.nth(w)).toHaveAttribute('data-tone', tone)
  }
  await expect(chart.getByTestId('chart-min-line')).toContainText('Minimum')
  const legend = chart.getByTestId('chart-legend')
  for (const key of [
    'Closing cash',
    'Closes below the minimum',
    'Closes below zero',
    'Lowest point in the week',
    'Minimum cash'
  ])
    await expect(legend).toContainText(key)
  if (view.cashZeroDate) {
    await expect(chart.getByTestId('chart-cash-zero')).toHaveAttribute('data-date', view.cashZeroDate)
    await expect(legend).toContainText('Cash runs out')
  }

  // The minimum's label sits in the margin, clear of every bar.
  const label = await chart.getByTestId('chart-min-line').locator('text').first().boundingBox()
  for (const bar of await chart.locator('rect.bar').all()) {
    const b = (await bar.boundingBox())!
    expect(label!.x >= b.x + b.width || label!.x + label!.width <= b.x).toBe(true)
  }

  // The tooltip names what moved the week: the largest line of the week's money out is in it.
  const table = await core<ForecastTableView>(page, 'forecast.table', companyId)
  const lines = table.rows.filter((r) => r.kind === 'line' && r.id.startsWith('out:'))
  const biggest = lines.sort((a, b) => b.cells[0]! - a.cells[0]!)[0]!
  await weeks.nth(0).hover()
  const tip = page.getByTestId('chart-tip')
  await expect(tip).toContainText('Money out')
  await expect(tip).toContainText(biggest.label)
  await page.screenshot({ path: 'test-results/forecast-chart-tooltip.png' })
})

test('screenshots of the forecast tab: 1280 and 800 wide, light and dark', async ({ page, host }) => {
  // What the tab shows first at each size, then the whole table (a tall window, so none of it is cut).
  const shoot = async (name: string, width: number) => {
    await page.setViewportSize({ width, height: 800 })
    await page.getByTestId('forecast-chart-card').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `test-results/forecast-${name}.png` })
    await page.setViewportSize({ width, height: 2200 })
    await page
      .getByTestId('forecast-table-card')
      .screenshot({ path: `test-results/forecast-table-${name}.png` })
  }
  await page.emulateMedia({ colorScheme: 'light' })
  await openForecast(page, host, /Brightline/, 5_000_000)
  await page.getByTestId('forecast-expand-all').click()
  await shoot('1280-light', 1280)
  await shoot('800-light', 800)
  await page.emulateMedia({ colorScheme: 'dark' })
  await shoot('1280-dark', 1280)
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.getByRole('tab', { name: 'Overview' }).click()
  await expect(page.getByTestId('forecast-chart')).toBeVisible()
  await page
    .getByTestId('forecast-card')
    .screenshot({ path: 'test-results/forecast-overview-chart-dark.png' })
})
