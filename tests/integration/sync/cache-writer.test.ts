import { afterEach, describe, expect, it } from 'vitest'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { CacheWriter } from '../../../src/main/core/db/cache-writer'
import { tempDir } from '../../helpers/temp'

const open: { cache: CacheDb; cleanup(): void }[] = []
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.cache.close()
    o.cleanup()
  }
})

async function writer(): Promise<{ cache: CacheDb; writer: CacheWriter }> {
  const dir = tempDir()
  const cache = await openCache({ dataDir: dir.dir })
  open.push({ cache, cleanup: dir.cleanup })
  cache.sqlite
    .prepare(
      `insert into companies (id, name, realm_id, environment, status, created_at) values ('c', 'Co', '1', 'custom', 'connected', 'x')`
    )
    .run()
  return { cache, writer: new CacheWriter(cache.sqlite) }
}

const payment = (token: string, billId: string): Record<string, unknown> => ({
  Id: '7',
  SyncToken: token,
  MetaData: { LastUpdatedTime: `2026-11-2${token}T10:00:00-08:00` },
  VendorRef: { value: 'v1' },
  TxnDate: '2026-11-20',
  TotalAmt: 10,
  PayType: 'Check',
  Line: [{ Amount: 10, LinkedTxn: [{ TxnId: billId, TxnType: 'Bill' }] }]
})

describe('cache writes', () => {
  it('an older copy that arrives late changes neither the row nor its links; a newer one replaces both', async () => {
    const { cache, writer: w } = await writer()
    const links = (): unknown[] =>
      cache.sqlite
        .prepare(`select to_id from qbo_links where company_id = 'c' and from_id = '7'`)
        .pluck()
        .all()
    const token = (): unknown =>
      cache.sqlite
        .prepare(`select sync_token from qbo_bill_payments where company_id = 'c' and qbo_id = '7'`)
        .pluck()
        .get()
    w.transaction(() => w.upsert('c', 'BillPayment', [payment('2', 'X')], 1))
    // A page read before the edit, written after it (pages land in any order).
    expect(w.transaction(() => w.upsert('c', 'BillPayment', [payment('1', 'Y')], 1))).toBe(0)
    expect(token()).toBe('2')
    expect(links()).toEqual(['X'])
    w.transaction(() => w.upsert('c', 'BillPayment', [payment('3', 'Z')], 1))
    expect(token()).toBe('3')
    expect(links()).toEqual(['Z'])
  })

  it('a write inside a batch joins its transaction, with no savepoint; the batch commits or rolls back whole', async () => {
    const { cache, writer: w } = await writer()
    const ids = (): unknown[] =>
      cache.sqlite
        .prepare(`select qbo_id from qbo_bill_payments where company_id = 'c' order by qbo_id`)
        .pluck()
        .all()
    const one = (id: string): Record<string, unknown> => ({ ...payment('1', 'X'), Id: id })
    w.transaction(() => {
      w.upsert('c', 'BillPayment', [one('1')], 1)
      try {
        w.transaction(() => {
          w.upsert('c', 'BillPayment', [one('2')], 1)
          throw new Error('a page that fails')
        })
      } catch {
        // A savepoint would have taken page 2 back here: there is none to go back to (SQLite copies
        // every page a savepoint changes to a sub-journal first, for every page of a sync).
      }
    })
    expect(ids()).toEqual(['1', '2'])
    // A failure that leaves the batch takes all of it back.
    expect(() =>
      w.transaction(() => {
        w.transaction(() => w.upsert('c', 'BillPayment', [one('3')], 1))
        w.transaction(() => {
          throw new Error('the next page fails')
        })
      })
    ).toThrow('the next page fails')
    expect(ids()).toEqual(['1', '2'])
  })
})
