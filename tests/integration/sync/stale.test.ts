// Honest after failures: a sync that fails part-way never feeds the forecast half the books. QBO
// (the sandbox, over HTTP) fails every invoice query while the other types load; the screens keep
// the last consistent figures, marked stale with the reason and the time, until a sync completes.

import { afterEach, describe, expect, it } from 'vitest'
import { trayView } from '../../../src/main/core/experiences/tray'
import type { PortfolioList, SyncSummary } from '../../../src/shared/contract'
import { parseMoney } from '../../../src/shared/money'
import type { RunwayView } from '../../../src/shared/views'
import { world, type World } from '../../helpers/sandbox'
import { call } from '../../helpers/invoke'
import { openDataFolder } from '../../helpers/data-folder'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

type Rec = Record<string, unknown>

async function sync(w: World, id: string): Promise<SyncSummary> {
  return (await call<SyncSummary[]>(w, 'sync.now', { companyId: id }))[0]!
}

async function account(w: World, realmId: string, type: string): Promise<number> {
  const { records } = await w.control<{ records: Rec[] }>(
    'GET',
    `/realms/${realmId}/entities/Account?limit=1000`
  )
  return parseMoney(records.find((a) => a.AccountType === type)!.CurrentBalance as number)
}

const failInvoices = (w: World): Promise<unknown> =>
  w.control('POST', '/faults', { kind: 'error', status: 500, match: { entity: 'Invoice' } })

const DAY = 86_400_000

