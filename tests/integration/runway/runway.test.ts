import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import type { ActivityEntry, PortfolioList, SyncSummary } from '../../../src/shared/contract'
import type {
  BillRow,
  ForecastTableView,
  InvoiceRow,
  OutboxItem,
  PayResult,
  RunwayView
} from '../../../src/shared/views'
import { parseMoney } from '../../../src/shared/money'
import { requestLog, START, tinyRealm, world, type World } from '../../helpers/sandbox'
import { call, failure } from '../../helpers/invoke'
import { openDataFolder } from '../../helpers/data-folder'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

type Rec = Record<string, unknown>

/** The demo's first company (Northwind), connected and synced. */
async function demoCompany(realmIndex = 0): Promise<{ w: World; id: string; realmId: string }> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  worlds.push(w)
  const realmId = w.sandbox.info.realms[realmIndex]!.realmId
  const id = await w.connect(realmId)
  const [summary] = await call<SyncSummary[]>(w, 'sync.now', { companyId: id })
  expect(summary!.ok).toBe(true)
  return { w, id, realmId }
}

async function qboRecords(w: World, realmId: string, entity: string): Promise<Rec[]> {
  return (await w.control<{ records: Rec[] }>('GET', `/realms/${realmId}/entities/${entity}?limit=100000`))
    .records
}

const cents = (v: unknown): number => (typeof v === 'number' ? parseMoney(v) : 0)

describe('runway figures against the books in QBO', () => {
  for (const [index, name] of [
    [0, 'healthy agency'],
    [1, 'consultancy near the edge'],
    [2, 'company in trouble']
  ] as const) {
    it(`cash, AR and AP equal the sums read from the sandbox (${name})`, async () => {
      const { w, id, realmId } = await demoCompany(index)
      const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
      const accounts = await qboRecords(w, realmId, 'Account')
      const cash = accounts
        .filter((a) => a.AccountType === 'Bank' && a.Active !== false)
        .reduce((s, a) => s + cents(a.CurrentBalance), 0)
      const ap = (await qboRecords(w, realmId, 'Bill')).reduce((s, b) => s + cents(b.Balance), 0)
      const vendorCredits = (await qboRecords(w, realmId, 'VendorCredit')).reduce(
        (s, v) => s + cents(v.Balance),
        0
      )
      const openAr = (await qboRecords(w, realmId, 'Invoice')).reduce((s, i) => s + cents(i.Balance), 0)
      const unapplied = (await qboRecords(w, realmId, 'Payment')).reduce(
        (s, p) => s + cents(p.UnappliedAmt),
        0
      )
      const credits = (await qboRecords(w, realmId, 'CreditMemo')).reduce((s, m) => s + cents(m.Balance), 0)
      expect(runway.cashCents).toBe(cash)
      expect(runway.apGrossCents).toBe(ap)
      expect(runway.vendorCreditsCents).toBe(vendorCredits)
      expect(runway.apCents).toBe(ap - vendorCredits)
      expect(runway.arGrossCents).toBe(openAr)
      expect(runway.arCents).toBe(openAr - unapplied - credits)
      // What QBO's own A/R and A/P accounts say, too: both sides net what is owed back.
      const arAccount = accounts.find((a) => a.AccountType === 'Accounts Receivable')!
      expect(runway.arCents).toBe(cents(arAccount.CurrentBalance))
      const apAccount = accounts.find((a) => a.AccountType === 'Accounts Payable')!
      expect(runway.apCents).toBe(cents(apAccount.CurrentBalance))
      expect(runway.forecast).toHaveLength(13)
    })
  }

  it('ranks the three demo companies by health, worst first, in the portfolio', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    for (const realm of w.sandbox.info.realms) await w.connect(realm.realmId)
    await call(w, 'sync.now')
    const { rows } = await call<PortfolioList>(w, 'portfolio.list')
    expect(rows.map((r) => r.name)).toEqual([
      'Redwood Events & Catering',
      'Brightline Consulting Group',
      'Northwind Creative Agency'
    ])
    expect(rows[0]!.snapshot!.status).toBe('critical')
    expect(rows[2]!.snapshot!.statusDays).toBeGreaterThan(rows[1]!.snapshot!.statusDays!)
  })

  it('keeps every overdue bill in the forecast: when the company usually pays such bills, or today', async () => {
    const { w, id } = await demoCompany(2)
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
    const table = await call<ForecastTableView>(w, 'forecast.table', { companyId: id })
    const overdueBills = bills.filter((b) => b.daysUntilDue < 0)
    expect(overdueBills.length).toBeGreaterThan(0)
    const items = new Map(table.items.flatMap((it) => (it.kind === 'bill' ? [[it.billId, it] as const] : [])))
    const bases = new Set<string>()
    for (const b of overdueBills) {
      const item = items.get(b.id)
      // None is left out; the forecast's own vendor credits may only make it smaller.
      expect(item, b.id).toBeDefined()
      expect(item!.amountCents).toBeLessThanOrEqual(b.balanceCents)
      expect(['habit', 'later-than-usual', 'overdue-now']).toContain(item!.basis)
      // Later than any bill the company ever paid: nothing in the history dates it, so today.
      if (item!.basis === 'overdue-now') expect(item!.week).toBe(0)
      bases.add(item!.basis)
    }
    // The company in trouble has both: bills its habits still date and a stack counted today.
    expect(bases).toContain('overdue-now')
    expect(bases.size).toBeGreaterThan(1)
    expect(overdueBills.every((b) => b.category === 'must-pay' && b.reasons.includes('overdue'))).toBe(true)
  })
})

