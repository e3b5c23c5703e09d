// Firm mode, item 3: no double action across people. A payment or reminder is claimed on the firm's
// server before it goes to QBO; the second person is refused with the name of the first.

import { afterEach, describe, expect, it } from 'vitest'
import type { CustomerReminderRow } from '../../../src/shared/collections'
import type { ErrorValue, Result } from '../../../src/shared/errors'
import type { BillRow, PayResult } from '../../../src/shared/views'
import { BOOKKEEPER, PARTNER, twoDesktops, type Desktop, type Firm } from '../../helpers/firm'
import { call } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

type Rec = Record<string, unknown>

const firms: Firm[] = []
afterEach(async () => {
  for (const f of firms.splice(0)) await f.close()
})

async function joined(realmIndex?: number): Promise<Firm> {
  const f = await twoDesktops(realmIndex)
  firms.push(f)
  await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
  await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
  await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
  return f
}

const records = async (f: Firm, entity: string): Promise<Rec[]> =>
  (await f.w.control<{ records: Rec[] }>('GET', `/realms/${f.realmId}/entities/${entity}?limit=100000`))
    .records

async function paymentsOf(f: Firm, billId: string): Promise<Rec[]> {
  return (await records(f, 'BillPayment')).filter((p) =>
    (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) => l.LinkedTxn.some((t) => t.TxnId === billId))
  )
}

async function bank(d: Desktop): Promise<string> {
  return (await call<{ id: string; type: string }[]>(d, 'accounts.list', { companyId: d.companyId })).find(
    (a) => a.type === 'Bank'
  )!.id
}

describe.skipIf(skipped !== null)(
  `firm mode: no double action${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    it(
      'both paying the same bill at once: one payment in QBO, the other refused naming who took it',
      { timeout: 120_000 },
      async () => {
        const f = await joined()
        const bill = (await call<BillRow[]>(f.a, 'bills.list', { companyId: f.a.companyId }))[0]!
        // The demo's company may have paid part of the bill already: the payments this test makes count.
        const before = (await paymentsOf(f, bill.id)).length
        const pay = (d: Desktop, account: string): Promise<Result<unknown>> =>
          d.core.invoke('bills.pay', { companyId: d.companyId, billIds: [bill.id], bankAccountId: account })
        const [accountA, accountB] = [await bank(f.a), await bank(f.b)]
        const results = await Promise.all([pay(f.a, accountA), pay(f.b, accountB)])
        const paid = results.filter((r) => r.ok)
        const refused = results.filter((r): r is { ok: false; error: ErrorValue } => !r.ok)
        expect(paid).toHaveLength(1)
        expect((paid[0] as { value: PayResult }).value.status).toBe('paid')
        expect(refused).toHaveLength(1)
        const winner = results[0]!.ok ? 'pat' : 'bob'
        expect(refused[0]!.error).toMatchObject({
          kind: 'conflict',
          message: expect.stringContaining(`${winner} is paying this bill already`),
          details: { claimedBy: winner }
        })
        expect(await paymentsOf(f, bill.id)).toHaveLength(before + 1)
      }
    )

    it(
      'a payment QBO refuses lets go of its claim: the other person can pay',
      { timeout: 120_000 },
      async () => {
        const f = await joined()
        const bill = (await call<BillRow[]>(f.a, 'bills.list', { companyId: f.a.companyId }))[0]!
        const before = (await paymentsOf(f, bill.id)).length
        await f.w.control('POST', '/faults', {
          kind: 'error',
          status: 400,
          count: 1,
          match: { path: '/billpayment$' }
        })
        const first = await f.a.core.invoke('bills.pay', {
          companyId: f.a.companyId,
          billIds: [bill.id],
          bankAccountId: await bank(f.a)
        })
        expect(first.ok).toBe(false)
        await f.w.control('DELETE', '/faults')
        const second = await call<PayResult>(f.b, 'bills.pay', {
          companyId: f.b.companyId,
          billIds: [bill.id],
          bankAccountId: await bank(f.b)
        })
        expect(second.status).toBe('paid')
        expect(await paymentsOf(f, bill.id)).toHaveLength(before + 1)
      }
    )

    it(
      'both reminding the same customer at once: one email, the other refused naming who',
      { timeout: 120_000 },
      async () => {
        // The consultancy: a customer of its is due a reminder.
        const f = await joined(1)
        const rows = await call<CustomerReminderRow[]>(f.a, 'collections.customers', {
          companyId: f.a.companyId
        })
        const customer = rows.find((r) => r.state.action === 'send')!
        expect(customer).toBeDefined()
        const before = (await f.w.control<{ messages: unknown[] }>('GET', '/outbox')).messages.length
        const remind = (d: Desktop): Promise<Result<unknown>> =>
          d.core.invoke('collections.remindCustomer', {
            companyId: d.companyId,
            customerId: customer.customerId
          })
        const results = await Promise.all([remind(f.a), remind(f.b)])
        expect(results.filter((r) => r.ok)).toHaveLength(1)
        const refused = results.find((r): r is { ok: false; error: ErrorValue } => !r.ok)!
        expect(refused.error.message).toMatch(/^(pat|bob) is reminding this customer already/)
        expect((await f.w.control<{ messages: unknown[] }>('GET', '/outbox')).messages.length).toBe(
          before + 1
        )
      }
    )
  }
)
