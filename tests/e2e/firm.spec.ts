// Settings → Firm: joining the firm's PostgreSQL (a real one, started here as the integration tests
// do), its status, leaving. Skipped, saying why, where PostgreSQL's binaries are not installed.

import { expect } from '@playwright/test'
import { postgresBinaries, startPostgres, type Postgres } from '../helpers/postgres'
import { test } from './web-host'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm spec] skipped: ${skipped}`)

const PARTNER = { user: 'pat', password: 'pat-secret' }
let pg: Postgres | undefined
test.afterAll(() => pg?.close())

test('a partner joins the firm from Settings, sees it connected, and leaves', async ({ page, host }) => {
  test.skip(skipped !== null, skipped ?? '')
  pg = await startPostgres(PARTNER)
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click()
  const join = page.getByTestId('firm-join')
  await join.getByTestId('firm-url').fill(pg.url)
  await join.getByTestId('firm-user').fill(PARTNER.user)
  await join.getByTestId('firm-password').fill('not the password')
  await join.getByTestId('firm-join-submit').click()
  await expect(join.getByRole('alert')).toContainText('password authentication failed')
  await join.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('firm-join.png') })

  await join.getByTestId('firm-password').fill(PARTNER.password)
  await join.getByTestId('firm-secret').fill('harbour lights 1987')
  await join.getByTestId('firm-join-submit').click()
  const joined = page.getByTestId('firm-joined')
  await expect(joined.getByTestId('firm-status')).toContainText('Connected')
  await expect(joined.getByTestId('firm-status')).toContainText('pat (partner)')
  await expect(joined.getByTestId('firm-pending')).toHaveText('nothing')
  await expect(joined.getByTestId('firm-keys')).toContainText("the firm's")
  await joined.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('firm-joined.png') })

  // The server goes away and a firm-wide decision (a reminder message) waits: leaving is refused
  // with the count until the person chooses to drop it.
  await pg.kill()
  await expect(joined.getByTestId('firm-status')).toContainText('Offline', { timeout: 15_000 })
  const reminders = page.getByTestId('reminders-form')
  await reminders.getByTestId('setting-gentle').fill('Dear {customer}, {total} is overdue.')
  await reminders.getByRole('button', { name: 'Save' }).click()
  await expect(reminders.getByRole('alert')).toHaveCount(0)
  await joined.getByTestId('firm-leave').click()
  const refused = page.getByTestId('firm-leave-refused')
  await expect(refused.getByRole('alert')).toContainText(
    'not reached the firm (the firm server is out of reach)'
  )
  await expect(joined.getByTestId('firm-pending')).not.toHaveText('nothing')
  await joined.scrollIntoViewIfNeeded()
  await page.screenshot({ path: test.info().outputPath('firm-leave-refused.png') })
  await refused.getByTestId('firm-leave-discard').click()
  await expect(page.getByTestId('firm-join')).toBeVisible()
})
