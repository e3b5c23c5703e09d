// One reminder per customer, end to end against the sandbox: what arrives in its outbox, once.
import { afterEach, describe, expect, it } from 'vitest'
import type {
  CustomerProfile,
  CustomerReminderPreview,
  CustomerReminderRow
} from '../../../src/shared/collections'
import type { SyncSummary } from '../../../src/shared/contract'
import type { InvoiceRow } from '../../../src/shared/views'
import { parseMoney } from '../../../src/shared/money'
import { world, type World } from '../../helpers/sandbox'
import { call, failure } from '../../helpers/invoke'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

type Rec = Record<string, unknown>
type Email = { invoiceId: string; to: string; subject: string; body: string }

// Brightline (the demo's second company) has a customer with two overdue invoices and an email.
async function demoCompany(realmIndex = 1): Promise<{ w: World; id: string; realmId: string }> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  worlds.push(w)
  const realmId = w.sandbox.info.realms[realmIndex]!.realmId
  const id = await w.connect(realmId)
  const [summary] = await call<SyncSummary[]>(w, 'sync.now', { companyId: id })
  expect(summary!.ok).toBe(true)
  return { w, id, realmId }
}

const records = async (w: World, realmId: string, entity: string): Promise<Rec[]> =>
  (await w.control<{ records: Rec[] }>('GET', `/realms/${realmId}/entities/${entity}?limit=100000`)).records
const emails = async (w: World): Promise<Email[]> =>
  (await w.control<{ messages: Email[] }>('GET', '/outbox')).messages

/** The customer with the most overdue invoices whose reminder can go now. */
async function target(w: World, id: string): Promise<CustomerReminderRow> {
  const rows = await call<CustomerReminderRow[]>(w, 'collections.customers', { companyId: id })
  const sendable = rows
    .filter((r) => r.state.action === 'send')
    .sort((a, b) => b.invoices.length - a.invoices.length)
  expect(sendable.length).toBeGreaterThan(0)
  return sendable[0]!
}

async function pay(
  w: World,
  realmId: string,
  customerId: string,
  invoices: { id: string; cents: number }[]
): Promise<void> {
  const total = invoices.reduce((s, i) => s + i.cents, 0)
  await w.control('POST', `/realms/${realmId}/mutate`, {
    operation: 'create',
    entity: 'Payment',
    record: {
      CustomerRef: { value: customerId },
      TotalAmt: total / 100,
      Line: invoices.map((i) => ({ Amount: i.cents / 100, LinkedTxn: [{ TxnId: i.id, TxnType: 'Invoice' }] }))
    }
  })
}

