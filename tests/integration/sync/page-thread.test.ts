import { afterEach, describe, expect, it } from 'vitest'
import type { SyncSummary } from '../../../src/shared/contract'
import { createCore } from '../../../src/main/core'
import { CacheWriter } from '../../../src/main/core/db/cache-writer'
import { mappingFor } from '../../../src/main/core/db/cache-mapping'
import { rowList } from '../../../src/main/core/db/page-rows'
import { SYNCED_ENTITIES, type EntityName } from '../../../src/main/core/qbo/entities'
import { rawBody, releasePooledBodies } from '../../../src/main/core/qbo/http'
import { PageParser } from '../../../src/main/core/qbo/page-parser'
import { cacheSnapshot, integrityOk, sandboxSnapshot } from '../../helpers/compare'
import { openDataFolder } from '../../helpers/data-folder'
import { qboRecord, requestLog, tinyRealm, world, type World } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'

// Full reads parse their pages on a thread of their own (qbo/page-parser.ts) while the main thread
// writes them. These tests hold the thread's path to the rows the record-by-record path writes, and
// to the same safety: a failure there fails the sync cleanly, and the next sync resumes.

const worlds: World[] = []
const dirs: { cleanup(): void }[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
  for (const d of dirs.splice(0)) d.cleanup()
})

/** Eight pages of customers and bills (with quotes and non-ASCII names), and some payments with links. */
function pagedRealm() {
  const realm = tinyRealm('9341453000000077', 'Paged Books')
  const stamp = '2026-10-01T09:00:00-08:00'
  let id = 100
  const add = (entity: 'Customer' | 'Bill' | 'Payment', fields: Record<string, unknown>): string => {
    const Id = String(id++)
    realm.entities[entity].set(Id, qboRecord(Id, stamp, { SyncToken: String(Id.length % 3), ...fields }))
    return Id
  }
  const customers: string[] = []
  for (let i = 0; i < 3200; i++)
    customers.push(
      add('Customer', {
        DisplayName: i % 7 === 0 ? `Zoë "Café" ☕ ${i}` : `Customer ${i}`,
        Active: i % 11 !== 0,
        Balance: i % 5
      })
    )
  for (let i = 0; i < 2600; i++) {
    const amount = 100 + (i % 97) + 0.25
    add('Bill', {
      VendorRef: { value: '4', name: 'Vendor "4"' },
      TxnDate: '2026-10-01',
      DueDate: '2026-11-01',
      TotalAmt: amount,
      Balance: i % 3 === 0 ? 0 : amount,
      Line: []
    })
  }
  for (let i = 0; i < 1500; i++) {
    add('Payment', {
      CustomerRef: { value: customers[i]! },
      TxnDate: '2026-10-02',
      TotalAmt: 30,
      Line: [
        { Amount: 10, LinkedTxn: [{ TxnId: String(9000 + i), TxnType: 'Invoice' }] },
        { Amount: 20, LinkedTxn: [{ TxnId: String(9000 + i + 1), TxnType: 'Invoice' }] }
      ]
    })
  }
  realm.nextId = id
  return realm
}

async function paged(): Promise<{ w: World; id: string }> {
  const w = await world({ realms: [pagedRealm()], sandbox: { latencyMs: 20 } })
  worlds.push(w)
  return { w, id: await w.connect() }
}

async function syncNow(w: World, companyId: string): Promise<SyncSummary> {
  const result = await w.core.invoke('sync.now', { companyId })
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return (result.value as SyncSummary[])[0]!
}

type Table = { table: string; rows: unknown[][] }

/** Every synced table's rows and the links, in a stable order (sync_run aside). */
function tables(dataDir: string, companyId: string): Table[] {
  const db = openDataFolder(dataDir, { readonly: true })
  try {
    return [...SYNCED_ENTITIES.map((e) => mappingFor(e).table), 'qbo_links'].map((table) => {
      const statement = db.prepare(`select * from ${table} where company_id = ? order by 2, 3, 4`).raw(true)
      const kept = statement.columns().map((c) => c.name !== 'sync_run')
      return {
        table,
        rows: (statement.all(companyId) as unknown[][]).map((row) => row.filter((_, i) => kept[i]))
      }
    })
  } finally {
    db.close()
  }
}

