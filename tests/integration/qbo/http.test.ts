import { qboFixture } from '../../helpers/fixtures'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRecords } from '../../../src/main/core/qbo/entities'
import { pageRecords, type QBOClient } from '../../../src/main/core/qbo/client'
import { rawBody, type RawBody } from '../../../src/main/core/qbo/http'
import { QboError } from '../../../src/main/core/qbo/errors'
import { billBody, requestLog, tinyRealm, world, type World } from '../../helpers/sandbox'

let w: World | null = null
afterEach(async () => {
  await w?.close()
  w = null
})

type Rec = Record<string, unknown>
const ids = (realm: unknown) => (realm as { ids: { bank: string; expense: string; vendors: string[] } }).ids

async function setup(
  opts: Parameters<typeof world>[0] = {}
): Promise<{ w: World; client: QBOClient; realm: ReturnType<typeof tinyRealm> }> {
  const realm = tinyRealm()
  w = await world({ realms: [realm], ...opts })
  const id = await w.connect()
  return { w, client: await w.core.services.connections.client(id), realm }
}

async function mutate(world: World, entity: string, record: Rec, operation = 'create'): Promise<Rec> {
  const res = await world.control<{ record: Rec }>('POST', `/realms/${world.realmId}/mutate`, {
    operation,
    entity,
    record
  })
  return res.record
}

/** The tiny realm's customer and seven more, and how many pages QBO has answered the client. */
async function eightCustomers(): Promise<{ client: QBOClient; answered: { count: number } }> {
  w = await world({ realms: [tinyRealm()] })
  const client = await w.core.services.connections.client(await w.connect())
  for (let i = 0; i < 7; i++) await mutate(w, 'Customer', { DisplayName: `Late Customer ${i}` })
  const answered = { count: 0 }
  const fetching = client as unknown as { fetchPage(...args: unknown[]): Promise<RawBody> }
  const fetchPage = fetching.fetchPage.bind(client)
  fetching.fetchPage = async (...args: unknown[]) => {
    try {
      return await fetchPage(...args)
    } finally {
      answered.count += 1
    }
  }
  return { client, answered }
}