describe('a sync that fails part-way', () => {
  it('before any complete sync: no figures rather than half the books, until a sync completes', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const realm = w.sandbox.info.realms[1]!
    await failInvoices(w)
    const id = await w.connect(realm.realmId)
    const failed = await sync(w, id)
    expect(failed.ok).toBe(false)
    expect(failed.written).toBeGreaterThan(0) // the bills and the rest did load

    // The repro said "0 days, critical, AR −$1,153.13" here.
    const refused = await w.core.invoke('runway.get', { companyId: id })
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'stale', message: expect.stringContaining('stopped part-way') }
    })
    const {
      rows: [row]
    } = await call<PortfolioList>(w, 'portfolio.list')
    expect(row).toMatchObject({
      snapshot: null,
      stale: { reason: failed.error!.message, since: w.clock.now().toISOString() }
    })

    await w.control('DELETE', '/faults')
    expect((await sync(w, id)).ok).toBe(true)
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(runway.stale).toBeNull()
    expect(runway.arCents).toBe(await account(w, realm.realmId, 'Accounts Receivable'))
    expect((await call<PortfolioList>(w, 'portfolio.list')).rows[0]).toMatchObject({
      stale: null,
      snapshot: { runwayDays: runway.runwayDays }
    })
  })

  it('after a complete one: the last consistent figures, marked stale with the reason and the time', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const realm = w.sandbox.info.realms[1]!
    const id = await w.connect(realm.realmId)
    expect((await sync(w, id)).ok).toBe(true)
    const good = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const goodRow = (await call<PortfolioList>(w, 'portfolio.list')).rows[0]!
    const syncedAt = good.dataAsOf

    // A month later (past what CDC looks back on, so every type is read in full again) a new bill
    // has come in, and QBO fails every invoice query.
    w.clock.advance(31 * DAY)
    const { records: vendors } = await w.control<{ records: Rec[] }>(
      'GET',
      `/realms/${realm.realmId}/entities/Vendor?limit=1`
    )
    const { records: expenses } = await w.control<{ records: Rec[] }>(
      'GET',
      `/realms/${realm.realmId}/entities/Account?limit=1000`
    )
    const expense = expenses.find((a) => a.AccountType === 'Expense')!
    const { record: bill } = await w.control<{ record: Rec }>('POST', `/realms/${realm.realmId}/mutate`, {
      operation: 'create',
      entity: 'Bill',
      record: {
        VendorRef: { value: vendors[0]!.Id },
        DueDate: '2027-01-05',
        Line: [
          {
            DetailType: 'AccountBasedExpenseLineDetail',
            Amount: 40_000,
            AccountBasedExpenseLineDetail: { AccountRef: { value: expense.Id } }
          }
        ]
      }
    })
    await failInvoices(w)
    const failed = await sync(w, id)
    expect(failed).toMatchObject({ ok: false, mode: 'full' })
    const failedAt = w.clock.now().toISOString()
    // The cache does hold the new bill (and whatever invoices the last sync left): half the books.
    const db = openDataFolder(w.dataDir, { readonly: true })
    expect(
      db
        .prepare('select count(*) from qbo_bills where company_id = ? and qbo_id = ?')
        .pluck()
        .get(id, bill.Id)
    ).toBe(1)
    db.close()

    const stale = await call<RunwayView>(w, 'runway.get', { companyId: id })
    // The books as the last complete sync left them: not the new bill without the invoices.
    expect(stale.stale).toEqual({ reason: failed.error!.message, since: failedAt })
    expect(stale.dataAsOf).toBe(syncedAt)
    expect({ ap: stale.apCents, ar: stale.arCents, cash: stale.cashCents }).toEqual({
      ap: good.apCents,
      ar: good.arCents,
      cash: good.cashCents
    })
    const list = await call<PortfolioList>(w, 'portfolio.list')
    const { rows } = list
    expect(rows[0]).toMatchObject({
      stale: { reason: failed.error!.message, since: failedAt },
      snapshot: goodRow.snapshot
    })
    expect(trayView(list).items[0]!.label).toContain('last sync failed')
    const digest = await call<{ stale: unknown; variance: string[] }>(w, 'digest.get', {
      companyId: id,
      weekEnd: stale.asOf
    })
    expect(digest.stale).toEqual(stale.stale)
    expect(digest.variance[0]).toContain(failed.error!.message)

    // A decision taken meanwhile counts at once, on the same consistent books.
    await call(w, 'reserves.set', { companyId: id, name: 'Payroll', amountCents: 1_000_000 })
    const reserved = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(reserved).toMatchObject({ reservedCents: 1_000_000, apCents: good.apCents, stale: stale.stale })

    // Once a sync completes, the figures are whole and current again: the new bill is in.
    await w.control('DELETE', '/faults')
    expect((await sync(w, id)).ok).toBe(true)
    const whole = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(whole.stale).toBeNull()
    expect(whole.apCents).toBe(await account(w, realm.realmId, 'Accounts Payable'))
    expect(whole.apCents - good.apCents).toBe(4_000_000)
    expect(whole.arCents).toBe(await account(w, realm.realmId, 'Accounts Receivable'))
    expect((await call<PortfolioList>(w, 'portfolio.list')).rows[0]!.stale).toBeNull()
  })

  it('keeps a copy of the books only when whole books are about to be half written', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const realm = w.sandbox.info.realms[1]!
    const id = await w.connect(realm.realmId)
    const copies = (): { synced_at: string }[] => {
      const db = openDataFolder(w.dataDir, { readonly: true })
      try {
        return db.prepare('select synced_at from consistent_books where company_id = ?').all(id) as {
          synced_at: string
        }[]
      } finally {
        db.close()
      }
    }
    // A first read has nothing whole to keep; CDC and actions write in one transaction each. A
    // firm's every sync used to serialise the whole books here.
    expect((await sync(w, id)).ok).toBe(true)
    const good = await call<RunwayView>(w, 'runway.get', { companyId: id })
    await call(w, 'reserves.set', { companyId: id, name: 'Payroll', amountCents: 100_000 })
    w.clock.advance(DAY)
    expect(await sync(w, id)).toMatchObject({ ok: true, mode: 'incremental' })
    expect(copies()).toEqual([])

    // Past the CDC window every type is read in full again: the books as they stood are kept first,
    // and a read that fails part-way falls back on them.
    w.clock.advance(31 * DAY)
    await failInvoices(w)
    expect(await sync(w, id)).toMatchObject({ ok: false, mode: 'full' })
    expect(copies()).toEqual([{ synced_at: expect.any(String) }])
    const stale = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(stale.dataAsOf).toBe(copies()[0]!.synced_at)
    expect(stale.dataAsOf! > good.dataAsOf!).toBe(true)
    expect({ ap: stale.apCents, ar: stale.arCents, reserved: stale.reservedCents }).toEqual({
      ap: good.apCents,
      ar: good.arCents,
      reserved: 100_000
    })
  })

  it('a sync that fails before writing anything keeps the cache and says so', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const id = await w.connect(w.sandbox.info.realms[0]!.realmId)
    expect((await sync(w, id)).ok).toBe(true)
    const good = await call<RunwayView>(w, 'runway.get', { companyId: id })
    await w.control('POST', '/outage', { mode: '503' })
    const failed = await sync(w, id)
    expect(failed.ok).toBe(false)
    const stale = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(stale).toMatchObject({
      runwayDays: good.runwayDays,
      cashCents: good.cashCents,
      dataAsOf: good.dataAsOf
    })
    expect(stale.stale).toMatchObject({ reason: failed.error!.message })
  })
})