describe('actions', () => {
  it('a paid bill leaves AP and moves cash in the next forecast, with an audit entry', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const before = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
    const bill = bills[0]!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    const result = await call<PayResult>(w, 'bills.pay', {
      companyId: id,
      billIds: [bill.id],
      bankAccountId: bank.id
    })
    expect(result).toMatchObject({ status: 'paid', billPaymentId: expect.any(String) })
    const after = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(before.apCents - after.apCents).toBe(bill.balanceCents)
    expect(before.cashCents - after.cashCents).toBe(bill.balanceCents)
    expect((await call<BillRow[]>(w, 'bills.list', { companyId: id })).map((b) => b.id)).not.toContain(
      bill.id
    )
    // In QBO: the bill is paid, by exactly one payment.
    const payments = (await qboRecords(w, realmId, 'BillPayment')).filter((p) =>
      (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) =>
        l.LinkedTxn.some((t) => t.TxnId === bill.id)
      )
    )
    expect(payments).toHaveLength(1)
    const activity = await call<{ action: string; details: Rec }[]>(w, 'activity.list', { companyId: id })
    expect(activity[0]).toMatchObject({
      action: 'bill.paid',
      details: {
        billIds: [bill.id],
        billPaymentId: result.billPaymentId,
        runwayBefore: before.runwayDays,
        runwayAfter: after.runwayDays,
        requestId: result.requestId
      }
    })
  })

  it('a second click while a payment is on its way is refused, so a partial payment is not made twice', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const bill = (await call<BillRow[]>(w, 'bills.list', { companyId: id }))[0]!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    await w.control('POST', '/latency', { ms: 150 })
    const input = { companyId: id, billIds: [bill.id], bankAccountId: bank.id, amountCents: 100 }
    const [first, second] = await Promise.all([
      w.core.invoke('bills.pay', input),
      w.core.invoke('bills.pay', input)
    ])
    expect(first).toMatchObject({ ok: true, value: { status: 'paid' } })
    expect(second).toMatchObject({ ok: false, error: { kind: 'conflict' } })
    const payments = (await qboRecords(w, realmId, 'BillPayment')).filter((p) =>
      (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) =>
        l.LinkedTxn.some((t) => t.TxnId === bill.id)
      )
    )
    expect(payments).toHaveLength(1)
  })

  it('refuses bad payments and changes nothing', async () => {
    const { w, id } = await demoCompany(0)
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
    const accounts = await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })
    const bank = accounts.find((a) => a.type === 'Bank')!
    const otherVendor = bills.find((b) => b.vendorId !== bills[0]!.vendorId)
    const activityBefore = (await call<unknown[]>(w, 'activity.list', { companyId: id })).length
    expect(
      await failure(w, 'bills.pay', { companyId: id, billIds: [bills[0]!.id], bankAccountId: 'nope' })
    ).toMatchObject({ kind: 'validation', field: 'bankAccountId' })
    if (otherVendor) {
      expect(
        await failure(w, 'bills.pay', {
          companyId: id,
          billIds: [bills[0]!.id, otherVendor.id],
          bankAccountId: bank.id
        })
      ).toMatchObject({ kind: 'validation', field: 'billIds' })
    }
    expect(
      await failure(w, 'bills.pay', {
        companyId: id,
        billIds: [bills[0]!.id],
        bankAccountId: bank.id,
        amountCents: bills[0]!.balanceCents + 1
      })
    ).toMatchObject({ field: 'amountCents' })
    expect(
      await failure(w, 'bills.pay', { companyId: id, billIds: ['999999'], bankAccountId: bank.id })
    ).toMatchObject({ kind: 'not-found' })
    expect(
      await failure(w, 'bills.pay', { companyId: id, billIds: [], bankAccountId: bank.id })
    ).toMatchObject({ kind: 'validation' })
    expect(await call<BillRow[]>(w, 'bills.list', { companyId: id })).toEqual(bills)
    expect((await call<unknown[]>(w, 'activity.list', { companyId: id })).length).toBe(activityBefore)
    expect(await call<OutboxItem[]>(w, 'outbox.list')).toEqual([])
  })

  it('schedules a payment: the forecast uses the planned date and the day it arrives raises a reminder', async () => {
    const { w, id } = await demoCompany(0)
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
    const bill = bills.find((b) => b.daysUntilDue > 0) ?? bills[0]!
    const row = await call<BillRow>(w, 'bills.schedule', {
      companyId: id,
      billId: bill.id,
      payOn: '2027-01-08'
    })
    expect(row).toMatchObject({ scheduledPayOn: '2027-01-08', plannedDate: '2027-01-08' })
    // The audit trail writes the date as every screen does, not as YYYY-MM-DD.
    const [entry] = await call<ActivityEntry[]>(w, 'activity.list', { companyId: id, limit: 1 })
    expect(entry!.details.summary).toMatch(/ for 8 Jan 2027/)
    expect(
      await failure(w, 'bills.schedule', { companyId: id, billId: bill.id, payOn: '2026-01-01' })
    ).toMatchObject({ kind: 'validation', field: 'payOn' })
    expect(
      await failure(w, 'bills.schedule', { companyId: id, billId: bill.id, payOn: '2027-02-30' })
    ).toMatchObject({ kind: 'validation', field: 'payOn' })
    const due: unknown[] = []
    w.core.subscribe((event, payload) => event === 'bills.payDue' && due.push(payload))
    w.clock.set('2027-01-08T12:00:00Z')
    await w.core.services.jobs.tick()
    expect(due).toEqual([{ companyId: id, billIds: [bill.id] }])
    await w.core.services.jobs.tick()
    expect(due).toHaveLength(1)
  })

  it('sends a reminder through QBO, logs the stage, and keeps a week between reminders', async () => {
    const { w, id } = await demoCompany(2)
    const invoices = await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })
    const target = invoices.find((i) => i.reminder.action === 'send')!
    const sent = await call<{ status: string; stage: string }>(w, 'collections.sendReminder', {
      companyId: id,
      invoiceId: target.id
    })
    expect(sent).toMatchObject({ status: 'sent', stage: target.stage })
    const outbox = await w.control<{ messages: { invoiceId: string }[] }>('GET', '/outbox')
    expect(outbox.messages.map((m) => m.invoiceId)).toEqual([target.id])
    const after = (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find(
      (i) => i.id === target.id
    )!
    expect(after).toMatchObject({ reminderCount: 1, reminder: { action: 'wait' } })
    // The rules hold for clicks too: a week between reminders, none before the due date.
    expect(
      await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })
    ).toMatchObject({ kind: 'conflict', message: expect.stringContaining('next one can go on') })
    const notDue = invoices.find((i) => i.daysOverdue === 0)
    if (notDue)
      expect(
        await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: notDue.id })
      ).toMatchObject({ kind: 'conflict' })
    expect((await w.control<{ messages: unknown[] }>('GET', '/outbox')).messages).toHaveLength(1)
  })

  it('earmarks cash: a reserve lowers available cash, removing it gives it back', async () => {
    const { w, id } = await demoCompany(0)
    const base = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const reserves = await call<{ id: string }[]>(w, 'reserves.set', {
      companyId: id,
      name: 'Payroll',
      amountCents: 2_500_000
    })
    const held = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(base.availableCashCents - held.availableCashCents).toBe(2_500_000)
    await call(w, 'reserves.set', { companyId: id, name: 'payroll', amountCents: 1_000_000 })
    expect((await call<RunwayView>(w, 'runway.get', { companyId: id })).reservedCents).toBe(1_000_000)
    await call(w, 'reserves.remove', { companyId: id, reserveId: reserves[0]!.id })
    expect((await call<RunwayView>(w, 'runway.get', { companyId: id })).availableCashCents).toBe(
      base.availableCashCents
    )
    expect(await failure(w, 'reserves.set', { companyId: id, name: ' ', amountCents: 5 })).toMatchObject({
      kind: 'validation',
      field: 'name'
    })
  })

  it('evaluates what-if scenarios beside the base case', async () => {
    const { w, id } = await demoCompany(2)
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
    const view = await call<{
      base: { cashZeroDate: string | null }
      scenario: { cashZeroDate: string | null }
      ignored: unknown[]
    }>(w, 'scenarios.evaluate', {
      companyId: id,
      changes: [
        ...bills.slice(0, 5).map((b) => ({ kind: 'delay-bill', billId: b.id, to: '2027-01-15' })),
        { kind: 'one-off', date: '2026-11-26', amountCents: 50_000_000, label: 'Loan' }
      ]
    })
    expect(view.ignored).toEqual([])
    expect(
      view.scenario.cashZeroDate === null || view.scenario.cashZeroDate > (view.base.cashZeroDate ?? '')
    ).toBe(true)
    expect(
      await failure(w, 'scenarios.evaluate', {
        companyId: id,
        changes: [{ kind: 'delay-bill', billId: 'x' }]
      })
    ).toMatchObject({ kind: 'validation' })
  })
})

