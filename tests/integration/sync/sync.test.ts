import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import { startSandbox } from '@runway/qbo-sandbox'
import type { SyncSummary } from '../../../src/shared/contract'
import { SYNCED_ENTITIES } from '../../../src/main/core/qbo/entities'
import { cacheSnapshot, sandboxSnapshot } from '../../helpers/compare'
import { connect } from '../../helpers/connect'
import { requestLog, START, tinyRealm, world, type World } from '../../helpers/sandbox'
import { openDataFolder } from '../../helpers/data-folder'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

async function demo(): Promise<World> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  worlds.push(w)
  return w
}

async function syncNow(w: World, companyId: string): Promise<SyncSummary> {
  const result = await w.core.invoke('sync.now', { companyId })
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return (result.value as SyncSummary[])[0]!
}

type Rec = Record<string, unknown>
async function mutate(
  w: World,
  realmId: string,
  operation: string,
  entity: string,
  record: Rec
): Promise<Rec> {
  return (
    await w.control<{ record: Rec }>('POST', `/realms/${realmId}/mutate`, { operation, entity, record })
  ).record
}

/** A bill nobody has paid yet: QBO refuses to delete one with payments applied. */
async function unpaidBill(w: World): Promise<Rec> {
  const bills = (await w.control<{ records: Rec[] }>('GET', `/realms/${w.realmId}/entities/Bill?limit=1000`))
    .records
  return bills.find((b) => ((b.LinkedTxn as unknown[] | undefined) ?? []).length === 0)!
}

describe('first sync', () => {
  it('copies the sandbox exactly: row counts, ids, SyncTokens and sums per entity', async () => {
    const w = await demo()
    const progress: unknown[] = []
    w.core.subscribe((event, payload) => event === 'sync.progress' && progress.push(payload))
    const id = await w.connect()
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full', skipped: 0 })
    expect(summary.fetched).toBeGreaterThan(500)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    expect(progress.length).toBeGreaterThan(12)
    expect(progress).toContainEqual({
      companyId: id,
      entity: 'Bill',
      done: expect.any(Number),
      total: expect.any(Number)
    })
    const status = await w.core.invoke('sync.status', { companyId: id })
    expect(status).toMatchObject({ ok: true, value: { running: false, lastSyncAt: START } })
    expect(
      (status as { value: { entities: { lastSyncedAt: string | null }[] } }).value.entities.every(
        (e) => e.lastSyncedAt === START
      )
    ).toBe(true)
  })
})

describe('inactive records', () => {
  it('a first sync and a full re-read keep inactive vendors and customers (QBO lists only active ones unless asked)', async () => {
    const w = await demo()
    const vendor = await mutate(w, w.realmId, 'create', 'Vendor', { DisplayName: 'Retired Supplier Co' })
    await mutate(w, w.realmId, 'update', 'Vendor', {
      Id: vendor.Id,
      SyncToken: vendor.SyncToken,
      DisplayName: 'Retired Supplier Co',
      Active: false
    })
    const id = await w.connect()
    expect(await syncNow(w, id)).toMatchObject({ ok: true, mode: 'full' })
    const inactive = (): unknown => {
      const db = openDataFolder(w.dataDir, { readonly: true })
      try {
        return db
          .prepare('select active from qbo_vendors where company_id = ? and qbo_id = ?')
          .pluck()
          .get(id, vendor.Id)
      } finally {
        db.close()
      }
    }
    expect(inactive()).toBe(0)
    // Past CDC's window the whole company is read again and swept: the inactive vendor stays.
    w.clock.advance(31 * 86_400_000)
    expect(await syncNow(w, id)).toMatchObject({ ok: true, mode: 'full', deleted: 0 })
    expect(inactive()).toBe(0)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })
})

