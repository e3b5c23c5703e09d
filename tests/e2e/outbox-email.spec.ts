// A digest email waiting for the mail server is in the outbox beside QuickBooks actions (the header's
// pill, Activity), worded as the mail server's wait; when QuickBooks comes back and its payment
// goes, the "working offline" notice goes too, though the email still waits.

import { expect } from '@playwright/test'
import { createServer } from 'node:net'
import type { RunwayBridge } from '../../src/shared/contract'
import type { DigestListItem } from '../../src/shared/views'
import { openDataFolder } from '../helpers/data-folder'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

// A Friday, the digest day: the week's digests are made as the test drive's books arrive.
test.use({ controlPlane: true, clock: '2027-03-19T17:00:00.000Z' })

/** A loopback port nothing listens on: the mail server is down. */
async function deadPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => resolve(port))
    })
  })
}

test('a digest email waiting for the mail server is in the outbox, apart from QuickBooks', async ({
  page,
  host
}) => {
  // A payment retries with backoff for about a minute before it is queued (see runway.spec.ts).
  test.setTimeout(180_000)
  await page.goto(host.url)
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })
  const row = page.getByTestId('portfolio-row').filter({ hasText: /Brightline/ })
  const companyId = (await row.getAttribute('data-company-id'))!

  const port = await deadPort()
  const sent = await page.evaluate(
    async ({ companyId, port }) => {
      const s = await window.runway.settings.set({
        smtp: { host: '127.0.0.1', port, security: 'none', user: '', from: 'digests@ledger.test' }
      })
      if (!s.ok) throw new Error(s.error.message)
      const list = await window.runway.digest.list({ companyId })
      if (!list.ok) throw new Error(list.error.message)
      const weekEnd = (list.value as DigestListItem[])[0]!.weekEnd
      const r = await window.runway.digest.send({ companyId, weekEnd, to: ['owner@client.test'] })
      if (!r.ok) throw new Error(r.error.message)
      return r.value
    },
    { companyId, port }
  )
  expect(sent.status).toBe('queued')

  await row.getByRole('button').first().click()
  await expect(page.getByTestId('headline')).toBeVisible()
  await expect(page.getByTestId('outbox-count')).toContainText('1 pending')

  // QuickBooks goes away and a payment waits too.
  const db = openDataFolder(host.dataDir, { readonly: true })
  const apiBase = db
    .prepare('select api_base_url from companies where id = ?')
    .pluck()
    .get(companyId) as string
  db.close()
  const outage = (on: boolean) =>
    fetch(`${new URL(apiBase).origin}/_sandbox/outage`, {
      method: on ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      ...(on ? { body: JSON.stringify({ mode: 'reset' }) } : {})
    })
  await page.getByRole('tab', { name: /Console/ }).click()
  const bill = page.getByTestId('bills-must-pay').getByTestId('bill-row').first()
  expect((await outage(true)).ok).toBe(true)
  await bill.getByRole('button', { name: /^Pay / }).click()
  await page.getByTestId('confirm-pay').click()
  await expect(page.getByTestId('pay-dialog')).toBeHidden({ timeout: 100_000 })
  await expect(page.getByTestId('notice').filter({ hasText: 'Working offline' })).toBeVisible()
  await expect(page.getByTestId('outbox-count')).toContainText('2 pending')
  await page.getByTestId('outbox-count').click()
  const panel = page.getByRole('dialog', { name: 'Waiting to be sent' })
  await expect(panel).toContainText('Email the digest of the week ending')
  await expect(panel).toContainText('owner@client.test')
  await page.screenshot({ path: 'test-results/outbox-email-panel.png' })
  await page.getByTestId('outbox-count').click()

  expect((await outage(false)).ok).toBe(true)
  await page.getByTestId('sync-now').click()
  await expect(
    page
      .getByTestId('notice')
      .filter({ hasText: /^Sent to QuickBooks: / })
      .first()
  ).toBeVisible({
    timeout: 30_000
  })
  // QuickBooks has everything: its notice goes, while the email still waits for its server.
  await expect(page.getByTestId('notice').filter({ hasText: 'Working offline' })).toHaveCount(0)
  await expect(page.getByTestId('outbox-count')).toContainText('1 pending')

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Activity' }).click()
  const email = page
    .getByTestId('activity-outbox')
    .getByTestId('outbox-row')
    .filter({ hasText: 'owner@client.test' })
  await expect(email).toContainText('Waiting for the mail server')
  await expect(email).toContainText('Brightline')
  await email.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/outbox-email-activity.png' })
})
