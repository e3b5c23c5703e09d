// The bookkeeper's word in the browser preview: an invoice expected on a date from its row, a
// recurring outflow dismissed from the overview; both reach the forecast at once.

import { expect, type Page } from '@playwright/test'
import type { RunwayBridge } from '../../src/shared/contract'
import type { InvoiceRow, RunwayView } from '../../src/shared/views'
import { E2E_NOW, test } from './web-host'

declare const window: { runway: RunwayBridge }

const TODAY = E2E_NOW.slice(0, 10)

async function openRedwood(page: Page, url: string): Promise<string> {
  await page.goto(url)
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  const row = page.getByTestId('portfolio-row').filter({ hasText: /Redwood/ })
  await expect(row).toHaveCount(1, { timeout: 30_000 })
  const companyId = (await row.getAttribute('data-company-id'))!
  await row.getByRole('button').first().click()
  await expect(page.getByTestId('headline')).toBeVisible()
  return companyId
}

async function runway(page: Page, companyId: string): Promise<RunwayView> {
  return page.evaluate(async (id) => {
    const r = await window.runway.runway.get({ companyId: id })
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }, companyId)
}

test('an invoice is expected on the date the bookkeeper gives, and a dismissed series leaves the forecast', async ({
  page,
  host
}) => {
  const companyId = await openRedwood(page, host.url)

  // Dismiss the landlord's rent: the overview says so and the forecast pays less.
  const before = await runway(page, companyId)
  const rent = page.getByTestId('recurring-row').filter({ hasText: 'Pearl District Properties' })
  await expect(rent).toContainText('Bills')
  await rent.getByTestId('recurring-dismiss').click()
  await expect(rent).toContainText('Dismissed')
  await expect(rent.getByTestId('recurring-undo')).toBeVisible()
  const after = await runway(page, companyId)
  const out = (r: RunwayView): number => r.forecast.reduce((s, w) => s + w.outflowCents, 0)
  expect(out(after)).toBeLessThan(out(before))

  // Expect an overdue invoice on a date: its row says so.
  await page.getByRole('tab', { name: /Console/ }).click()
  const row = page
    .getByTestId('invoice-row')
    .filter({ has: page.getByTestId('expect-open') })
    .first()
  const invoiceId = (await row.getAttribute('data-invoice-id'))!
  await row.getByTestId('expect-open').click()
  const dialog = page.getByTestId('expect-dialog')
  await expect(dialog).toBeVisible()
  const on = new Date(Date.parse(`${TODAY}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10)
  await dialog.getByTestId('expect-date').fill(on)
  await dialog.getByTestId('expect-confirm').click()
  await expect(dialog).toBeHidden()
  await expect(
    page.locator(`[data-invoice-id="${invoiceId}"]`).getByTestId('invoice-expected')
  ).toContainText('(your word)')
  const invoices = await page.evaluate(async (id) => {
    const r = await window.runway.invoices.list({ companyId: id })
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }, companyId)
  expect(invoices.find((i: InvoiceRow) => i.id === invoiceId)!.forecast).toMatchObject({
    expectedDate: on,
    dateBasis: 'expected-on'
  })
  await page.screenshot({ path: 'test-results/expectations-console.png' })
})