describe('offline outbox', () => {
  it('an action taken offline waits, is shown as pending, and runs exactly once when QBO is back', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const bill = (await call<BillRow[]>(w, 'bills.list', { companyId: id }))[0]!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    await w.control('POST', '/outage', { mode: 'reset' })
    const queued = await call<PayResult>(w, 'bills.pay', {
      companyId: id,
      billIds: [bill.id],
      bankAccountId: bank.id
    })
    expect(queued.status).toBe('queued')
    expect(await call<OutboxItem[]>(w, 'outbox.list', { companyId: id })).toEqual([
      expect.objectContaining({ status: 'pending', action: 'bills.pay' })
    ])
    expect(
      (await call<BillRow[]>(w, 'bills.list', { companyId: id })).find((b) => b.id === bill.id)!.pending
    ).toBe(true)
    // The cached screens keep working offline, and paying the same bill again is refused.
    expect((await call<RunwayView>(w, 'runway.get', { companyId: id })).cashCents).toBeGreaterThan(0)
    expect(
      await failure(w, 'bills.pay', { companyId: id, billIds: [bill.id], bankAccountId: bank.id })
    ).toMatchObject({ kind: 'conflict' })
    await w.control('DELETE', '/outage')
    await call(w, 'sync.now', { companyId: id })
    expect(await call<OutboxItem[]>(w, 'outbox.list', { companyId: id })).toEqual([
      expect.objectContaining({ status: 'done' })
    ])
    const payments = (await qboRecords(w, realmId, 'BillPayment')).filter((p) =>
      (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) =>
        l.LinkedTxn.some((t) => t.TxnId === bill.id)
      )
    )
    expect(payments).toHaveLength(1)
    // A second sync replays nothing.
    await w.control('DELETE', '/log')
    await call(w, 'sync.now', { companyId: id })
    expect((await requestLog(w)).filter((e) => e.path.endsWith('/billpayment'))).toHaveLength(0)
  })

  it('a sync while a live payment waits for QBO: one payment, nothing left waiting', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const bill = (await call<BillRow[]>(w, 'bills.list', { companyId: id }))[0]!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    await w.control('POST', '/faults', {
      kind: 'latency',
      ms: 800,
      match: { method: 'POST', path: '/billpayment$' }
    })
    const paying = w.core.invoke('bills.pay', { companyId: id, billIds: [bill.id], bankAccountId: bank.id })
    await new Promise((resolve) => setTimeout(resolve, 200))
    // Its outbox entry, written before QBO was asked, is the action's own: not listed, not replayed.
    const db = openDataFolder(w.dataDir, { readonly: true })
    expect(db.prepare(`select status from outbox where company_id = ?`).pluck().all(id)).toEqual(['live'])
    db.close()
    expect(await call<OutboxItem[]>(w, 'outbox.list', { companyId: id })).toEqual([])
    expect(
      (await call<BillRow[]>(w, 'bills.list', { companyId: id })).find((b) => b.id === bill.id)
    ).toMatchObject({ pending: false })
    await call(w, 'sync.now', { companyId: id })
    expect(await paying).toMatchObject({ ok: true, value: { status: 'paid' } })
    const payments = (await qboRecords(w, realmId, 'BillPayment')).filter((p) =>
      (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) =>
        l.LinkedTxn.some((t) => t.TxnId === bill.id)
      )
    )
    expect(payments).toHaveLength(1)
    expect(await call<OutboxItem[]>(w, 'outbox.list', { companyId: id })).toEqual([])
  })

  it('a replay that meets a bill paid meanwhile in QBO is set aside with what changed, not paid twice', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const bill = (await call<BillRow[]>(w, 'bills.list', { companyId: id }))[0]!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    await w.control('POST', '/outage', { mode: 'reset' })
    expect(
      (await call<PayResult>(w, 'bills.pay', { companyId: id, billIds: [bill.id], bankAccountId: bank.id }))
        .status
    ).toBe('queued')
    await w.control('DELETE', '/outage')
    // Someone pays it in QuickBooks directly before the app comes back online.
    await w.control('POST', `/realms/${realmId}/mutate`, {
      operation: 'create',
      entity: 'BillPayment',
      record: {
        VendorRef: { value: bill.vendorId },
        PayType: 'Check',
        CheckPayment: { BankAccountRef: { value: bank.id } },
        TotalAmt: bill.balanceCents / 100,
        Line: [{ Amount: bill.balanceCents / 100, LinkedTxn: [{ TxnId: bill.id, TxnType: 'Bill' }] }]
      }
    })
    await call(w, 'sync.now', { companyId: id })
    const [item] = await call<OutboxItem[]>(w, 'outbox.list', { companyId: id })
    expect(item).toMatchObject({
      status: 'conflict',
      problem: expect.stringContaining('paid in QuickBooks meanwhile')
    })
    const payments = (await qboRecords(w, realmId, 'BillPayment')).filter((p) =>
      (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) =>
        l.LinkedTxn.some((t) => t.TxnId === bill.id)
      )
    )
    expect(payments).toHaveLength(1)
    expect(await call(w, 'outbox.dismiss', { id: item!.id })).toEqual({ dismissed: true })
    // Gone from the outbox, kept in the audit trail with what it had come to.
    const trail = await call<ActivityEntry[]>(w, 'activity.list', { companyId: id })
    expect(trail.find((e) => e.action === 'outbox.dismissed')?.details).toMatchObject({
      summary: `Dismissed: ${item!.summary}`,
      outcome: 'conflict'
    })
  })
})

