// One reminder per customer in the browser preview: the console lists it, the preview shows exactly
// what QuickBooks will be asked to send, Send sends it, and the button stays off afterwards.

import { expect } from '@playwright/test'
import type { CustomerReminderPreview, CustomerReminderRow } from '../../src/shared/collections'
import type { RunwayBridge } from '../../src/shared/contract'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

test('preview → send → the customer’s button is disabled after', async ({ page, host }) => {
  await page.goto(host.url)
  // The demo company with a customer whose reminder can go now.
  const found = await page.evaluate(async () => {
    const started = await window.runway.testDrive.start()
    if (!started.ok) throw new Error(started.error.message)
    for (const company of started.value) {
      const rows = await window.runway.collections.customers({ companyId: company.id })
      if (!rows.ok) throw new Error(rows.error.message)
      const row = rows.value.find((r) => r.state.action === 'send')
      if (row) return { companyId: company.id, name: company.name, row }
    }
    return null
  })
  expect(found).not.toBeNull()
  const { companyId, name, row } = found as { companyId: string; name: string; row: CustomerReminderRow }

  const company = page.getByTestId('portfolio-row').filter({ hasText: name })
  await expect(company).toHaveCount(1, { timeout: 30_000 })
  await company.getByRole('button').first().click()
  await expect(page.getByTestId('headline')).toBeVisible()
  await page.getByRole('tab', { name: /Console/ }).click()

  const line = page.locator(`[data-testid="customer-reminder-row"][data-customer-id="${row.customerId}"]`)
  await expect(line).toBeVisible()
  await expect(line.getByTestId('customer-reminder-state')).toContainText('due now')
  const send = line.getByRole('button', { name: `Remind ${row.customerName}` })
  await expect(send).toBeEnabled()

  const preview = (await page.evaluate(
    async ({ companyId, customerId }) => {
      const r = await window.runway.collections.preview({ companyId, customerId })
      if (!r.ok) throw new Error(r.error.message)
      return r.value
    },
    { companyId, customerId: row.customerId }
  )) as CustomerReminderPreview
  await line.getByRole('button', { name: `Preview the reminder to ${row.customerName}` }).click()
  const dialog = page.getByTestId('reminder-preview')
  await expect(dialog.getByTestId('preview-to')).toHaveText(preview.to!)
  await expect(dialog.getByTestId('preview-subject')).toHaveText(preview.subject)
  await expect(dialog.getByTestId('preview-body')).toHaveText(preview.body)
  for (const invoice of row.invoices)
    await expect(dialog.getByTestId('preview-body')).toContainText(
      `Invoice ${invoice.docNumber ?? invoice.invoiceId},`
    )

  await dialog.getByTestId('reminder-preview-send').click()
  await expect(dialog).toBeHidden()
  await expect(line.getByTestId('customer-reminder-state')).toContainText('Next reminder')
  await expect(send).toBeDisabled()
  await expect(
    line.getByRole('button', { name: `Preview the reminder to ${row.customerName}` })
  ).toBeDisabled()

  // The core refuses another, whatever the screen shows.
  const again = await page.evaluate(
    async ({ companyId, customerId }) => window.runway.collections.remindCustomer({ companyId, customerId }),
    { companyId, customerId: row.customerId }
  )
  expect(again).toMatchObject({ ok: false, error: { kind: 'conflict' } })
})