describe("full reads on the page reader's thread", () => {
  it('write the same rows, texts and links as records written one by one from their parsed objects', async () => {
    const { w, id } = await paged()
    let during: unknown = null
    w.core.subscribe((event, payload) => {
      if (event === 'sync.progress' && (payload as { done: number }).done > 0)
        during ??= w.core.services.connections.pages.thread
    })
    const summary = await syncNow(w, id)
    expect(summary).toMatchObject({ ok: true, mode: 'full' })
    // The thread did the parsing, and stays for the next read (these pages are well under LET_GO_BYTES).
    expect(during).not.toBeNull()
    expect(w.core.services.connections.pages.thread).toBe(during)
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))

    // The same records through the path CDC answers take (objects, mapped and stringified here).
    const other = tempDir()
    dirs.push(other)
    await (await createCore({ dataDir: other.dir, host: 'cli', jobs: false })).stop()
    const source = openDataFolder(w.dataDir, { readonly: true })
    const target = openDataFolder(other.dir)
    target.prepare('insert into companies select * from main.companies where 0').run()
    const company = source.prepare('select * from companies where id = ?').get(id) as Record<string, unknown>
    const cols = Object.keys(company)
    target
      .prepare(`insert into companies (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`)
      .run(...cols.map((c) => company[c]))
    const writer = new CacheWriter(target)
    writer.transaction(() => {
      for (const entity of SYNCED_ENTITIES) {
        const texts = source
          .prepare(`select raw_json from ${mappingFor(entity).table} where company_id = ?`)
          .pluck()
          .all(id) as string[]
        writer.upsert(
          id,
          entity as EntityName,
          texts.map((t) => JSON.parse(t) as Record<string, unknown>),
          1
        )
      }
    })
    source.close()
    target.close()
    const viaThread = tables(w.dataDir, id)
    const viaObjects = tables(other.dir, id)
    // raw_json: the thread's path keeps QBO's bytes, the object path writes JSON.stringify of them;
    // the sandbox sends compact JSON, so they agree byte for byte.
    expect(viaThread.map((t) => t.rows.length)).toEqual(viaObjects.map((t) => t.rows.length))
    expect(viaThread.find((t) => t.table === 'qbo_links')!.rows.length).toBe(3000)
    expect(viaThread).toEqual(viaObjects)
  })

  it('a thread that dies mid-read fails the sync with a clear message; the pages written stay, and the next sync resumes to the exact state', async () => {
    const { w, id } = await paged()
    let stopped = false
    w.core.subscribe((event, payload) => {
      if (event !== 'sync.progress' || (payload as { done: number }).done === 0 || stopped) return
      stopped = true
      void w.core.services.connections.pages.thread?.terminate()
    })
    const failed = await syncNow(w, id)
    expect(stopped).toBe(true)
    expect(failed.ok).toBe(false)
    expect(failed.error?.message).toMatch(/the thread reading QuickBooks pages failed: it stopped/)
    expect(integrityOk(w.dataDir)).toBe(true)
    const db = openDataFolder(w.dataDir, { readonly: true })
    const kept = (
      db
        .prepare('select entity, full_pages from sync_state where company_id = ? and full_pages is not null')
        .all(id) as { entity: string; full_pages: string }[]
    ).flatMap((s) => (JSON.parse(s.full_pages) as number[]).map((start) => `${s.entity}:${start}`))
    const customers = db
      .prepare('select count(*) from qbo_customers where company_id = ?')
      .pluck()
      .get(id) as number
    db.close()
    // Whole pages only: never part of one.
    expect([0, 1000, 2000, 3000, 3201]).toContain(customers)
    expect(kept.length).toBeGreaterThan(0)

    await w.control('DELETE', '/log')
    const resumed = await syncNow(w, id)
    expect(resumed).toMatchObject({ ok: true, mode: 'full' })
    // No page written before the thread died is asked for again.
    const asked = (await requestLog(w)).flatMap((e) => {
      const m = /FROM (\w+) .*STARTPOSITION (\d+)/i.exec(e.query.query ?? '')
      return m ? [`${m[1]}:${m[2]}`] : []
    })
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.filter((page) => kept.includes(page))).toEqual([])
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it('a record the thread cannot map fails the sync with what and where; once QBO no longer has it, the next sync completes', async () => {
    const { w, id } = await paged()
    const bad = await w.control<{ record: { Id: string } }>('POST', `/realms/${w.realmId}/mutate`, {
      operation: 'raw',
      entity: 'Bill',
      record: { VendorRef: { value: '4' }, TxnDate: '2026-10-03', TotalAmt: 1e21, Balance: 0, Line: [] }
    })
    const failed = await syncNow(w, id)
    expect(failed.ok).toBe(false)
    expect(failed.error?.message).toMatch(/could not read a page of Bill: .*amount.*1e\+21/)
    expect(integrityOk(w.dataDir)).toBe(true)
    await w.control('POST', `/realms/${w.realmId}/mutate`, {
      operation: 'delete',
      entity: 'Bill',
      record: { Id: bad.record.Id }
    })
    expect(await syncNow(w, id)).toMatchObject({ ok: true })
    expect(cacheSnapshot(w.dataDir, id)).toEqual(await sandboxSnapshot(w.sandbox.url, w.realmId))
  })

  it("reads a large page's answer into a buffer an earlier page gave back, when QBO says its length", async () => {
    const { w, id } = await paged()
    const client = await w.core.services.connections.client(id)
    const fetchPage = (
      client as unknown as {
        fetchPage(entity: EntityName, opts: { startPosition: number }): Promise<ReturnType<typeof rawBody>>
      }
    ).fetchPage.bind(client)
    // Pages of a thousand customers: a few hundred kilobytes each, the length said by the answer.
    // The pool starts empty (earlier tests' reads left buffers in it).
    releasePooledBodies()
    const first = await fetchPage('Customer', { startPosition: 1 })
    expect(first.body.length).toBeGreaterThan(128 * 1024)
    const firstBuffer = first.body.buffer
    first.release()
    // The same page again (QBO's next answer of about its size), and another while that one is held.
    const second = await fetchPage('Customer', { startPosition: 1 })
    const third = await fetchPage('Customer', { startPosition: 1001 })
    // Before, each got a buffer of its own length that the pool never took back: a large
    // company's first sync made a fresh buffer for each of its 126 pages for a collection to free.
    expect(second.body.buffer).toBe(firstBuffer)
    expect(third.body.buffer).not.toBe(firstBuffer)
    expect(JSON.parse(new TextDecoder().decode(third.body)).QueryResponse.Customer).toHaveLength(1000)
    second.release()
    third.release()
  })

  it('goes as soon as the last read holding it ends once it has read LET_GO_BYTES, and stays after smaller reads', async () => {
    const text = JSON.stringify({
      QueryResponse: { Term: [{ Id: '3', SyncToken: '1', Name: 'Net 30', DueDays: 30 }] }
    })
    const read = async (parser: PageParser): Promise<void> => {
      const bytes = new TextEncoder().encode(text)
      const buffer = new Uint8Array(2 ** 20)
      buffer.set(bytes)
      const { raw } = await parser.parse('Term', rawBody(buffer, bytes.length))
      raw.release()
    }
    const small = new PageParser(undefined, 10 * text.length)
    const large = new PageParser(undefined, text.length)
    try {
      for (const parser of [small, large]) {
        const first = parser.hold()
        const second = parser.hold()
        await read(parser)
        first()
        // Another read still holds it.
        expect(parser.thread).not.toBeNull()
        second()
      }
      expect(small.thread).not.toBeNull()
      expect(large.thread).toBeNull()
      // The next read starts it again.
      const again = large.hold()
      await read(large)
      again()
      expect(large.thread).toBeNull()
    } finally {
      await small.close()
      await large.close()
    }
  })

  it('a thread that cannot load its code leaves the pages to the main thread, which parses them as the thread would', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const parser = new PageParser({ file: `${dir.dir}/no-such-worker.js`, source: false })
    const text = JSON.stringify({
      QueryResponse: { Term: [{ Id: '3', SyncToken: '1', Name: 'Net 30', DueDays: 30 }] }
    })
    const bytes = new TextEncoder().encode(text)
    const { page, raw } = await parser.parse('Term', rawBody(bytes, bytes.length))
    expect(rowList(page.rows)).toEqual([['3', '1', null, 'Net 30', 30, null, null]])
    expect(new TextDecoder().decode(raw.body)).toBe(text)
    expect(parser.thread).toBeNull()
    await parser.close()
  })
})
