// The Settings screen: each section saves its own settings, refuses what is wrong with a message at
// the field (Enter submits), and what it saved is there after the web host restarts on the same data
// folder; "Open logs" says where the logs are (the browser cannot open a folder).

import { expect, type Page } from '@playwright/test'
import { join } from 'node:path'
import type { RunwayBridge } from '../../src/shared/contract'
import { startHost, test } from './web-host'

declare const window: { runway: RunwayBridge }

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
  await expect(page.getByTestId('settings-page')).toBeVisible()
}

test('settings are validated, saved per section and kept across a restart', async ({ page, host }) => {
  await page.goto(host.url)
  await openSettings(page)

  // Syncing: a number out of range is refused at its field; Enter saves the corrected form.
  const sync = page.getByTestId('sync-form')
  await sync.getByTestId('setting-scheduledSyncMinutes').fill('2')
  await sync.getByRole('button', { name: 'Save' }).click()
  await expect(sync.getByRole('alert')).toHaveText('Enter minutes from 5 to 1440')
  await expect(sync.getByTestId('setting-scheduledSyncMinutes')).toHaveAttribute('aria-invalid', 'true')
  await sync.getByTestId('setting-scheduledSyncMinutes').fill('30')
  await sync.getByTestId('setting-scheduledSyncMinutes').press('Enter')
  await expect(sync.getByRole('alert')).toHaveCount(0)
  await expect(page.getByTestId('notice').filter({ hasText: 'Settings saved' })).toBeVisible()

  // The digest's day and time.
  const digest = page.getByTestId('digest-form')
  await digest.getByTestId('setting-digestWeekday').selectOption({ label: 'Monday' })
  await digest.getByTestId('setting-digestTime').fill('7:5')
  await digest.getByTestId('setting-digestTime').press('Enter')
  await expect(digest.getByRole('alert')).toContainText('24-hour clock')
  await digest.getByTestId('setting-digestTime').fill('7:45')
  await digest.getByTestId('setting-digestTime').press('Enter')
  await expect(digest.getByTestId('setting-digestTime')).toHaveValue('07:45')

  // Status bands must rise.
  const bands = page.getByTestId('bands-form')
  await bands.getByTestId('setting-warning').fill('10')
  await bands.getByTestId('setting-warning').press('Enter')
  await expect(bands.getByRole('alert')).toHaveText("Must be more than critical's 21 days")
  await bands.getByTestId('setting-warning').fill('45')
  await bands.getByTestId('setting-warning').press('Enter')
  await expect(bands.getByRole('alert')).toHaveCount(0)

  // The default minimum cash, in dollars.
  const minCash = page.getByTestId('min-cash-form')
  await minCash.getByTestId('setting-defaultMinCashCents').fill('five grand')
  await minCash.getByTestId('setting-defaultMinCashCents').press('Enter')
  await expect(minCash.getByRole('alert')).toContainText('Enter an amount in dollars')
  await minCash.getByTestId('setting-defaultMinCashCents').fill('5,000')
  await minCash.getByTestId('setting-defaultMinCashCents').press('Enter')
  await expect(minCash.getByRole('alert')).toHaveCount(0)

  // A reminder message cannot be emptied.
  const reminders = page.getByTestId('reminders-form')
  await reminders.getByTestId('setting-gentle').fill('   ')
  await reminders.getByRole('button', { name: 'Save' }).click()
  await expect(reminders.getByRole('alert')).toContainText('Write a message')
  await reminders.getByTestId('setting-gentle').fill('Dear {customer}, {total} is overdue.')
  await reminders.getByRole('button', { name: 'Save' }).click()
  await expect(reminders.getByRole('alert')).toHaveCount(0)

  await page.getByRole('radio', { name: 'Dark' }).click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')

  // Open logs: the browser preview names the folder.
  await page.getByTestId('open-logs').click()
  await expect(page.getByTestId('logs-path')).toHaveText(`The logs are in ${join(host.dataDir, 'logs')}`)

  await expect
    .poll(async () =>
      page.evaluate(async () => {
        const r = await window.runway.settings.get()
        if (!r.ok) throw new Error(r.error.message)
        return r.value
      })
    )
    .toMatchObject({
      scheduledSyncMinutes: 30,
      digestWeekday: 1,
      digestTime: '07:45',
      statusBands: { critical: 21, warning: 45, healthy: 120 },
      defaultMinCashCents: 500_000,
      theme: 'dark'
    })
  await host.stop()

  const again = await startHost(host.dataDir)
  try {
    await page.goto(again.url)
    await openSettings(page)
    await expect(page.getByTestId('setting-scheduledSyncMinutes')).toHaveValue('30')
    await expect(page.getByTestId('setting-digestWeekday')).toHaveValue('1')
    await expect(page.getByTestId('setting-digestTime')).toHaveValue('07:45')
    await expect(page.getByTestId('setting-warning')).toHaveValue('45')
    await expect(page.getByTestId('setting-defaultMinCashCents')).toHaveValue('5,000')
    await expect(page.getByTestId('setting-gentle')).toHaveValue('Dear {customer}, {total} is overdue.')
    await expect(page.getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true')
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  } finally {
    await again.stop()
  }
})
