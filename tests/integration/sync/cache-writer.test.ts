import { afterEach, describe, expect, it } from 'vitest'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { CacheWriter } from '../../../src/main/core/db/cache-writer'
import { BooksReader } from '../../../src/main/core/db/books-reader'
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

describe('the books reader', () => {
  it("the books' paid invoices: each settled in the year with every payment applied to it, the earlier ones too", async () => {
    const { cache, writer: w } = await writer()
    const meta = { MetaData: { LastUpdatedTime: '2026-11-01T10:00:00Z' }, SyncToken: '0' }
    const invoice = (id: string, txnDate: string, total: number): Record<string, unknown> => ({
      ...meta,
      Id: id,
      CustomerRef: { value: 'k1', name: 'Kestrel' },
      TxnDate: txnDate,
      DueDate: txnDate,
      TotalAmt: total,
      Balance: 0
    })
    const payment = (id: string, txnDate: string, lines: [string, number][]): Record<string, unknown> => ({
      ...meta,
      Id: id,
      CustomerRef: { value: 'k1' },
      TxnDate: txnDate,
      TotalAmt: lines.reduce((n, [, amount]) => n + amount, 0),
      Line: lines.map(([invoiceId, amount]) => ({
        Amount: amount,
        LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }]
      }))
    })
    // Today 2026-12-01: the year of settled invoices starts 2025-12-01.
    w.transaction(() => {
      w.upsert('c', 'Invoice', [invoice('1', '2025-10-01', 100), invoice('2', '2025-11-01', 300)], 1)
      w.upsert('c', 'Invoice', [invoice('3', '2026-03-01', 50), invoice('4', '2025-06-01', 80)], 1)
      w.upsert(
        'c',
        'Payment',
        [
          payment('p1', '2025-11-15', [['2', 100]]), // before the year: half of invoice 2
          payment('p2', '2025-11-20', [['4', 80]]), // before the year: all of invoice 4
          payment('p3', '2026-01-10', [
            ['1', 100],
            ['2', 150]
          ]),
          payment('p4', '2026-01-10', [['2', 50]]), // the same day as p3: one entry
          payment('p5', '2026-04-01', [['3', 50]])
        ],
        1
      )
    })
    const paid = new BooksReader(cache.sqlite).books('c', '2026-12-01').paidInvoices
    expect(paid.map((p) => ({ id: p.id, paidDate: p.paidDate, payments: p.payments }))).toEqual([
      { id: '1', paidDate: '2026-01-10', payments: [{ date: '2026-01-10', cents: 10_000 }] },
      {
        id: '2',
        paidDate: '2026-01-10',
        payments: [
          { date: '2025-11-15', cents: 10_000 },
          { date: '2026-01-10', cents: 20_000 }
        ]
      },
      { id: '3', paidDate: '2026-04-01', payments: [{ date: '2026-04-01', cents: 5_000 }] }
    ])
  })
})

describe("the core's queries", () => {
  it('are prepared once and run again as often as they come, a change of schema under them too', async () => {
    const { cache } = await writer()
    let prepared = 0
    const prepare = cache.sqlite.prepare.bind(cache.sqlite)
    cache.sqlite.prepare = ((sql: string) => {
      prepared += 1
      return prepare(sql)
    }) as typeof cache.sqlite.prepare
    const name = async (): Promise<string | undefined> =>
      (await cache.db.selectFrom('companies').select('name').where('id', '=', 'c').executeTakeFirst())?.name
    for (let i = 0; i < 5; i++) expect(await name()).toBe('Co')
    expect(prepared).toBe(1)
    // The schema changes under the kept statement: SQLite prepares it again itself.
    cache.sqlite.exec('create index companies_by_name on companies (name)')
    await cache.db.updateTable('companies').set({ name: 'Co 2' }).where('id', '=', 'c').execute()
    expect(await name()).toBe('Co 2')
    expect(prepared).toBe(2)
  })
})