describe('no reminder twice, no payment of another amount', () => {
  async function overdue(w: World, id: string): Promise<InvoiceRow> {
    return (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find(
      (i) => i.reminder.action === 'send'
    )!
  }
  const emails = async (w: World): Promise<unknown[]> =>
    (await w.control<{ messages: unknown[] }>('GET', '/outbox')).messages

  it('a second click while the first reminder is on its way is refused: one email', async () => {
    const { w, id } = await demoCompany(2)
    const target = await overdue(w, id)
    await w.control('POST', '/latency', { ms: 200 })
    const results = await Promise.all(
      [0, 1].map(() => w.core.invoke('collections.sendReminder', { companyId: id, invoiceId: target.id }))
    )
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.find((r) => !r.ok)).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringContaining('being sent right now') }
    })
    expect(await emails(w)).toHaveLength(1)
  })

  it('a reminder queued offline refuses another, shows as waiting, and goes out once when QBO is back', async () => {
    const { w, id } = await demoCompany(2)
    const target = await overdue(w, id)
    await w.control('POST', '/outage', { mode: 'reset' })
    expect(await call(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })).toMatchObject({
      status: 'queued'
    })
    expect(
      (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find((i) => i.id === target.id)
    ).toMatchObject({ reminderPending: true })
    expect(
      await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })
    ).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('already waiting')
    })
    await w.control('DELETE', '/outage')
    expect(
      await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })
    ).toMatchObject({ kind: 'conflict' })
    await call(w, 'sync.now', { companyId: id })
    await call(w, 'sync.now', { companyId: id })
    expect(await emails(w)).toHaveLength(1)
    expect(
      (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find((i) => i.id === target.id)
    ).toMatchObject({
      reminderPending: false,
      reminderCount: 1
    })
  })

  it('a reminder QBO sent but whose answer was lost counts as sent, and is not sent again', async () => {
    const { w, id } = await demoCompany(2)
    const target = await overdue(w, id)
    // The email goes, the answer is lost, and every resend meets a 429.
    await w.control('POST', '/faults', { kind: 'commit-drop', count: 1, match: { path: '/send$' } })
    await w.control('POST', '/faults', { kind: 'throttle', match: { path: '/send$' } })
    expect(await call(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })).toMatchObject({
      status: 'sent'
    })
    await w.control('DELETE', '/faults')
    expect(
      await failure(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })
    ).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('next one can go on')
    })
    expect(await emails(w)).toHaveLength(1)
  })

  it('a reminder queued after a lost answer is recorded, not sent again, when the outbox replays', async () => {
    const { w, id } = await demoCompany(2)
    const target = await overdue(w, id)
    // The email goes and the answer is lost; QBO cannot be asked whether it went, so it waits.
    await w.control('POST', '/faults', { kind: 'commit-drop', count: 1, match: { path: '/send$' } })
    await w.control('POST', '/faults', { kind: 'reset', match: { method: 'GET' } })
    await w.control('POST', '/faults', { kind: 'reset', match: { path: '/send$' } })
    expect(await call(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })).toMatchObject({
      status: 'queued'
    })
    await w.control('DELETE', '/faults')
    await call(w, 'sync.now', { companyId: id })
    expect(await call<OutboxItem[]>(w, 'outbox.list', { companyId: id })).toEqual([
      expect.objectContaining({ status: 'done' })
    ])
    expect(await emails(w)).toHaveLength(1)
    expect(
      (await call<InvoiceRow[]>(w, 'invoices.list', { companyId: id })).find((i) => i.id === target.id)
    ).toMatchObject({ reminderCount: 1 })
  })

  it('a reminder that went out before the app died is recorded once when its entry is replayed after the restart', async () => {
    const { w, id } = await demoCompany(2)
    const target = await overdue(w, id)
    expect(await call(w, 'collections.sendReminder', { companyId: id, invoiceId: target.id })).toMatchObject({
      status: 'sent'
    })
    // As if the app died after recording it but before its live outbox entry was removed.
    const db = openDataFolder(w.dataDir)
    const sent = db
      .prepare('select request_id, stage, sent_to from reminders where company_id = ? and invoice_id = ?')
      .get(id, target.id) as { request_id: string; stage: string; sent_to: string }
    const payload = {
      invoiceId: target.id,
      docNumber: target.docNumber,
      customerName: target.customerName,
      sendTo: sent.sent_to,
      stage: sent.stage,
      deliveredBefore: null
    }
    db.prepare(
      `insert into outbox (id, company_id, request_id, action, payload_json, summary, status, created_at, updated_at)
       values ('crashed', ?, ?, 'collections.sendReminder', ?, 'Remind', 'live', ?, ?)`
    ).run(id, sent.request_id, JSON.stringify(payload), START, START)
    db.close()
    await w.core.stop()
    const core = await createCore({ dataDir: w.dataDir, host: 'cli', clock: w.clock, jobs: false })
    try {
      expect(await core.invoke('outbox.list', { companyId: id })).toMatchObject({
        ok: true,
        value: [{ status: 'pending' }]
      })
      expect(await core.invoke('sync.now', { companyId: id })).toMatchObject({ ok: true })
      expect(await core.invoke('outbox.list', { companyId: id })).toMatchObject({
        ok: true,
        value: [{ status: 'done' }]
      })
      const invoices = await core.invoke('invoices.list', { companyId: id })
      expect((invoices as { value: InvoiceRow[] }).value.find((i) => i.id === target.id)).toMatchObject({
        reminderCount: 1
      })
      expect(await emails(w)).toHaveLength(1)
    } finally {
      await core.stop()
    }
  })

  it('a replay does not take an entry settled since it read the list', async () => {
    const { w, id } = await demoCompany(0)
    const { outbox } = w.core.services
    const entry = await outbox.enqueue({
      companyId: id,
      requestId: 'r-1',
      action: 'bills.pay',
      payload: { bills: [] },
      summary: 'Pay'
    })
    const live = await outbox.enqueue({
      companyId: id,
      requestId: 'r-2',
      action: 'bills.pay',
      payload: { bills: [] },
      summary: 'Pay',
      status: 'live'
    })
    expect((await outbox.waiting(id)).map((e) => e.id)).toEqual([entry])
    await outbox.mark(entry, 'done')
    expect(await outbox.claim(entry)).toBe(false)
    expect(await outbox.claim(live)).toBe(false)
  })

  it('a payment whose bill changed since the person confirmed it is refused, not made for another amount', async () => {
    const { w, id, realmId } = await demoCompany(0)
    const bill = (await call<BillRow[]>(w, 'bills.list', { companyId: id }))[0]!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    // The dialog showed a balance a sync has since changed.
    expect(
      await failure(w, 'bills.pay', {
        companyId: id,
        billIds: [bill.id],
        bankAccountId: bank.id,
        confirmedCents: bill.balanceCents + 50_000
      })
    ).toMatchObject({ kind: 'stale', message: expect.stringContaining('you confirmed') })
    const paid = (await qboRecords(w, realmId, 'BillPayment')).filter((p) =>
      (p.Line as { LinkedTxn: { TxnId: string }[] }[]).some((l) =>
        l.LinkedTxn.some((t) => t.TxnId === bill.id)
      )
    )
    expect(paid).toHaveLength(0)
    expect(
      await call<PayResult>(w, 'bills.pay', {
        companyId: id,
        billIds: [bill.id],
        bankAccountId: bank.id,
        confirmedCents: bill.balanceCents
      })
    ).toMatchObject({
      status: 'paid'
    })
  })
})

