// The Activity screen: a payment made in the console is in the audit trail with who, when and the
// runway before and after; the syncs the test drive ran are in the history; the client filter keeps
// to one client.

import { expect } from '@playwright/test'
import { test } from './web-host'

test('a payment made in the console is listed in Activity, with the syncs, filterable by client', async ({
  page,
  host
}) => {
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  const row = page.getByTestId('portfolio-row').filter({ hasText: /Brightline/ })
  const name = (await row.getByRole('button').first().innerText()).split('\n')[0]!.trim()
  await row.getByRole('button').first().click()
  await page.getByRole('tab', { name: /Console/ }).click()
  const bill = page.getByTestId('bills-must-pay').getByTestId('bill-row').first()
  await expect(bill).toBeVisible()
  await bill.getByRole('button', { name: /^Pay / }).click()
  const dialog = page.getByTestId('pay-dialog')
  await expect(dialog.getByTestId('pay-impact')).toContainText('Runway now')
  await dialog.getByTestId('confirm-pay').click()
  const paid = page.getByTestId('notice').filter({ hasText: /^Paid / })
  await expect(paid).toBeVisible()
  const vendor = /^Paid (.+?) \$/.exec(await paid.innerText())![1]!

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Activity' }).click()
  const audit = page.getByTestId('activity-audit')
  const payment = audit.locator('[data-testid="audit-row"][data-action="bill.paid"]')
  await expect(payment).toHaveCount(1)
  await expect(payment).toContainText(name)
  await expect(payment).toContainText(vendor)
  await expect(payment).toContainText('→')
  await expect(audit.locator('[data-testid="audit-row"][data-action="company.connected"]')).toHaveCount(3)

  // Three first syncs (the test drive's), then the one after the payment, all of them fine.
  const syncs = page.getByTestId('activity-syncs').getByTestId('sync-row')
  await expect.poll(() => syncs.count()).toBeGreaterThanOrEqual(3)
  await expect(page.locator('[data-testid="sync-row"][data-ok="false"]')).toHaveCount(0)
  await expect(page.getByTestId('activity-outbox')).toContainText('Nothing waiting')

  // One client: only its entries, and no client column.
  await page.getByTestId('activity-company').selectOption({ label: name })
  await expect(audit.locator('[data-testid="audit-row"][data-action="company.connected"]')).toHaveCount(1)
  await expect(payment).toHaveCount(1)
  await expect(audit.getByRole('columnheader', { name: 'Client' })).toHaveCount(0)
  await page.getByTestId('activity-company').selectOption({ label: 'All clients' })
  await expect(audit.locator('[data-testid="audit-row"][data-action="company.connected"]')).toHaveCount(3)
})