describe('clocks', () => {
  it("a change made in QBO while pages are read is caught even when QBO's clock is behind ours", async () => {
    // QBO's clock ten minutes behind the laptop's: the read must start its CDC cursor by QBO's time.
    let ours = (): number => Date.parse(START)
    const w = await world({
      sandbox: {
        size: 'demo',
        seed: 7,
        today: '2026-11-26',
        clock: () => ours() - 10 * 60_000,
        latencyMs: 30
      }
    })
    worlds.push(w)
    ours = () => w.clock.now().getTime()
    const id = await w.connect()
    const vendors = (
      await w.control<{ records: Rec[] }>('GET', `/realms/${w.realmId}/entities/Vendor?limit=1000`)
    ).records
    let changed: Promise<unknown> | null = null
    w.core.subscribe((event, payload) => {
      const p = payload as { entity?: string; done?: number; total?: number }
      // Once every vendor page is written, rename one in QBO while other pages are still on their way.
      if (
        event === 'sync.progress' &&
        p.entity === 'Vendor' &&
        p.done === p.total &&
        p.done! > 0 &&
        !changed
      ) {
        changed = mutate(w, w.realmId, 'update', 'Vendor', {
          Id: vendors[0]!.Id,
          DisplayName: 'Renamed Mid-Read Ltd',
          sparse: true
        })
      }
    })
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    expect(changed).not.toBeNull()
    await changed
    const db = openDataFolder(w.dataDir, { readonly: true })
    const name = db
      .prepare('select display_name from qbo_vendors where company_id = ? and qbo_id = ?')
      .pluck()
      .get(id, vendors[0]!.Id)
    db.close()
    // Caught by the CDC request that ends this very sync, not left for a full re-read a month away.
    expect(name).toBe('Renamed Mid-Read Ltd')
  })
})

describe('incremental sync', () => {
  it('brings an edit, a create and a delete in through ONE CDC request', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    w.clock.advance(5 * 60_000)
    const bills = (
      await w.control<{ records: Rec[] }>('GET', `/realms/${w.realmId}/entities/Bill?limit=1000`)
    ).records
    const vendor = (bills[0]!.VendorRef as { value: string }).value
    const line = (bills[0]!.Line as Rec[])[0]!
    await mutate(w, w.realmId, 'update', 'Bill', {
      Id: bills[1]!.Id,
      PrivateNote: 'edited in QBO',
      sparse: true
    })
    const created = await mutate(w, w.realmId, 'create', 'Bill', {
      VendorRef: { value: vendor },
      TxnDate: '2026-11-25',
      DueDate: '2026-12-20',
      Line: [line]
    })
    // QBO refuses to delete a bill with payments applied: pick one nobody has paid yet.
    const open = bills.find(
      (b) => b.Id !== bills[1]!.Id && ((b.LinkedTxn as unknown[] | undefined) ?? []).length === 0
    )!
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: open.Id })
    w.clock.advance(60_000)
    await w.control('DELETE', '/log')
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'incremental', requests: 1 })
    const log = (await requestLog(w)).filter((e) => e.area === 'api')
    expect(log.map((e) => e.path.split('/').pop())).toEqual(['cdc'])
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    const db = openDataFolder(w.dataDir, { readonly: true })
    expect(
      db
        .prepare('select count(*) from qbo_bills where company_id = ? and qbo_id = ?')
        .pluck()
        .get(id, created.Id)
    ).toBe(1)
    expect(
      db
        .prepare('select count(*) from qbo_bills where company_id = ? and qbo_id = ?')
        .pluck()
        .get(id, open.Id)
    ).toBe(0)
    db.close()
  })

  it('falls back to a full re-sync past the 30-day CDC window: rows QBO lost are swept, links replaced', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    // Deleted more than 30 days ago: CDC can no longer tell, only the full re-read's sweep can.
    const unpaid = await unpaidBill(w)
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: unpaid.Id })
    // A bill payment that now pays less of its bill: its link must be replaced, not kept beside the new one.
    const payment = (
      await w.control<{ records: Rec[] }>('GET', `/realms/${w.realmId}/entities/BillPayment?limit=1000`)
    ).records.find((p) => (p.Line as Rec[]).length === 1 && (p.Line as Rec[])[0]!.Amount !== undefined)!
    const line = (payment.Line as Rec[])[0]!
    await mutate(w, w.realmId, 'update', 'BillPayment', {
      ...payment,
      TotalAmt: 1,
      Line: [{ ...line, Amount: 1 }]
    })
    w.clock.advance(31 * 86_400_000)
    await mutate(w, w.realmId, 'create', 'Vendor', { DisplayName: 'Brand New Vendor LLC' })
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    expect(summary.deleted).toBeGreaterThanOrEqual(1)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    const db = openDataFolder(w.dataDir, { readonly: true })
    const links = db
      .prepare(
        `select amount_cents from qbo_links where company_id = ? and from_entity = 'BillPayment' and from_id = ?`
      )
      .pluck()
      .all(id, payment.Id)
    db.close()
    expect(links).toEqual([100])
  })

  it('re-reads in full when one CDC answer carries 1000 objects across types (Intuit caps the whole answer)', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    w.clock.advance(60_000)
    for (let i = 0; i < 520; i++)
      await mutate(w, w.realmId, 'create', 'Customer', { DisplayName: `Spread Customer ${i}` })
    for (let i = 0; i < 500; i++)
      await mutate(w, w.realmId, 'create', 'Vendor', { DisplayName: `Spread Vendor ${i}` })
    w.clock.advance(60_000)
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('re-reads in full an entity type whose CDC answer was truncated at 1000 objects', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    w.clock.advance(60_000)
    for (let i = 0; i < 1001; i++)
      await mutate(w, w.realmId, 'create', 'Customer', { DisplayName: `Bulk Customer ${i}` })
    w.clock.advance(60_000)
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })
})

