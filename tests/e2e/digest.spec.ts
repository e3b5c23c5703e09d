// Friday's close of the week in the browser preview: the portfolio fits a 1280-wide window, a
// client's Overview shows the weekly digest (what moved the runway, the tallies, the decisions),
// and a decision taken in the console joins the week's audit trail. Then the connect dialog's wait
// for the browser sign-in.

import { expect, type Page } from '@playwright/test'
import type { RunwayBridge } from '../../src/shared/contract'
import type { DigestView } from '../../src/shared/views'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

async function digest(page: Page, companyId: string, weekEnd: string): Promise<DigestView> {
  return page.evaluate(
    async ([id, end]) => {
      const r = await window.runway.digest.get({ companyId: id!, weekEnd: end! })
      if (!r.ok) throw new Error(r.error.message)
      return r.value
    },
    [companyId, weekEnd]
  )
}

async function startTestDrive(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
}

test('the portfolio fits 1280 wide, and the week shows what moved and the decisions taken', async ({
  page,
  host
}) => {
  await page.goto(host.url)
  await expect(page.getByTestId('empty-portfolio')).toBeVisible()
  await startTestDrive(page)
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })

  // Every column, the last included, is inside the table's box: nothing is cut off or scrolled away.
  const table = page.getByTestId('company-table')
  const lastHeader = table.getByRole('columnheader').last()
  await expect(lastHeader).toHaveText('Last sync')
  const fit = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
  expect(fit.scroll).toBeLessThanOrEqual(fit.client)
  const wrapBox = (await table.boundingBox())!
  const lastBox = (await lastHeader.boundingBox())!
  expect(lastBox.x + lastBox.width).toBeLessThanOrEqual(wrapBox.x + wrapBox.width + 0.5)
  await page.screenshot({ path: 'test-results/digest-portfolio-1280.png' })

  const row = page.getByTestId('portfolio-row').filter({ hasText: /Redwood/ })
  const companyId = (await row.getAttribute('data-company-id'))!
  await row.getByRole('button').first().click()
  const week = page.getByTestId('this-week')
  await expect(week).toBeVisible()
  await expect(week.getByRole('heading', { name: 'This week' })).toBeVisible()

  // The week in progress ends on the digest weekday, today included, and the core's digest for it
  // is what the section shows.
  const range = week.getByTestId('week-range')
  await expect(range).toHaveText(/^Week of \d{1,2}( [A-Z][a-z]{2})? – \d{1,2} [A-Z][a-z]{2}/)
  const weekEnd = (await range.getAttribute('data-week-end'))!
  const { today, weekday } = await page.evaluate(async (id) => {
    const [r, s] = await Promise.all([
      window.runway.runway.get({ companyId: id }),
      window.runway.settings.get()
    ])
    if (!r.ok || !s.ok) throw new Error('runway or settings')
    return { today: r.value.asOf, weekday: s.value.digestWeekday }
  }, companyId)
  expect(weekEnd >= today).toBe(true)
  expect(new Date(`${weekEnd}T00:00:00Z`).getUTCDay()).toBe(weekday)
  const view = await digest(page, companyId, weekEnd)
  expect(view.weekEnd).toBe(weekEnd)
  const tallied = Object.values(view.week).some((t) => t.count > 0)
  expect(view.variance.length > 0 || tallied).toBe(true)
  if (view.variance.length > 0) {
    await expect(week.getByTestId('variance').locator('li')).toHaveCount(view.variance.length)
  }
  for (const [id, tally] of [
    ['new-bills', view.week.newBills],
    ['bills-paid', view.week.billsPaid],
    ['invoices-sent', view.week.invoicesSent],
    ['payments-received', view.week.paymentsReceived]
  ] as const) {
    await expect(week.getByTestId(`tally-${id}`)).toHaveAttribute('data-count', String(tally.count))
  }
  await expect(week.getByTestId('week-must-pay').locator('li')).toHaveCount(view.mustPay.length)
  await expect(week.getByTestId('week-to-chase').locator('li')).toHaveCount(view.toChase.length)
  await page.screenshot({ path: 'test-results/digest-this-week.png' })
  const reservesBefore = await week.locator('[data-testid="decision"][data-action="reserve.set"]').count()

  // A decision in the console joins the week's trail.
  await page.getByRole('tab', { name: /Console/ }).click()
  const reserves = page.getByTestId('reserves')
  await reserves.scrollIntoViewIfNeeded()
  await reserves.getByTestId('reserve-name').fill('Payroll')
  await reserves.getByTestId('reserve-amount').fill('10,000')
  await reserves.getByTestId('add-reserve').click()
  await expect(reserves.getByTestId('reserve-row').filter({ hasText: 'Payroll' })).toBeVisible()
  await page.getByRole('tab', { name: /Overview/ }).click()
  await expect(week.locator('[data-testid="decision"][data-action="reserve.set"]')).toHaveCount(
    reservesBefore + 1
  )

  // One taken elsewhere while the weekly digest is on screen arrives with runway.changed.
  await page.evaluate(async (id) => {
    const r = await window.runway.reserves.set({ companyId: id, name: 'Tax', amountCents: 500_000 })
    if (!r.ok) throw new Error(r.error.message)
  }, companyId)
  await expect(week.locator('[data-testid="decision"][data-action="reserve.set"]')).toHaveCount(
    reservesBefore + 2
  )
  await week.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/digest-this-week-decisions.png' })

  // The week before is one click back, and the way forward returns to this week.
  await week.getByRole('button', { name: 'Previous week' }).click()
  await expect(week.getByRole('heading', { name: 'Last week' })).toBeVisible()
  await expect(range).not.toHaveAttribute('data-week-end', weekEnd)
  await expect(week.getByTestId('week-tallies')).toBeVisible()
  await page.screenshot({ path: 'test-results/digest-last-week.png' })
  await week.getByRole('button', { name: 'Next week' }).click()
  await expect(range).toHaveAttribute('data-week-end', weekEnd)
  await expect(week.getByRole('button', { name: 'Next week' })).toBeDisabled()
})