describe('the HTTP layer', () => {
  it('never has more than 10 requests in flight for a company, whatever the callers do', async () => {
    const { w, client } = await setup()
    await w.control('POST', '/latency', { ms: 60 })
    await w.control('DELETE', '/log')
    await Promise.all(Array.from({ length: 40 }, () => client.count('Vendor')))
    const log = (await requestLog(w)).filter((e) => e.area === 'api')
    expect(log).toHaveLength(40)
    expect(Math.max(...log.map((e) => e.inFlight ?? 0))).toBeLessThanOrEqual(10)
    expect(Math.max(...log.map((e) => e.inFlight ?? 0))).toBeGreaterThanOrEqual(8)
    expect(log.every((e) => e.status === 200)).toBe(true)
  })

  it('keeps under the rolling budget (shown here with a 20-per-1.5-s window)', async () => {
    const { w, client } = await setup({ core: { qbo: { limits: { perWindow: 20, windowMs: 1500 } } } })
    await w.control('DELETE', '/log')
    const started = performance.now()
    await Promise.all(Array.from({ length: 45 }, () => client.count('Vendor')))
    const elapsed = performance.now() - started
    const times = (await requestLog(w)).filter((e) => e.area === 'api').map((e) => e.time)
    expect(times).toHaveLength(45)
    // The sandbox stamps arrivals with the shared (frozen) clock, so check spacing by our own clock:
    // 45 requests at 20 per 1.5 s need at least two full windows.
    expect(elapsed).toBeGreaterThanOrEqual(3000)
  })

  it('retries 5xx, connection resets and 429 with backoff, and gives up with a typed error', async () => {
    const { w, client } = await setup()
    await w.control('POST', '/faults', { kind: 'error', status: 503, count: 2, match: { area: 'api' } })
    await w.control('POST', '/faults', { kind: 'reset', count: 1, match: { area: 'api' } })
    await w.control('POST', '/throttle', { count: 1 })
    const before = client.http.stats.retries
    expect(await client.count('Vendor')).toBe(3)
    expect(client.http.stats.retries - before).toBe(4)

    await w.control('POST', '/outage', { mode: '503' })
    await expect(client.count('Vendor')).rejects.toMatchObject({ kind: 'server' })
    await w.control('POST', '/outage', { mode: 'reset' })
    await expect(client.count('Vendor')).rejects.toMatchObject({ kind: 'network' })
    await w.control('DELETE', '/outage')
    expect(await client.count('Vendor')).toBe(3)
  })

  it('can be cancelled: the call ends at once with a typed error and frees its place', async () => {
    const { w, client } = await setup()
    await w.control('POST', '/latency', { ms: 2000 })
    const controller = new AbortController()
    const pending = client.count('Vendor', [], controller.signal)
    setTimeout(() => controller.abort(), 50)
    await expect(pending).rejects.toMatchObject({ kind: 'network', message: 'cancelled' })
    // Ended while QBO was still working on it, and not retried.
    const [entry] = (await requestLog(w)).filter((e) => e.path.endsWith('/query')).slice(-1)
    expect(entry!.outcome).toBe('pending')
    expect(client.http.stats.retries).toBe(0)
    await w.control('POST', '/latency', { ms: 0 })
    expect(await client.count('Vendor')).toBe(3)
  })

  it('sends minorversion=75 and carries a request id on writes', async () => {
    const { w, client, realm } = await setup()
    await w.control('DELETE', '/log')
    await client.count('Bill')
    const bill = await mutate(w, 'Bill', billBody(ids(realm).vendors[1]!, ids(realm).expense, 100))
    await client.updateBill(bill.Id as string, bill.SyncToken as string, { PrivateNote: 'checked' })
    const log = (await requestLog(w)).filter((e) => e.area === 'api')
    expect(log.every((e) => e.query.minorversion === '75')).toBe(true)
    expect(log.find((e) => e.method === 'GET')?.requestId ?? null).toBeNull()
    expect(log.find((e) => e.method === 'POST')?.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('faults from the API', () => {
  it('stale SyncToken → stale; unknown id → not-found; duplicate name → validation with the field', async () => {
    const { w, client, realm } = await setup()
    const bill = await mutate(w, 'Bill', billBody(ids(realm).vendors[1]!, ids(realm).expense, 100))
    const updated = await client.updateBill(bill.Id as string, bill.SyncToken as string, {
      DueDate: '2026-12-24'
    })
    expect(updated.DueDate).toBe('2026-12-24')
    expect(updated.TotalAmt).toBe(100)
    await expect(
      client.updateBill(bill.Id as string, bill.SyncToken as string, { DueDate: '2026-12-31' })
    ).rejects.toMatchObject({ kind: 'stale' })
    await expect(client.read('Bill', '999999')).rejects.toMatchObject({ kind: 'not-found' })
    const dup = await client.batch([
      { operation: 'create', entity: 'Vendor', body: { DisplayName: 'Acme Supplies' } }
    ])
    expect(dup[0]).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })

  it('reports a malformed record with its id and keeps the rest of the page', async () => {
    const { w, client, realm } = await setup()
    await mutate(w, 'Bill', billBody(ids(realm).vendors[1]!, ids(realm).expense, 50))
    const broken = await w.control<{ record: Rec }>('POST', `/realms/${w.realmId}/mutate`, {
      operation: 'raw',
      entity: 'Bill',
      record: { TxnDate: '2026-11-02', TotalAmt: 'lots', Balance: 5 }
    })
    const page = await client.page('Bill', { startPosition: 1 })
    expect(page.rowCount).toBe(2)
    const { records, skipped } = pageRecords(page)
    expect(records).toHaveLength(1)
    expect(skipped).toEqual([expect.objectContaining({ entity: 'Bill', id: broken.record.Id })])
  })
})

describe('the API surface', () => {
  it('finds a vendor whose name has quotes and backslashes', async () => {
    const { client } = await setup()
    const page = await client.page('Vendor', {
      startPosition: 1,
      where: [['DisplayName', '=', "O'Brien \\ Sons"]]
    })
    expect(pageRecords(page).records.map((v) => v.DisplayName)).toEqual(["O'Brien \\ Sons"])
    expect(await client.count('Vendor', [['DisplayName', 'LIKE', "%'Brien%"]])).toBe(1)
  })

  it('pages through everything, ending on a short page rather than the echoed maxResults', async () => {
    const realm = tinyRealm()
    for (let i = 0; i < 2345; i++) {
      const Id = String(1000 + i)
      realm.entities.Customer.set(Id, {
        Id,
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        MetaData: { CreateTime: '2026-01-01T00:00:00-08:00', LastUpdatedTime: '2026-01-01T00:00:00-08:00' },
        DisplayName: `Customer ${i}`,
        Active: true,
        Balance: 0
      })
    }
    realm.nextId = 5000
    w = await world({ realms: [realm] })
    const client = await w.core.services.connections.client(await w.connect())
    await w.control('DELETE', '/log')
    const seen = new Set<string>()
    const total = await client.count('Customer')
    let pages = 0
    await client.readAll(
      [{ entity: 'Customer', total }],
      (page) => {
        pages += 1
        for (const c of pageRecords(page).records) seen.add(c.Id)
      },
      { pageSize: 500, concurrency: 4 }
    )
    expect(seen.size).toBe(2346)
    // one count, then ceil(2346 / 500) = 5 pages, the last one short
    expect(pages).toBe(5)
    expect((await requestLog(w)).filter((e) => e.path.endsWith('/query'))).toHaveLength(6)
  })

  it('reads answers QBO compressed: pages and JSON alike', async () => {
    w = await world({ realms: [tinyRealm()], sandbox: { compress: true } })
    const client = await w.core.services.connections.client(await w.connect())
    for (let i = 0; i < 5; i++) await mutate(w, 'Customer', { DisplayName: `Packed Customer ${i}` })
    await w.control('DELETE', '/log')
    const total = await client.count('Customer')
    const names: string[] = []
    await client.readAll(
      [{ entity: 'Customer', total }],
      (page) => {
        for (const c of pageRecords(page).records) names.push(String(c.DisplayName))
      },
      { pageSize: 2 }
    )
    expect(total).toBe(6)
    expect(names).toHaveLength(6)
    expect(names).toContain('Packed Customer 4')
    const log = (await requestLog(w)).filter((e) => e.path.endsWith('/query'))
    expect(log.length).toBeGreaterThanOrEqual(4)
    expect(log.every((e) => e.encoding === 'gzip')).toBe(true)
  })

  it('keeps reading past the counted pages while the last page comes back full (rows added since the count)', async () => {
    const realm = tinyRealm()
    w = await world({ realms: [realm] })
    const client = await w.core.services.connections.client(await w.connect())
    for (let i = 0; i < 7; i++) await mutate(w, 'Customer', { DisplayName: `Late Customer ${i}` })
    const seen = new Set<string>()
    // An out-of-date count of 1 row: the pages beyond it are still read until a short one.
    await client.readAll(
      [{ entity: 'Customer', total: 1 }],
      (page) => pageRecords(page).records.forEach((c) => seen.add(c.Id)),
      { pageSize: 3 }
    )
    expect(seen.size).toBe(8)
  })

  it('hands pages over one at a time, and says when QBO has answered them all before the last are handed over', async () => {
    // Pages QBO has answered so far: all of them when the read says so.
    const { client, answered } = await eightCustomers()
    const events: string[] = []
    let writing = false
    await client.readAll(
      [{ entity: 'Customer', total: 8 }],
      async (page) => {
        expect(writing).toBe(false)
        writing = true
        events.push(`page ${page.startPosition}`)
        await new Promise((resolve) => setTimeout(resolve, 30)) // a slow write
        writing = false
      },
      { pageSize: 2, concurrency: 4, onFetched: () => events.push(`answered ${answered.count}`) }
    )
    // Rows 1–8 in pages of 2, and the empty page that shows the fourth was the last.
    expect(events.filter((e) => e.startsWith('page'))).toHaveLength(5)
    expect(events.filter((e) => e.startsWith('answered'))).toEqual(['answered 5'])
    expect(events.indexOf('answered 5')).toBeLessThan(events.length - 2)
  })

  it('asks for the next pages while a page waits to be written, up to the bytes it may hold', async () => {
    const { client, answered } = await eightCustomers()
    // One request slot and slow writes: how many pages QBO had answered when the first was written.
    const answeredByFirstWrite = async (waitingBytes?: number): Promise<number> => {
      answered.count = 0
      let first = -1
      await client.readAll(
        [{ entity: 'Customer', total: 8 }],
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 60)) // a slow write
          if (first < 0) first = answered.count
        },
        { pageSize: 2, concurrency: 1, ...(waitingBytes === undefined ? {} : { waitingBytes }) }
      )
      expect(answered.count).toBe(5)
      return first
    }
    // The slot went on asking while the first page was written…
    expect(await answeredByFirstWrite()).toBeGreaterThan(1)
    // …and waits for its page's write once the waiting pages hold their bytes' worth.
    expect(await answeredByFirstWrite(1)).toBe(1)
  })

  it('with `together`, the pages waiting behind one are handed over with it, in order, in one call', async () => {
    const realm = tinyRealm()
    w = await world({ realms: [realm] })
    const client = await w.core.services.connections.client(await w.connect())
    for (let i = 0; i < 7; i++) await mutate(w, 'Customer', { DisplayName: `Late Customer ${i}` })
    // QBO's latency: answers to requests sent together come back together.
    await w.control('POST', '/latency', { ms: 60 })
    const starts: number[] = []
    let calls = 0
    let inside = false
    await client.readAll(
      [{ entity: 'Customer', total: 8 }],
      (page) => {
        expect(inside).toBe(true)
        starts.push(page.startPosition)
      },
      {
        pageSize: 1,
        concurrency: 8,
        together: (write) => {
          calls += 1
          inside = true
          write()
          inside = false
        }
      }
    )
    // Nine pages (the ninth, empty, shows the eighth was the last), each once; answers that came
    // together went in one call (one transaction for the sync) rather than one call each.
    expect([...starts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(calls).toBeLessThan(starts.length)
  })

  it('never says every page was answered once one of them failed', async () => {
    const { client } = await setup()
    // An answer with no rows, as its bytes.
    const empty = (): RawBody => {
      const bytes = new TextEncoder().encode('{"QueryResponse":{},"time":"2026-11-26T07:00:00-08:00"}')
      return rawBody(bytes, bytes.length)
    }
    const fetching = client as unknown as { fetchPage(...args: unknown[]): Promise<RawBody> }
    const ticks = async (n: number): Promise<void> => {
      for (let i = 0; i < n; i++) await null
    }
    let called = 0
    // One page fails and the other succeeds a few microtasks apart, either way round.
    for (let failAfter = 0; failAfter < 4; failAfter++) {
      for (let answerAfter = 0; answerAfter < 4; answerAfter++) {
        fetching.fetchPage = async (_entity: unknown, opts: unknown) => {
          if ((opts as { startPosition: number }).startPosition === 1) {
            await ticks(failAfter)
            throw new QboError('server', 'QuickBooks had a problem')
          }
          await ticks(answerAfter)
          return empty()
        }
        await expect(
          client.readAll([{ entity: 'Customer', total: 4 }], () => undefined, {
            pageSize: 2,
            concurrency: 2,
            onFetched: () => (called += 1)
          })
        ).rejects.toThrow('QuickBooks had a problem')
      }
    }
    expect(called).toBe(0)
  })

  it('reads changes through CDC, with deletions, in one request', async () => {
    const { w, client, realm } = await setup()
    const since = new Date(w.clock.now().getTime() - 1000).toISOString()
    w.clock.advance(5000)
    const created = await mutate(w, 'Bill', billBody(ids(realm).vendors[1]!, ids(realm).expense, 75))
    await mutate(
      w,
      'Vendor',
      { Id: ids(realm).vendors[1]!, DisplayName: 'Acme Supplies Inc', sparse: true },
      'update'
    )
    const doomed = await mutate(w, 'Bill', billBody(ids(realm).vendors[2]!, ids(realm).expense, 20))
    await mutate(w, 'Bill', { Id: doomed.Id, SyncToken: doomed.SyncToken }, 'delete')
    await w.control('DELETE', '/log')
    const cdc = await client.cdc(['Bill', 'Vendor'], since)
    expect((await requestLog(w)).filter((e) => e.area === 'api')).toHaveLength(1)
    expect(cdc.changed.Bill?.map((b) => b.Id)).toEqual([created.Id])
    // The vendors' balances moved with their bills too, so more than the renamed one may come back.
    expect(cdc.changed.Vendor?.map((v) => v.DisplayName)).toContain('Acme Supplies Inc')
    expect(cdc.deleted).toEqual([expect.objectContaining({ entity: 'Bill', id: doomed.Id })])
    expect(cdc.truncated).toEqual([])
  })

  it('batches in calls of at most 30 and returns each item its own fault', async () => {
    const { w, client } = await setup()
    await w.control('DELETE', '/log')
    const items = Array.from({ length: 35 }, (_, i) => ({
      operation: 'create' as const,
      entity: 'Vendor' as const,
      body: { DisplayName: i === 7 ? 'Acme Supplies' : `Batch Vendor ${i}` }
    }))
    const results = await client.batch(items)
    expect(results).toHaveLength(35)
    expect(results.filter((r) => !r.ok).map((_, i) => i)).toHaveLength(1)
    expect(results[7]).toMatchObject({ ok: false, error: { kind: 'validation' } })
    expect((await requestLog(w)).filter((e) => e.path.endsWith('/batch'))).toHaveLength(2)
    expect(await client.count('Vendor')).toBe(3 + 34)
  })

  it('records a bill payment, sends an invoice and voids a payment', async () => {
    const { w, client, realm } = await setup()
    const bill = await mutate(w, 'Bill', billBody(ids(realm).vendors[0]!, ids(realm).expense, 400))
    const payment = await client.createBillPayment({
      vendorId: ids(realm).vendors[0]!,
      bills: [{ id: bill.Id as string, amountCents: 15000 }],
      payType: 'Check',
      accountId: ids(realm).bank
    })
    expect(payment.TotalAmt).toBe(150)
    expect((await client.read('Bill', bill.Id as string)).Balance).toBe(250)
    expect((await client.read('Account', ids(realm).bank)).CurrentBalance).toBe(25000 - 150)

    const customer = [...realm.entities.Customer.values()][0]!
    const invoice = await mutate(w, 'Invoice', {
      CustomerRef: { value: customer.Id },
      TxnDate: '2026-11-01',
      DueDate: '2026-11-15',
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 900, SalesItemLineDetail: {} }]
    })
    const sent = await client.sendInvoice(invoice.Id as string, 'ap@blueharbor.test')
    expect(sent.EmailStatus).toBe('EmailSent')
    const outbox = await w.control<{ messages: { invoiceId: string; to: string }[] }>('GET', '/outbox')
    expect(outbox.messages).toEqual([
      expect.objectContaining({ invoiceId: invoice.Id, to: 'ap@blueharbor.test' })
    ])

    const received = await mutate(w, 'Payment', {
      CustomerRef: { value: customer.Id },
      TotalAmt: 900,
      TxnDate: '2026-11-20',
      DepositToAccountRef: { value: ids(realm).bank },
      Line: [{ Amount: 900, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }]
    })
    expect((await client.read('Invoice', invoice.Id as string)).Balance).toBe(0)
    await client.voidPayment(received.Id as string, received.SyncToken as string)
    expect((await client.read('Invoice', invoice.Id as string)).Balance).toBe(900)
  })
})

describe('no double payments', () => {
  it(
    'QBO commits and drops the connection on 100 BillPayments: exactly one payment per pay action',
    { timeout: 120_000 },
    async () => {
      const realm = tinyRealm()
      w = await world({ realms: [realm] })
      const client = await w.core.services.connections.client(await w.connect())
      const vendor = ids(realm).vendors[1]!
      const bills: string[] = []
      for (let i = 0; i < 100; i++)
        bills.push((await mutate(w, 'Bill', billBody(vendor, ids(realm).expense, 10 + i))).Id as string)
      await w.control('POST', '/faults', {
        kind: 'commit-drop',
        count: 100,
        match: { method: 'POST', path: '/billpayment$' }
      })
      for (let i = 0; i < 100; i++) {
        const payment = await client.createBillPayment({
          vendorId: vendor,
          bills: [{ id: bills[i]!, amountCents: (10 + i) * 100 }],
          payType: 'Check',
          accountId: ids(realm).bank
        })
        expect(payment.TotalAmt).toBe(10 + i)
      }
      const stored = await w.control<{ records: Rec[] }>(
        'GET',
        `/realms/${w.realmId}/entities/BillPayment?limit=1000`
      )
      expect(stored.records).toHaveLength(100)
      const linked = stored.records.map(
        (p) => (p.Line as { LinkedTxn: { TxnId: string }[] }[])[0]!.LinkedTxn[0]!.TxnId
      )
      expect(new Set(linked).size).toBe(100)
      const dropped = (await requestLog(w)).filter(
        (e) => e.path.endsWith('/billpayment') && e.outcome === 'dropped'
      )
      expect(dropped).toHaveLength(100)
      // Sum of what was paid equals the drop in cash, to the cent.
      const bank = await client.read('Account', ids(realm).bank)
      expect(bank.CurrentBalance).toBe(25000 - (100 * 10 + (99 * 100) / 2))
    }
  )
})

describe('real payloads', () => {
  it('the recorded QBO payloads parse with the client schemas', () => {
    const fixture = (name: string): Rec => qboFixture<Rec>('quickbooks-go', `${name}.json`)
    expect(parseRecords('Bill', [fixture('bill').Bill])).toMatchObject({
      records: [{ Id: '25', Balance: 0, TotalAmt: 103.55 }],
      skipped: []
    })
    expect(parseRecords('Vendor', [fixture('vendor').Vendor])).toMatchObject({
      records: [{ DisplayName: 'Books by Bessie' }],
      skipped: []
    })
    expect(parseRecords('Account', [fixture('account').Account])).toMatchObject({
      records: [{ AccountType: 'Accounts Receivable' }],
      skipped: []
    })
  })
})