describe('deletions while pages are read', () => {
  /** 2,100 unpaid bills with ids 3000–5099, so QBO's pages of 1000 end at ids 3999 and 4999. */
  function manyBills(): ReturnType<typeof tinyRealm> {
    const realm = tinyRealm()
    const vendor = (realm as unknown as { ids: { vendors: string[] } }).ids.vendors[1]!
    for (let i = 0; i < 2100; i++) {
      const Id = String(3000 + i)
      realm.entities.Bill.set(Id, {
        Id,
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        MetaData: { CreateTime: '2026-11-01T09:00:00-08:00', LastUpdatedTime: '2026-11-01T09:00:00-08:00' },
        VendorRef: { value: vendor },
        TxnDate: '2026-11-01',
        DueDate: '2026-12-01',
        TotalAmt: 10,
        Balance: 10,
        Line: [
          {
            Id: '1',
            DetailType: 'AccountBasedExpenseLineDetail',
            Amount: 10,
            AccountBasedExpenseLineDetail: { AccountRef: { value: '3' } }
          }
        ]
      })
    }
    realm.nextId = 6000
    return realm
  }

  /** As if the read of `manyBills` had stopped after its first two pages of bills. */
  function stopAfterTwoBillPages(w: World, id: string): void {
    const db = openDataFolder(w.dataDir)
    db.prepare(
      `update sync_state set full_pages = '[1,1001]', full_done_at = null, cdc_since = null where company_id = ? and entity = 'Bill'`
    ).run(id)
    db.prepare(`delete from qbo_bills where company_id = ? and cast(qbo_id as integer) >= 5000`).run(id)
    db.close()
  }

  it('a read resumed after a deletion reads the type again: the row the deletion moved onto a written page is not lost', async () => {
    const w = await world({ realms: [manyBills()] })
    worlds.push(w)
    const id = await w.connect()
    await syncNow(w, id)
    stopAfterTwoBillPages(w, id)
    // Deleted before the read resumes: bill 5000 moves back onto the second page, already written.
    w.clock.advance(60_000)
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: '3004' })
    w.clock.advance(60_000)
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('a deletion made during a read that CDC shows only at the next sync still has the type read again', async () => {
    const w = await demo()
    const id = await w.connect()
    // The read takes a while: a second per page.
    const unsubscribe = w.core.subscribe((event, payload) => {
      if (event === 'sync.progress' && (payload as { done: number }).done > 0) w.clock.advance(1000)
    })
    await syncNow(w, id)
    unsubscribe()
    const read = openDataFolder(w.dataDir, { readonly: true })
    const state = read
      .prepare(
        `select full_started_at, full_done_at from sync_state where company_id = ? and entity = 'Bill'`
      )
      .get(id) as { full_started_at: string; full_done_at: string }
    read.close()
    expect(Date.parse(state.full_done_at)).toBeGreaterThan(Date.parse(state.full_started_at) + 5000)
    // QBO shows it late: the deletion's time lies inside that read, but the read's own CDC did not carry it.
    const unpaid = await unpaidBill(w)
    w.clock.set(new Date(Date.parse(state.full_started_at) + 2000).toISOString())
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: unpaid.Id })
    w.clock.set(new Date(Date.parse(state.full_done_at) + 10 * 60_000).toISOString())
    await w.control('DELETE', '/log')
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    const queries = (await requestLog(w))
      .filter((e) => e.path.endsWith('/query'))
      .map((e) => e.query.query ?? '')
    expect(queries.some((q) => /from bill /i.test(q))).toBe(true)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('a deletion in the second the read began counts as made during it (QBO stamps deletions to the second)', async () => {
    const w = await demo()
    w.clock.set(new Date(Date.parse(START) + 500).toISOString())
    const id = await w.connect()
    await syncNow(w, id)
    const unpaid = await unpaidBill(w)
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: unpaid.Id })
    w.clock.advance(10 * 60_000)
    expect(await syncNow(w, id)).toMatchObject({ ok: true, mode: 'full' })
  })

  it("when the CDC that closes a read fails and QBO's clock runs ahead, a deletion during the read still has the type read again", async () => {
    let ours = (): number => Date.parse(START)
    const w = await world({
      sandbox: { size: 'demo', seed: 7, today: '2026-11-26', clock: () => ours() + 5 * 60_000 }
    })
    worlds.push(w)
    ours = () => w.clock.now().getTime()
    const id = await w.connect()
    await w.control('POST', '/faults', { kind: 'reset', match: { path: '/cdc$' } })
    expect(await syncNow(w, id)).toMatchObject({ ok: false })
    await w.control('DELETE', '/faults')
    const unpaid = await unpaidBill(w)
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: unpaid.Id })
    w.clock.advance(60_000)
    expect(await syncNow(w, id)).toMatchObject({ ok: true, mode: 'full' })
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('a refresh after an action does not bring back a record a sync removed while it was being read', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    const unpaid = await unpaidBill(w)
    const client = await w.core.services.connections.client(id)
    const read = client.read.bind(client)
    let raced = false
    client.read = (async (...args: Parameters<typeof read>) => {
      const record = await read(...args)
      if (!raced) {
        // Deleted in QBO just after it was read, and a sync brings the deletion in.
        raced = true
        await mutate(w, w.realmId, 'delete', 'Bill', { Id: unpaid.Id })
        w.clock.advance(60_000)
        await syncNow(w, id)
      }
      return record
    }) as typeof client.read
    await w.core.services.sync.service(id).refreshRecords([{ entity: 'Bill', id: unpaid.Id as string }])
    expect(raced).toBe(true)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('a read interrupted longer ago than CDC looks back starts over instead of resuming', async () => {
    const w = await world({ realms: [manyBills()] })
    worlds.push(w)
    const id = await w.connect()
    await syncNow(w, id)
    stopAfterTwoBillPages(w, id)
    w.clock.advance(31 * 86_400_000)
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: '3004' })
    w.clock.advance(60_000)
    expect(await syncNow(w, id)).toMatchObject({ ok: true, mode: 'full' })
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('a deletion made well after a read does not read the type again', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    const unpaid = await unpaidBill(w)
    w.clock.advance(5 * 60_000)
    await mutate(w, w.realmId, 'delete', 'Bill', { Id: unpaid.Id })
    w.clock.advance(60_000)
    expect(await syncNow(w, id)).toMatchObject({ ok: true, mode: 'incremental', requests: 1 })
  })
})

