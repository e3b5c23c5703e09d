// Firm mode: reminders sent are the firm's records. A reminder one person sends is on every
// desktop: counted on the invoices (so the next one escalates from it, and nobody sends the same
// stage again next week), with when, and by whom in the audit trail.

import { afterEach, describe, expect, it } from 'vitest'
import type { ActivityEntry } from '../../../src/shared/contract'
import type { CustomerReminderResult, CustomerReminderRow } from '../../../src/shared/collections'
import type { InvoiceRow } from '../../../src/shared/views'
import { BOOKKEEPER, eventually, PARTNER, twoDesktops, type Desktop } from '../../helpers/firm'
import { call } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const customers = (d: Desktop): Promise<CustomerReminderRow[]> =>
  call<CustomerReminderRow[]>(d, 'collections.customers', { companyId: d.companyId })

describe.skipIf(skipped !== null)(
  `firm mode: reminders sent${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    it(
      'a reminder A sends is on B: counted on the invoices, when, and by whom',
      { timeout: 120_000 },
      async () => {
        // The consultancy: a customer of its is due a reminder.
        const f = await twoDesktops(1)
        cleanups.push(() => f.close())
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        await f.b.core.services.firm.settled()
        const customer = (await customers(f.a)).find((r) => r.state.action === 'send')!
        expect((await customers(f.b)).find((r) => r.customerId === customer.customerId)!.state).toEqual({
          action: 'send'
        })

        const sent = await call<CustomerReminderResult>(f.a, 'collections.remindCustomer', {
          companyId: f.a.companyId,
          customerId: customer.customerId
        })
        expect(sent).toMatchObject({ status: 'sent' })
        const onA = (await customers(f.a)).find((r) => r.customerId === customer.customerId)!

        // B has the reminder as A recorded it: the customer waits, the invoices count it, same time.
        await eventually(async () => {
          const onB = (await customers(f.b)).find((r) => r.customerId === customer.customerId)!
          expect(onB.state.action).toBe('wait')
          expect({ sent: onB.remindersSent, at: onB.lastReminderAt, state: onB.state }).toEqual({
            sent: onA.remindersSent,
            at: onA.lastReminderAt,
            state: onA.state
          })
        })
        expect(onA.remindersSent).toBe(1)
        const invoiceIds = new Set(customer.invoices.map((i) => i.invoiceId))
        const rows = (await call<InvoiceRow[]>(f.b, 'invoices.list', { companyId: f.b.companyId })).filter(
          (i) => invoiceIds.has(i.id)
        )
        expect(rows.map((r) => [r.reminderCount, r.lastReminderAt])).toEqual(
          rows.map(() => [1, onA.lastReminderAt])
        )

        // Who sent it: on B, where Bob looks (the customer's line, each invoice's), "by pat"; on A,
        // Pat's own, no name. The record on the server carries the sender.
        expect(rows.map((r) => r.lastReminderBy)).toEqual(rows.map(() => 'pat'))
        expect((await customers(f.b)).find((r) => r.customerId === customer.customerId)!.lastReminderBy).toBe(
          'pat'
        )
        expect(onA.lastReminderBy).toBeNull()
        const rowsOnA = (await call<InvoiceRow[]>(f.a, 'invoices.list', { companyId: f.a.companyId })).filter(
          (i) => invoiceIds.has(i.id)
        )
        expect(rowsOnA.map((r) => r.lastReminderBy)).toEqual(rowsOnA.map(() => null))
        const pat = await f.pg.as(PARTNER.user, PARTNER.password)
        const records = (
          await pat.query<{ value: { sentBy?: string } }>(
            `select value from runway.changes where kind = 'reminder' and client_id = $1`,
            [f.realmId]
          )
        ).rows
        await pat.end()
        expect(records.map((r) => r.value.sentBy)).toEqual(records.map(() => 'pat'))
        expect(records.length).toBe(rows.length)
        await eventually(async () => {
          const trail = await call<ActivityEntry[]>(f.b, 'activity.list', { companyId: f.b.companyId })
          expect(
            trail
              .filter((e) => e.action === 'customer.reminder-sent')
              .map((e) => [e.actor, e.details.customerId])
          ).toEqual([['pat', customer.customerId]])
        })

        // And B, asked to remind the same customer now, is told it waits (no claim needed: the record).
        const again = await f.b.core.invoke('collections.remindCustomer', {
          companyId: f.b.companyId,
          customerId: customer.customerId
        })
        expect(again.ok).toBe(false)
      }
    )
  }
)
