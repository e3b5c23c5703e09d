// Every screen — the portfolio, each tab of a client, Digests, Activity and Settings — in the light and the
// dark theme at 1440×900 and 1024×700: a full-page screenshot of each under
// test-results/screens/ (kept as artifacts, looked at by people), nothing wider than the window
// unless it is a table that scrolls on its own, and an axe-core scan with no serious or critical
// violation.

import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { test } from './web-host'

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 }
] as const
const THEMES = ['light', 'dark'] as const
const TABS = ['Overview', 'Forecast', 'Console', 'Hygiene', 'Scenarios'] as const

async function settle(page: Page): Promise<void> {
  await expect(page.locator('.spinner, [aria-busy="true"]')).toHaveCount(0, { timeout: 15_000 })
}

async function check(
  page: Page,
  name: string,
  size: { width: number },
  theme: string,
  problems: string[]
): Promise<void> {
  await settle(page)
  // The page itself never scrolls sideways: only a table's own scroller may.
  const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth)
  if (overflow > 0) problems.push(`${name} at ${size.width}: ${overflow}px wider than the window`)
  // The content scrolls inside the frame; for the picture the frame grows to show all of it.
  const frame = (grow: boolean) =>
    page.locator('.layout').evaluate((element, on) => {
      type Styled = { style: { height: string; overflow: string } }
      const layout = element as unknown as Styled & { querySelector(s: string): Styled | null }
      const content = layout.querySelector('.content')
      layout.style.height = on ? 'auto' : ''
      if (content) content.style.overflow = on ? 'visible' : ''
    }, grow)
  await frame(true)
  await page.screenshot({ path: `test-results/screens/${theme}-${size.width}-${name}.png`, fullPage: true })
  await frame(false)
  const results = await new AxeBuilder({ page }).analyze()
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    const where = v.nodes
      .slice(0, 6)
      .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
    problems.push(`${name} at ${size.width}: ${v.id} (${v.impact}) ${v.help}: ${where.join(' | ')}`)
  }
}

for (const theme of THEMES) {
  test(`every screen in the ${theme} theme, at 1440×900 and 1024×700, passes axe`, async ({ page, host }) => {
    test.setTimeout(240_000)
    await page.emulateMedia({ colorScheme: theme })
    await page.goto(host.url)
    await page.getByRole('button', { name: 'Take a test drive' }).click()
    await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
    const nav = page.getByRole('navigation', { name: 'Screens' })
    const problems: string[] = []
    for (const size of SIZES) {
      await page.setViewportSize(size)
      await nav.getByRole('button', { name: 'Portfolio' }).click()
      await expect(page.getByTestId('portfolio-row')).toHaveCount(3)
      await check(page, 'portfolio', size, theme, problems)

      await page.getByTestId('portfolio-row').first().getByRole('button').first().click()
      for (const tab of TABS) {
        await page.getByRole('tab', { name: new RegExp(tab) }).click()
        await check(page, `company-${tab.toLowerCase()}`, size, theme, problems)
      }

      await nav.getByRole('button', { name: 'Digests' }).click()
      // A Monday: the test drive's first digests are made on Friday, and the screen says when.
      await expect(page.getByTestId('digests-empty')).toBeVisible()
      await check(page, 'digests', size, theme, problems)

      await nav.getByRole('button', { name: 'Activity' }).click()
      await expect(page.getByTestId('sync-row').first()).toBeVisible()
      await check(page, 'activity', size, theme, problems)

      await nav.getByRole('button', { name: 'Settings' }).click()
      await expect(page.getByTestId('sync-form')).toBeVisible()
      await check(page, 'settings', size, theme, problems)
    }
    expect(problems).toEqual([])
  })
}