describe('companies sync independently', () => {
  it("one company's outage leaves another's sync unaffected", async () => {
    const w = await world({ realms: [tinyRealm('9341453000000001', 'Up Co')] })
    worlds.push(w)
    const down = await startSandbox({
      realms: [tinyRealm('9341453000000002', 'Down Co')],
      clock: () => w.clock.now().getTime()
    })
    try {
      const upId = await w.connect()
      const downId = await connect(w.core, down.info, '9341453000000002')
      await fetch(`${down.url}/_sandbox/outage`, {
        method: 'POST',
        body: JSON.stringify({ mode: 'reset' }),
        headers: { 'Content-Type': 'application/json' }
      })
      const failures: unknown[] = []
      w.core.subscribe((event, payload) => event === 'sync.failed' && failures.push(payload))
      const result = await w.core.invoke('sync.now', undefined)
      const summaries = (result as { value: SyncSummary[] }).value
      expect(summaries.find((s) => s.companyId === upId)).toMatchObject({ ok: true, mode: 'full' })
      expect(summaries.find((s) => s.companyId === downId)).toMatchObject({
        ok: false,
        error: { kind: 'network' }
      })
      expect(failures).toEqual([{ companyId: downId, error: expect.objectContaining({ kind: 'network' }) }])
      expect(cacheSnapshot(w.dataDir, upId).Vendor!.count).toBe(3)
    } finally {
      await down.close()
    }
  })
})

