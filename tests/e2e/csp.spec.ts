// The renderer lives under a CSP with no inline styles or scripts (issue 18 item 5): every screen
// of the test drive renders without a single violation (its computed widths and the chart's
// tooltip are set through the DOM's style object, which the policy allows).

import { expect } from '@playwright/test'
import { test } from './web-host'

test('no screen breaks the Content-Security-Policy', async ({ page, host }) => {
  const violations: string[] = []
  await page.addInitScript(() => {
    const g = globalThis as unknown as {
      cspViolations: string[]
      document: {
        addEventListener(
          type: string,
          listener: (e: { violatedDirective: string; blockedURI: string }) => void
        ): void
      }
    }
    g.cspViolations = []
    g.document.addEventListener('securitypolicyviolation', (e) =>
      g.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`)
    )
  })
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text())
  })
  await page.goto(host.url)
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(csp).toContain("style-src 'self';")
  await page.getByRole('button', { name: 'Take a test drive' }).click()
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  const clients = page
    .getByRole('complementary', { name: 'Navigation' })
    .getByRole('list')
    .getByRole('button')
  for (let i = 0; i < 3; i++) {
    await clients.nth(i).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      (await clients.nth(i).getAttribute('title')) ?? ''
    )
    const chart = page.locator('svg').first()
    if (await chart.isVisible()) await chart.hover()
  }
  for (const screen of ['Activity', 'Settings', 'Portfolio']) {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(screen)
  }
  const inPage = await page.evaluate(
    () => (globalThis as unknown as { cspViolations: string[] }).cspViolations
  )
  expect([...violations, ...inPage]).toEqual([])
})