describe('multi-currency books', () => {
  it('counts foreign bills in home currency at their exchange rate, and a foreign bank account at the latest one', async () => {
    const realm = tinyRealm()
    const w = await world({ realms: [realm] })
    worlds.push(w)
    const raw = async (entity: string, record: Rec): Promise<void> => {
      await w.control('POST', `/realms/${w.realmId}/mutate`, { operation: 'raw', entity, record })
    }
    const vendor = (realm as unknown as { ids: { vendors: string[] } }).ids.vendors[1]!
    await raw('Bill', {
      VendorRef: { value: vendor },
      TxnDate: '2026-11-20',
      DueDate: '2026-12-20',
      TotalAmt: 1000,
      Balance: 1000,
      CurrencyRef: { value: 'EUR' },
      ExchangeRate: 1.0855,
      Line: []
    })
    await raw('Bill', {
      VendorRef: { value: vendor },
      TxnDate: '2026-11-20',
      DueDate: '2026-12-22',
      TotalAmt: 250.5,
      Balance: 250.5,
      Line: []
    })
    await raw('Account', {
      Name: 'Euro Account',
      AccountType: 'Bank',
      CurrentBalance: 9999,
      CurrencyRef: { value: 'EUR' },
      Active: true
    })
    const id = await w.connect()
    await call(w, 'sync.now', { companyId: id })
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(runway.homeCurrency).toBe('USD')
    // €1,000.00 × 1.0855 = $1,085.50, plus $250.50
    expect(runway.apCents).toBe(108_550 + 25_050)
    // €9,999.00 at the bill's 1.0855, the only euro rate in the books: $10,853.91
    expect(runway.cashCents).toBe(2_500_000 + 1_085_391)
    expect(runway.foreignCash).toEqual([
      expect.objectContaining({
        currency: 'EUR',
        balanceCents: 999_900,
        homeCents: 1_085_391,
        rate: 1.0855,
        rateDate: '2026-11-20'
      })
    ])
  })
})