describe('sync bookkeeping', () => {
  it('answers for unknown companies with not-found and validates input', async () => {
    const w = await demo()
    expect(await w.core.invoke('sync.now', { companyId: 'nope' })).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'not-found' })
    })
    expect(await w.core.invoke('sync.status', {})).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'validation', field: 'companyId' })
    })
  })

  it('sends the closing CDC request once QBO has answered every page, while the last pages are still being written', async () => {
    // The sandbox's clock runs in real time, so its request log says when each request arrived.
    const t0 = Date.now()
    const realTime = (): number => Date.parse(START) + (Date.now() - t0)
    const w = await world({
      sandbox: { size: 'demo', seed: 7, today: '2026-11-26', clock: realTime, latencyMs: 20 }
    })
    worlds.push(w)
    const id = await w.connect()
    let lastWrite = 0
    w.core.subscribe((event, payload) => {
      if (event !== 'sync.progress' || (payload as { done: number }).done === 0) return
      // A slow disk: each page takes 40 ms to write, so answered pages queue up behind it.
      const until = performance.now() + 40
      while (performance.now() < until);
      lastWrite = realTime()
    })
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    const cdc = (await requestLog(w)).filter((e) => e.path.endsWith('/cdc'))
    expect(cdc).toHaveLength(1)
    expect(Date.parse(cdc[0]!.time)).toBeLessThan(lastWrite)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('starts a first sync with one batch request (info, preferences, counts) and the first page of each type beside it, then the other pages, then one CDC request', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26', latencyMs: 100 } })
    worlds.push(w)
    const id = await w.connect()
    await w.control('DELETE', '/log')
    const summary = await syncNow(w, id)
    const log = await requestLog(w)
    const paths = log.map((e) => e.path.replace(/.*\/v3\/company\/[^/]+/, ''))
    expect(paths[0]).toBe('/batch')
    expect(paths.at(-1)).toBe('/cdc')
    expect(paths.slice(1, -1).every((p) => p === '/query')).toBe(true)
    expect(summary.requests).toBe(paths.length)
    // Nine first pages arrive while the batch is still being answered (QBO takes ten at once), not a
    // round trip after it: with the batch answered first, the first of them would find nothing else
    // in flight.
    const firstPage = (e: (typeof log)[number]): boolean => /STARTPOSITION 1 /i.test(e.query.query ?? '')
    expect(log.filter(firstPage)).toHaveLength(SYNCED_ENTITIES.length)
    const beside = log.slice(1, 10)
    expect(beside.every(firstPage)).toBe(true)
    expect(beside.map((e) => e.inFlight)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('runs one sync at a time per company: a second request shares the first', async () => {
    const w = await demo()
    const id = await w.connect()
    await w.control('DELETE', '/log')
    const [a, b] = await Promise.all([syncNow(w, id), syncNow(w, id)])
    expect(a).toBe(b)
    const batches = (await requestLog(w)).filter((e) => e.path.endsWith('/batch'))
    expect(batches).toHaveLength(1)
  })

  it('keeps a cache that a new core opens without the network', async () => {
    const w = await demo()
    const id = await w.connect()
    await syncNow(w, id)
    await w.control('POST', '/outage', { mode: 'reset' })
    // One process at a time owns the folder.
    await w.core.stop()
    const again = await createCore({ dataDir: w.dataDir, host: 'cli', clock: w.clock })
    try {
      expect(await again.invoke('companies.list', undefined)).toMatchObject({
        ok: true,
        value: [{ id, name: 'Northwind Creative Agency' }]
      })
    } finally {
      await again.stop()
    }
  })
})

describe('malformed records', () => {
  it('a record that turns unreadable keeps its last good copy through a full re-read', async () => {
    const w = await world()
    worlds.push(w)
    const id = await w.connect()
    await syncNow(w, id)
    const vendors = (await w.control<{ records: Rec[] }>('GET', `/realms/${w.realmId}/entities/Vendor`))
      .records
    // Someone's integration writes a vendor QBO-side that our schema cannot read (no DisplayName).
    await w.control('POST', `/realms/${w.realmId}/mutate`, {
      operation: 'raw',
      entity: 'Vendor',
      record: { ...vendors[0], DisplayName: 42 }
    })
    w.clock.advance(31 * 86_400_000)
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full', skipped: 1 })
    const db = openDataFolder(w.dataDir, { readonly: true })
    expect(
      db
        .prepare('select display_name from qbo_vendors where company_id = ? and qbo_id = ?')
        .pluck()
        .get(id, vendors[0]!.Id)
    ).toBe(vendors[0]!.DisplayName)
    db.close()
  })

  it('are skipped and logged with their ids; the sync goes on', async () => {
    const w = await world()
    worlds.push(w)
    const broken = await w.control<{ record: Rec }>('POST', `/realms/${w.realmId}/mutate`, {
      operation: 'raw',
      entity: 'Bill',
      record: { TxnDate: 'yesterday', TotalAmt: 'lots', Balance: 1 }
    })
    const id = await w.connect()
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, skipped: 1 })
    const activity = (await w.core.invoke('activity.list', { companyId: id })) as {
      value: { action: string; details: { records: { id: string }[] } }[]
    }
    const entry = activity.value.find((a) => a.action === 'sync.skipped-records')!
    expect(entry.details.records).toEqual([expect.objectContaining({ entity: 'Bill', id: broken.record.Id })])
    expect(cacheSnapshot(w.dataDir, id).Vendor!.count).toBe(3)
  })
})