describe('one reminder per customer', () => {
  it('arrives once in the outbox, names every overdue invoice, matches its preview; a second click is refused', async () => {
    const { w, id, realmId } = await demoCompany()
    const row = await target(w, id)
    // Every overdue invoice of the customer in QBO, by what QBO itself says.
    const today = '2026-11-26'
    const overdueInQbo = (await records(w, realmId, 'Invoice')).filter(
      (i) =>
        (i.CustomerRef as { value: string }).value === row.customerId &&
        parseMoney(i.Balance as number) > 0 &&
        String(i.DueDate ?? i.TxnDate) < today
    )
    expect(row.invoices.map((i) => i.invoiceId).sort()).toEqual(overdueInQbo.map((i) => String(i.Id)).sort())

    const preview = await call<CustomerReminderPreview>(w, 'collections.preview', {
      companyId: id,
      customerId: row.customerId
    })
    expect(preview.stage).toBe(row.stage)
    expect(preview.sendInvoiceId).toBe(row.invoices[0]!.invoiceId)
    const memoBefore = (overdueInQbo.find((i) => i.Id === preview.sendInvoiceId)!.CustomerMemo ??
      null) as unknown

    const sent = await call<{ status: string; invoiceIds: string[] }>(w, 'collections.remindCustomer', {
      companyId: id,
      customerId: row.customerId
    })
    expect(sent).toMatchObject({ status: 'sent', stage: preview.stage })
    const mail = await emails(w)
    expect(mail).toHaveLength(1)
    expect(mail[0]!).toMatchObject({
      invoiceId: preview.sendInvoiceId,
      to: preview.to,
      subject: preview.subject
    })
    expect(mail[0]!.body).toContain(preview.body)
    for (const inv of overdueInQbo)
      expect(mail[0]!.body).toContain(`Invoice ${String(inv.DocNumber ?? inv.Id)},`)

    // The invoice keeps its own message afterwards.
    const after = (await records(w, realmId, 'Invoice')).find((i) => i.Id === preview.sendInvoiceId)!
    expect(after.CustomerMemo?.valueOf() ? (after.CustomerMemo as { value: string }).value : '').toBe(
      memoBefore ? (memoBefore as { value: string }).value : ''
    )

    // Recorded for every invoice it covered: each now waits a week, single reminders too.
    const invoiceRows = await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })
    for (const invoiceId of sent.invoiceIds)
      expect(invoiceRows.find((i) => i.id === invoiceId)).toMatchObject({
        reminderCount: 1,
        reminder: { action: 'wait' }
      })
    expect(
      await failure(w, 'collections.remindCustomer', { companyId: id, customerId: row.customerId })
    ).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('next one can go on')
    })
    expect(
      await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: preview.sendInvoiceId })
    ).toMatchObject({ kind: 'conflict' })
    const activity = await call<{ action: string; details: Rec }[]>(w, 'activity.list', { companyId: id })
    expect(activity.filter((a) => a.action === 'customer.reminder-sent')).toHaveLength(1)
    expect(await emails(w)).toHaveLength(1)
  })

  it('two clicks at once send one email', async () => {
    const { w, id } = await demoCompany()
    const row = await target(w, id)
    await w.control('POST', '/latency', { ms: 200 })
    const results = await Promise.all(
      [0, 1].map(() =>
        w.core.invoke('collections.remindCustomer', { companyId: id, customerId: row.customerId })
      )
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { kind: 'conflict' } })
    expect(await emails(w)).toHaveLength(1)
  })

  it('queued offline: refuses another, goes out once when QBO is back', async () => {
    const { w, id } = await demoCompany()
    const row = await target(w, id)
    await w.control('POST', '/outage', { mode: 'reset' })
    expect(
      await call(w, 'collections.remindCustomer', { companyId: id, customerId: row.customerId })
    ).toMatchObject({ status: 'queued' })
    const waiting = (await call<CustomerReminderRow[]>(w, 'collections.customers', { companyId: id })).find(
      (r) => r.customerId === row.customerId
    )
    expect(waiting).toMatchObject({ pending: true })
    expect(
      await failure(w, 'collections.remindCustomer', { companyId: id, customerId: row.customerId })
    ).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('already waiting')
    })
    expect(
      await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: row.invoices[0]!.invoiceId })
    ).toMatchObject({ kind: 'conflict' })
    await w.control('DELETE', '/outage')
    await call(w, 'sync.now', { companyId: id })
    await call(w, 'sync.now', { companyId: id })
    expect(await emails(w)).toHaveLength(1)
    expect((await emails(w))[0]!.invoiceId).toBe(row.invoices[0]!.invoiceId)
  })

  it('a customer who paid everything overdue is not reminded, even before the app has synced', async () => {
    const { w, id, realmId } = await demoCompany()
    const row = await target(w, id)
    await pay(
      w,
      realmId,
      row.customerId,
      row.invoices.map((i) => ({ id: i.invoiceId, cents: i.owedCents }))
    )
    // Before the next sync, QBO's balances stop the reminder going out on stale figures.
    expect(
      await failure(w, 'collections.remindCustomer', { companyId: id, customerId: row.customerId })
    ).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('paid')
    })
    expect(await emails(w)).toHaveLength(0)
    await call(w, 'sync.now', { companyId: id })
    const after = await call<CustomerReminderRow[]>(w, 'collections.customers', { companyId: id })
    expect(after.find((r) => r.customerId === row.customerId)).toBeUndefined()
    expect(
      await failure(w, 'collections.preview', { companyId: id, customerId: row.customerId })
    ).toMatchObject({ kind: 'conflict' })
    expect(
      await failure(w, 'collections.remindCustomer', { companyId: id, customerId: row.customerId })
    ).toMatchObject({ kind: 'conflict' })
    expect(await emails(w)).toHaveLength(0)
  })

  it('a partly paid invoice is reminded of what is left', async () => {
    const { w, id, realmId } = await demoCompany()
    const row = await target(w, id)
    const first = row.invoices[0]!
    const part = Math.floor(first.owedCents / 2)
    await pay(w, realmId, row.customerId, [{ id: first.invoiceId, cents: part }])
    await call(w, 'sync.now', { companyId: id })
    const left = (await call<CustomerReminderRow[]>(w, 'collections.customers', { companyId: id })).find(
      (r) => r.customerId === row.customerId
    )!
    expect(left.invoices.find((i) => i.invoiceId === first.invoiceId)!.owedCents).toBe(first.owedCents - part)
    const preview = await call<CustomerReminderPreview>(w, 'collections.preview', {
      companyId: id,
      customerId: row.customerId
    })
    expect(preview.body).toContain(' left of ')
    await call(w, 'collections.remindCustomer', { companyId: id, customerId: row.customerId })
    const mail = await emails(w)
    expect(mail).toHaveLength(1)
    expect(mail[0]!.body).toContain(preview.body)
  })

  it('templates come from settings', async () => {
    const { w, id } = await demoCompany()
    const row = await target(w, id)
    const settings = await call<{ reminderTemplates: Record<string, string> }>(w, 'settings.get')
    await call(w, 'settings.set', {
      reminderTemplates: {
        ...settings.reminderTemplates,
        [row.stage]: 'Dear {customer}: {total} over {count}.\n{invoices}\n— {company}'
      }
    })
    const preview = await call<CustomerReminderPreview>(w, 'collections.preview', {
      companyId: id,
      customerId: row.customerId
    })
    expect(preview.body.startsWith(`Dear ${row.customerName}: `)).toBe(true)
    expect(preview.body).not.toMatch(/\{(customer|total|count|invoices|company)\}/)
  })
})

