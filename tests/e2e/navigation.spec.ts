// The app's screens from the sidebar: portfolio, a client, activity and settings, each with its
// title, the current one marked; the theme setting turns the page dark and survives a restart.

import { expect } from '@playwright/test'
import { startHost, test } from './web-host'

test('the sidebar opens every screen and marks the one open', async ({ page, host }) => {
  await page.goto(host.url)
  const screens = page.getByRole('navigation', { name: 'Screens' })
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toHaveText('Portfolio')
  await expect(screens.getByRole('button', { name: 'Portfolio' })).toHaveAttribute('aria-current', 'page')

  await screens.getByRole('button', { name: 'Settings' }).click()
  await expect(heading).toHaveText('Settings')
  await expect(page.getByTestId('settings-page')).toBeVisible()
  await expect(page.getByTestId('data-dir')).toHaveText(host.dataDir)
  await expect(screens.getByRole('button', { name: 'Settings' })).toHaveAttribute('aria-current', 'page')
  await expect(screens.getByRole('button', { name: 'Portfolio' })).not.toHaveAttribute('aria-current')

  await screens.getByRole('button', { name: 'Activity' }).click()
  await expect(heading).toHaveText('Activity')
  await expect(page.getByTestId('activity-audit')).toBeVisible()

  await screens.getByRole('button', { name: 'Portfolio' }).click()
  await expect(page.getByTestId('empty-portfolio')).toBeVisible()
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })

  // A client's screens, then a screen of the navigation, then back: the client is no longer marked.
  const clients = page.getByRole('complementary', { name: 'Navigation' }).getByRole('list')
  const first = clients.getByRole('button').first()
  const name = (await first.getAttribute('title')) ?? ''
  await first.click()
  await expect(heading).toHaveText(name)
  await expect(first).toHaveAttribute('aria-current', 'page')
  await screens.getByRole('button', { name: 'Settings' }).click()
  await expect(heading).toHaveText('Settings')
  await expect(first).not.toHaveAttribute('aria-current')
})

test('the theme setting pins light or dark, and is kept across a restart', async ({ page, host }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.goto(host.url)
  const html = page.locator('html')
  await expect(html).not.toHaveAttribute('data-theme')
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
  await page.getByRole('radio', { name: 'Dark' }).click()
  await expect(html).toHaveAttribute('data-theme', 'dark')
  await expect(html).toHaveCSS('background-color', 'rgb(13, 19, 32)')
  await host.stop()

  const again = await startHost(host.dataDir)
  try {
    await page.goto(again.url)
    await expect(html).toHaveAttribute('data-theme', 'dark')
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
    await expect(page.getByRole('radio', { name: 'Dark' })).toHaveAttribute('aria-checked', 'true')
    await page.getByRole('radio', { name: 'As the system' }).click()
    await expect(html).not.toHaveAttribute('data-theme')
  } finally {
    await again.stop()
  }
})
