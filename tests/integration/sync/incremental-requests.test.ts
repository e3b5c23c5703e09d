// Issue 19: an incremental sync sends one request (one CDC for every type) whatever changed in QBO
// and however soon after a full read, and a type is read in full again at most once per cause.
// Counted from outside, in the sandbox's request log.
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncSummary } from '../../../src/shared/contract'
import { cacheSnapshot, sandboxSnapshot } from '../../helpers/compare'
import { openDataFolder } from '../../helpers/data-folder'
import { requestLog, world, type World } from '../../helpers/sandbox'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

type Rec = Record<string, unknown>

/** The demo company on a clock that runs (a read takes real time) and that tests can move on. */
async function demo(): Promise<{ w: World; id: string }> {
  const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' }, clock: 'running' })
  worlds.push(w)
  const id = await w.connect()
  return { w, id }
}

async function mutate(w: World, operation: string, entity: string, record: Rec): Promise<Rec> {
  return (
    await w.control<{ record: Rec }>('POST', `/realms/${w.realmId}/mutate`, { operation, entity, record })
  ).record
}

async function records(w: World, entity: string): Promise<Rec[]> {
  return (await w.control<{ records: Rec[] }>('GET', `/realms/${w.realmId}/entities/${entity}?limit=100000`))
    .records
}

/** `n` bills nobody has paid (QBO refuses to delete one with payments applied), made before any read. */
async function unpaidBills(w: World, n = 1): Promise<Rec[]> {
  const like = (await records(w, 'Bill'))[0]!
  const made: Rec[] = []
  for (let i = 0; i < n; i++)
    made.push(
      await mutate(w, 'create', 'Bill', {
        VendorRef: like.VendorRef,
        TxnDate: '2026-11-20',
        DueDate: '2026-12-20',
        Line: like.Line
      })
    )
  return made
}

/** A sync, with what it asked QBO for: `cdc`, `batch`, or `query <Entity>` per request. */
async function syncCounted(w: World, id: string): Promise<{ summary: SyncSummary; requests: string[] }> {
  await w.control('DELETE', '/log')
  const result = await w.core.invoke('sync.now', { companyId: id })
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  const summary = (result.value as SyncSummary[])[0]!
  expect(summary.ok).toBe(true)
  const requests = (await requestLog(w))
    .filter((e) => e.area === 'api')
    .map((e) => {
      const last = e.path.split('/').pop()!
      return last === 'query' ? `query ${/from (\w+)/i.exec(e.query.query ?? '')?.[1] ?? '?'}` : last
    })
  return { summary, requests }
}

const SECOND = 1000