describe('customers.profile on sandbox data', () => {
  it('lateness, trend, last payment, open and overdue totals agree with QBO', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const row = (await call<CustomerReminderRow[]>(w, 'collections.customers', { companyId: id }))[0]
    const invoices = await records(w, realmId, 'Invoice')
    const payments = await records(w, realmId, 'Payment')
    const customerId = row?.customerId ?? String((invoices[0]!.CustomerRef as { value: string }).value)
    const profile = await call<CustomerProfile>(w, 'customers.profile', { companyId: id, customerId })
    const mine = invoices.filter((i) => (i.CustomerRef as { value: string }).value === customerId)
    const open = mine.filter((i) => parseMoney(i.Balance as number) > 0)
    expect(profile.openCents).toBe(open.reduce((s, i) => s + parseMoney(i.Balance as number), 0))
    const today = '2026-11-26'
    const overdue = open.filter((i) => String(i.DueDate ?? i.TxnDate) < today)
    expect(profile.overdueCount).toBe(overdue.length)
    expect(profile.overdueCents).toBeLessThanOrEqual(
      overdue.reduce((s, i) => s + parseMoney(i.Balance as number), 0)
    )
    // Last payment: the latest Payment of the customer in QBO, summed over that day.
    const theirs = payments
      .filter((p) => (p.CustomerRef as { value: string }).value === customerId && String(p.TxnDate) <= today)
      .sort((a, b) => String(a.TxnDate).localeCompare(String(b.TxnDate)))
    const lastDate = String(theirs.at(-1)!.TxnDate)
    expect(profile.lastPayment).toEqual({
      date: lastDate,
      amountCents: theirs
        .filter((p) => p.TxnDate === lastDate)
        .reduce((s, p) => s + parseMoney(p.TotalAmt as number), 0)
    })
    // Average lateness: paid invoices, each dated by when its money came (the dates of the payments
    // linked to it, weighted by the amount each applied).
    const parts = new Map<string, { date: string; cents: number }[]>()
    for (const p of payments)
      for (const line of (p.Line as {
        Amount?: number
        LinkedTxn?: { TxnId: string; TxnType: string }[]
      }[]) ?? [])
        for (const t of line.LinkedTxn ?? [])
          if (t.TxnType === 'Invoice')
            parts.set(t.TxnId, [
              ...(parts.get(t.TxnId) ?? []),
              { date: String(p.TxnDate), cents: parseMoney(line.Amount ?? 0) }
            ])
    const dayMs = 86_400_000
    const paidOn = new Map<string, string>()
    for (const [id, list] of parts) {
      const first = Math.min(...list.map((x) => Date.parse(x.date)))
      const total = list.reduce((s, x) => s + x.cents, 0)
      const mean = list.reduce((s, x) => s + ((Date.parse(x.date) - first) / dayMs) * x.cents, 0) / total
      paidOn.set(id, new Date(first + Math.round(mean) * dayMs).toISOString().slice(0, 10))
    }
    // The books hold the invoices settled in the last year: paid in full, with a payment in it.
    const since = new Date(Date.parse(today) - 365 * 86_400_000).toISOString().slice(0, 10)
    const paid = mine.filter(
      (i) =>
        parseMoney(i.Balance as number) === 0 &&
        (parts.get(String(i.Id)) ?? []).some((x) => x.date >= since && x.date <= today)
    )
    expect(profile.paidCount).toBe(paid.length)
    expect(profile.paidCount).toBeGreaterThan(0)
    const days = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000)
    const late = paid.map((i) => days(String(i.DueDate ?? i.TxnDate), paidOn.get(String(i.Id))!))
    expect(profile.avgDaysLate).toBe(Math.round(late.reduce((s, x) => s + x, 0) / late.length))
    if (profile.paidCount >= 4) expect(profile.trend).not.toBeNull()
  })
})
