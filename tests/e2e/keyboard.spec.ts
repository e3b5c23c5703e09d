// The keyboard: Ctrl-K jumps to a client, "g p" / "g a" / "g s" open the screens, "r" syncs the
// client on screen, "?" lists the shortcuts; in a dialog Enter does what its main button says
// (a payment from the amount field; the add-client dialog's next step) and Escape closes it.

import { expect } from '@playwright/test'
import type { RunwayBridge } from '../../src/shared/contract'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

test('shortcuts move between screens, jump to a client, sync it and list themselves', async ({
  page,
  host
}) => {
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  const heading = page.getByRole('heading', { level: 1 })

  await page.keyboard.press('g')
  await page.keyboard.press('s')
  await expect(heading).toHaveText('Settings')
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  await expect(heading).toHaveText('Activity')
  await page.keyboard.press('g')
  await page.keyboard.press('p')
  await expect(heading).toHaveText('Portfolio')

  // Ctrl-K: type part of the name, Enter opens the client.
  await page.keyboard.press('Control+k')
  const jumper = page.getByTestId('client-jumper')
  await expect(jumper).toBeVisible()
  await page.keyboard.type('north')
  await expect(jumper.getByRole('option')).toHaveCount(1)
  await page.keyboard.press('Enter')
  await expect(jumper).toBeHidden()
  await expect(heading).toHaveText(/Northwind/)

  // "r" syncs the client on screen: its history has one more sync.
  const syncs = () =>
    page.evaluate(async () => {
      const r = await window.runway.sync.history()
      if (!r.ok) throw new Error(r.error.message)
      return r.value.length
    })
  const before = await syncs()
  await page.keyboard.press('r')
  await expect.poll(syncs).toBe(before + 1)
  await expect(page.getByTestId('sync-now')).toBeEnabled()

  // Keys typed into a field are the field's.
  await page.keyboard.press('g')
  await page.keyboard.press('s')
  await page.getByTestId('setting-digestTime').fill('')
  await page.getByTestId('setting-digestTime').press('g')
  await page.getByTestId('setting-digestTime').press('p')
  await expect(heading).toHaveText('Settings')

  // "?" lists them; Escape closes.
  await page.getByRole('heading', { level: 1 }).click()
  await page.keyboard.press('?')
  const help = page.getByTestId('shortcuts-dialog')
  await expect(help).toBeVisible()
  await expect(help).toContainText('Jump to a client')
  await expect(help).toContainText('Go to the portfolio')
  await page.keyboard.press('Escape')
  await expect(help).toBeHidden()
})

test('Enter submits a dialog from any field, Escape closes it', async ({ page, host }) => {
  await page.goto(host.url)
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })

  // The add-client dialog: with no Intuit keys yet, Enter goes where its main button says.
  await page.getByTestId('sidebar-add-client').click()
  const connect = page.getByTestId('connect-dialog')
  await expect(connect).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(connect).toBeHidden()
  await page.getByTestId('sidebar-add-client').click()
  await expect(connect).toBeVisible()
  await connect.getByRole('heading').click()
  await page.keyboard.press('Enter')
  await expect(connect).toBeHidden()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings')

  // A payment from the amount field.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Portfolio' }).click()
  await page
    .getByTestId('portfolio-row')
    .filter({ hasText: /Brightline/ })
    .getByRole('button')
    .first()
    .click()
  await page.getByRole('tab', { name: /Console/ }).click()
  const bill = page.getByTestId('bills-must-pay').getByTestId('bill-row').first()
  const billId = (await bill.getAttribute('data-bill-id'))!
  await bill.getByRole('button', { name: /^Pay / }).click()
  const dialog = page.getByTestId('pay-dialog')
  await expect(dialog.getByTestId('pay-account').locator('option')).not.toHaveCount(0)
  await dialog.getByTestId('pay-amount').press('Enter')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice').filter({ hasText: /^Paid / })).toBeVisible()
  await expect(page.locator(`[data-testid="bill-row"][data-bill-id="${billId}"]`)).toHaveCount(0)
})