test('connecting opens the sign-in outside the app and closes once the company arrives', async ({
  page,
  host
}) => {
  // Intuit is not reachable from a test: its sign-in page is a stand-in.
  await page
    .context()
    .route(/^https:\/\/[^/]*intuit\.com\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Intuit sign-in</title><p>Sign in</p>' })
    )
  await page.goto(host.url)
  // The firm's keys, entered once (the clients spec enters them through Settings).
  await page.evaluate(async () => {
    const r = await window.runway.intuitKeys.set({
      environment: 'production',
      clientId: 'test-client',
      clientSecret: 'test-secret'
    })
    if (!r.ok) throw new Error(r.error.message)
  })
  // One click: the sign-in opens as the dialog does.
  const popup = page.context().waitForEvent('page')
  await page.getByRole('button', { name: 'Add a client…' }).click()
  const dialog = page.getByTestId('connect-dialog')
  const signIn = await popup
  expect(signIn.url()).toMatch(/^https:\/\/[^/]*intuit\.com\/.*[?&]state=/)
  await expect(dialog.getByTestId('connect-waiting')).toContainText('Finish signing in in your browser')
  await expect(dialog.getByTestId('connect-callback')).toBeVisible()
  await page.screenshot({ path: 'test-results/connect-waiting.png' })

  // A company that was not connected before arrives (here: a demo company, as the shell's catch of
  // the redirect would announce a real one): the dialog closes by itself.
  // Not awaited first: the notice lasts six seconds, and the whole test drive (three syncs) can take
  // longer than that on a loaded machine.
  const testDrive = startTestDrive(page)
  await expect(dialog).toBeHidden({ timeout: 30_000 })
  await expect(page.getByTestId('notice').filter({ hasText: 'is connected' })).toHaveCount(1)
  await testDrive
})
