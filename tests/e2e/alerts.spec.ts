// A runway alert in the browser preview: another QuickBooks user enters a large bill for a client in
// good health, the bookkeeper syncs, and the app says in a notice which client dropped and why, with
// a button that opens that client (the desktop shell shows the same alert as a notification).

import { expect } from '@playwright/test'
import type { RunwayBridge } from '../../src/shared/contract'
import { openDataFolder } from '../helpers/data-folder'
import { test } from './web-host'

declare const window: { runway: RunwayBridge }

test.use({ controlPlane: true })

interface Rec {
  Id: string
  AccountType?: string
}

test('a large new bill after a sync raises an alert that names it and opens the client', async ({
  page,
  host
}) => {
  test.setTimeout(120_000)
  await page.goto(host.url)
  await page.evaluate(async () => {
    const r = await window.runway.testDrive.start()
    if (!r.ok) throw new Error(r.error.message)
  })
  await expect(page.getByTestId('portfolio-row')).toHaveCount(3, { timeout: 30_000 })

  // The client with the longest runway: a bill that takes most of it crosses the alert threshold.
  const { companyId, runwayOrder } = await page.evaluate(async () => {
    const r = await window.runway.portfolio.list()
    if (!r.ok) throw new Error(r.error.message)
    // No runway figure: cash lasts beyond the horizon, the best there is.
    const days = (x: (typeof r.value.rows)[number]): number => x.snapshot?.runwayDays ?? 1e9
    const rows = [...r.value.rows].sort((a, b) => days(b) - days(a))
    return { companyId: rows[0]!.companyId, runwayOrder: rows.map((x) => x.name) }
  })
  const db = openDataFolder(host.dataDir, { readonly: true })
  const company = db
    .prepare('select name, realm_id realmId, api_base_url apiBase from companies where id = ?')
    .get(companyId) as { name: string; realmId: string; apiBase: string }
  db.close()
  expect(company.name).toBe(runwayOrder[0])
  const control = `${new URL(company.apiBase).origin}/_sandbox/realms/${company.realmId}`
  const records = async (entity: string): Promise<Rec[]> =>
    ((await (await fetch(`${control}/entities/${entity}?limit=1000`)).json()) as { records: Rec[] }).records
  const vendor = (await records('Vendor'))[0]!
  const expense = (await records('Account')).find((a) => a.AccountType === 'Expense')!

  // Entered in QuickBooks by someone else, due in five days: the app knows nothing until it syncs.
  const created = await fetch(`${control}/mutate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      operation: 'create',
      entity: 'Bill',
      record: {
        VendorRef: { value: vendor.Id },
        TxnDate: '2027-03-15',
        DueDate: '2027-03-20',
        Line: [
          {
            DetailType: 'AccountBasedExpenseLineDetail',
            Amount: 2_500_000,
            AccountBasedExpenseLineDetail: { AccountRef: { value: expense.Id } }
          }
        ]
      }
    })
  })
  expect(created.ok).toBe(true)
  await expect(page.getByTestId('notice').filter({ hasText: 'Runway dropped' })).toHaveCount(0)

  await page.getByTestId('sync-all').click()
  const alert = page.getByTestId('notice').filter({ hasText: company.name })
  await expect(alert).toContainText('Runway dropped', { timeout: 30_000 })
  await expect(alert).toContainText('1 new bill, $2,500,000.00')
  // The portfolio says the same once its figures are read again.
  await expect(page.getByTestId('portfolio-row').filter({ hasText: company.name })).toContainText('Critical')
  await page.screenshot({ path: 'test-results/alert-notice.png' })

  await alert.getByRole('button', { name: 'Open' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(company.name)
  await expect(alert).toHaveCount(0)
})