describe('incremental sync after a full read: one request', () => {
  it('a bill deleted 1, 5, 59, 61 s and 10 min after a full read: one CDC request, and one for the sync after', async () => {
    const { w, id } = await demo()
    const bills = await unpaidBills(w, 5)
    expect((await syncCounted(w, id)).summary.mode).toBe('full')
    // Each round starts from a full read of every type (past the CDC window, as after a month away).
    for (const [i, after] of [1, 5, 59, 61, 600].entries()) {
      if (i > 0) {
        w.clock.advance(31 * 86_400_000)
        expect((await syncCounted(w, id)).summary.mode).toBe('full')
      }
      w.clock.advance(after * SECOND)
      await mutate(w, 'delete', 'Bill', { Id: bills[i]!.Id })
      w.clock.advance(SECOND)
      const next = await syncCounted(w, id)
      expect({ after, requests: next.requests }).toEqual({ after, requests: ['cdc'] })
      expect(next.summary).toMatchObject({ mode: 'incremental', deleted: 1 })
      w.clock.advance(60 * 60 * SECOND)
      const later = await syncCounted(w, id)
      expect({ after, requests: later.requests }).toEqual({ after, requests: ['cdc'] })
      expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    }
  })

  it('an update, a create and a payment made seconds after a full read: one CDC request each sync', async () => {
    const { w, id } = await demo()
    const [bill, other] = await unpaidBills(w, 2)
    await syncCounted(w, id)
    const bank = (await records(w, 'Account')).find((a) => a.AccountType === 'Bank')!
    w.clock.advance(2 * SECOND)
    await mutate(w, 'update', 'Bill', { Id: bill!.Id, PrivateNote: 'edited in QBO', sparse: true })
    await mutate(w, 'create', 'Bill', {
      VendorRef: other!.VendorRef,
      TxnDate: '2026-11-25',
      DueDate: '2026-12-20',
      Line: other!.Line
    })
    const amount = other!.Balance as number
    await mutate(w, 'create', 'BillPayment', {
      VendorRef: other!.VendorRef,
      PayType: 'Check',
      CheckPayment: { BankAccountRef: { value: bank.Id } },
      TotalAmt: amount,
      Line: [{ Amount: amount, LinkedTxn: [{ TxnId: other!.Id, TxnType: 'Bill' }] }]
    })
    w.clock.advance(SECOND)
    const next = await syncCounted(w, id)
    expect(next.requests).toEqual(['cdc'])
    expect(next.summary.mode).toBe('incremental')
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    w.clock.advance(60 * 60 * SECOND)
    expect((await syncCounted(w, id)).requests).toEqual(['cdc'])
  })

  it('a bill deleted while its pages are read: Bill is read again once, and the syncs after send one request', async () => {
    const { w, id } = await demo()
    const bills = await unpaidBills(w)
    let deleted: Promise<Rec> | null = null
    const unsubscribe = w.core.subscribe((event, payload) => {
      const p = payload as { entity?: string; done?: number }
      // The first page of bills is written; the deletion lands before the read is over.
      if (event === 'sync.progress' && p.entity === 'Bill' && p.done! > 0 && !deleted)
        deleted = mutate(w, 'delete', 'Bill', { Id: bills[0]!.Id })
    })
    const first = await syncCounted(w, id)
    unsubscribe()
    await deleted
    const billReads = first.requests.filter((r) => r === 'query Bill').length
    // One read, and at most one more for the one deletion.
    expect(billReads).toBeLessThanOrEqual(2)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    const next = await syncCounted(w, id)
    // Whichever sync's CDC showed the deletion first reads Bill again, once between them.
    expect(billReads + next.requests.filter((r) => r === 'query Bill').length).toBe(2)
    w.clock.advance(60 * 60 * SECOND)
    expect((await syncCounted(w, id)).requests).toEqual(['cdc'])
    w.clock.advance(60 * 60 * SECOND)
    expect((await syncCounted(w, id)).requests).toEqual(['cdc'])
  })

  it('a bill deleted in the very instant a read ends is read again once, never again by the syncs after', async () => {
    // On a stopped clock the deletion carries the read's own time: it may have been during the read.
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const id = await w.connect()
    const [bill] = await unpaidBills(w)
    await syncCounted(w, id)
    await mutate(w, 'delete', 'Bill', { Id: bill!.Id })
    const next = await syncCounted(w, id)
    expect(next.requests.filter((r) => r === 'query Bill')).toEqual(['query Bill'])
    expect(next.requests.filter((r) => r === 'cdc')).toHaveLength(2)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
    expect((await syncCounted(w, id)).requests).toEqual(['cdc'])
    w.clock.advance(60 * 60 * SECOND)
    expect((await syncCounted(w, id)).requests).toEqual(['cdc'])
  })
})

describe('a sync that brings nothing new', () => {
  it("leaves today's figures as they are (no forecast again), and takes them again on a new day or after a change", async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const id = await w.connect()
    const snapshots = (): number => {
      const db = openDataFolder(w.dataDir, { readonly: true })
      const n = db
        .prepare('select count(*) from runway_snapshots where company_id = ?')
        .pluck()
        .get(id) as number
      db.close()
      return n
    }
    await syncCounted(w, id)
    const first = snapshots()
    expect(first).toBeGreaterThan(0)
    w.clock.advance(60 * 60 * SECOND)
    expect((await syncCounted(w, id)).summary.written).toBe(0)
    expect(snapshots()).toBe(first)
    const [bill] = await records(w, 'Bill')
    await mutate(w, 'update', 'Bill', { Id: bill!.Id, PrivateNote: 'changed', sparse: true })
    w.clock.advance(60 * SECOND)
    await syncCounted(w, id)
    expect(snapshots()).toBe(first + 1)
    w.clock.advance(24 * 60 * 60 * SECOND)
    await syncCounted(w, id)
    expect(snapshots()).toBe(first + 2)
  })
})
