import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSandbox, type Sandbox } from '../../src/index'
import { formatQboTime } from '../../src/time'
import {
  api,
  billBody,
  connect,
  control,
  IDS,
  q,
  REALM,
  startTiny,
  T0,
  testClock,
  tinyRealm,
  type Loose
} from './helpers'

describe('query on a generated demo company', () => {
  let sb: Sandbox
  let token: string
  let realmId: string

  beforeAll(async () => {
    sb = await startSandbox({ seed: 7, today: '2025-06-16', clock: () => T0 })
    realmId = sb.info.realms[0]!.realmId
    token = (await connect(sb, realmId)).access_token
  })
  afterAll(async () => {
    await sb.close()
  })

  const run = (text: string): Promise<Loose> => api(sb, token, 'GET', q(text), undefined, { realmId })

  it('pages through every bill exactly once; maxResults is the rows on the page', async () => {
    const count = await run('select count(*) from Bill')
    expect(count.status).toBe(200)
    const total = count.json.QueryResponse.totalCount
    expect(Object.keys(count.json.QueryResponse)).toEqual(['totalCount'])
    expect(total).toBeGreaterThan(60)
    const seen: string[] = []
    for (let start = 1; ; start += 25) {
      const page = await run(`select * from Bill startposition ${start} maxresults 25`)
      expect(page.status).toBe(200)
      const rows = page.json.QueryResponse.Bill ?? []
      if (rows.length === 0) {
        expect(page.json.QueryResponse).toEqual({})
        break
      }
      expect(page.json.QueryResponse.startPosition).toBe(start)
      expect(page.json.QueryResponse.maxResults).toBe(rows.length)
      seen.push(...rows.map((r: Loose) => r.Id))
      if (rows.length < 25) break
    }
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    const numeric = seen.map(Number)
    expect(numeric).toEqual([...numeric].sort((a, b) => a - b))
  })

  it('defaults to 100 rows and filters, orders and counts with WHERE', async () => {
    const all = await run('select * from Invoice')
    expect(all.json.QueryResponse.maxResults).toBe(Math.min(100, all.json.QueryResponse.Invoice.length))
    expect(all.json.QueryResponse.Invoice.length).toBeLessThanOrEqual(100)
    const open = await run("select * from Invoice where Balance > '0' orderby DueDate desc maxresults 1000")
    const rows = open.json.QueryResponse.Invoice ?? []
    expect(rows.every((r: Loose) => r.Balance > 0)).toBe(true)
    const dates = rows.map((r: Loose) => r.DueDate)
    expect(dates).toEqual([...dates].sort().reverse())
    const n = await run("select count(*) from Invoice where Balance > '0'")
    expect(n.json.QueryResponse.totalCount).toBe(rows.length)
  })

  it('answers name lists with active records only, unless the query names Active', async () => {
    const vendors = (await run('select * from Vendor maxresults 1000')).json.QueryResponse.Vendor as Loose[]
    const retired = vendors[0]!
    await control(sb, 'POST', `/realms/${realmId}/mutate`, {
      operation: 'update',
      entity: 'Vendor',
      record: { Id: retired.Id, Active: false, sparse: true }
    })
    try {
      const active = (await run('select * from Vendor maxresults 1000')).json.QueryResponse.Vendor as Loose[]
      expect(active.map((v) => v.Id)).not.toContain(retired.Id)
      expect((await run('select count(*) from Vendor')).json.QueryResponse.totalCount).toBe(
        vendors.length - 1
      )
      const every = (await run('select * from Vendor where Active in (true, false) maxresults 1000')).json
        .QueryResponse.Vendor as Loose[]
      expect(every).toHaveLength(vendors.length)
      expect(
        (await run('select count(*) from Vendor where Active in (true, false)')).json.QueryResponse.totalCount
      ).toBe(vendors.length)
      // Transactions have no such default.
      expect((await run('select count(*) from Bill')).json.QueryResponse.totalCount).toBeGreaterThan(0)
    } finally {
      await control(sb, 'POST', `/realms/${realmId}/mutate`, {
        operation: 'update',
        entity: 'Vendor',
        record: { Id: retired.Id, Active: true, sparse: true }
      })
    }
  })

  it('answers an empty result as {"QueryResponse":{}} and a bad query with a 400 Fault in the 4000 range', async () => {
    const empty = await run("select * from Vendor where DisplayName = 'Nobody At All'")
    expect(empty.status).toBe(200)
    expect(empty.json.QueryResponse).toEqual({})
    expect(typeof empty.json.time).toBe('string')
    for (const bad of [
      'selec * from Bill',
      'select * from Nothing',
      'select * from Bill where',
      'select * from Bill maxresults 5000',
      "select * from Bill where A = 'x' or B = 'y'"
    ]) {
      const res = await run(bad)
      expect(res.status, bad).toBe(400)
      expect(res.json.Fault.type).toBe('ValidationFault')
      expect(['4000', '4001']).toContain(res.json.Fault.Error[0].code)
    }
    const none = await api(sb, token, 'GET', '/query', undefined, { realmId })
    expect(none.status).toBe(400)
  })

  it('accepts the query as a POST body with Content-Type application/text, lowercase entity names too', async () => {
    const res = await api(sb, token, 'POST', '/query?minorversion=75', 'select * from vendor maxresults 3', {
      realmId
    })
    expect(res.status).toBe(200)
    expect(res.json.QueryResponse.Vendor).toHaveLength(3)
  })
})

describe('change data capture', () => {
  const clock = testClock()
  let sb: Sandbox
  let token: string

  beforeAll(async () => {
    sb = await startTiny({ clock: clock.now })
    token = (await connect(sb)).access_token
  })
  afterAll(async () => {
    await sb.close()
  })

  const cdc = (entities: string, since: number): Promise<Loose> =>
    api(
      sb,
      token,
      'GET',
      `/cdc?entities=${entities}&changedSince=${encodeURIComponent(formatQboTime(since))}&minorversion=75`
    )

  it('returns what changed since the instant, per entity in the order asked, deletions as stubs', async () => {
    clock.set(T0 + 60_000)
    const keep = (await api(sb, token, 'POST', '/bill', billBody(10))).json.Bill
    const gone = (await api(sb, token, 'POST', '/bill', billBody(20))).json.Bill
    clock.set(T0 + 120_000)
    const mark = clock.now()
    clock.set(T0 + 180_000)
    await api(sb, token, 'POST', '/bill?operation=delete', { Id: gone.Id, SyncToken: gone.SyncToken })
    clock.set(T0 + 240_000)
    const renamed = await api(sb, token, 'POST', '/vendor', {
      Id: IDS.bay,
      SyncToken: '0',
      sparse: true,
      AcctNum: 'BAY-1'
    })
    expect(renamed.status).toBe(200)
    // Another QBO user changes a bill.
    const other = await control(sb, 'POST', `/realms/${REALM}/mutate`, {
      operation: 'update',
      entity: 'Bill',
      sparse: true,
      record: { Id: keep.Id, PrivateNote: 'edited in QBO' }
    })
    expect(other.status).toBe(200)

    const res = await cdc('Vendor,Bill,Invoice', mark)
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual(['CDCResponse', 'time'])
    const [vendors, bills, invoices] = res.json.CDCResponse[0].QueryResponse
    // Deleting the bill moved Acme's balance, so Acme changed too (before Bay's edit).
    expect(vendors.Vendor.map((v: Loose) => v.Id)).toEqual([IDS.acme, IDS.bay])
    expect(vendors).toMatchObject({ startPosition: 1, maxResults: 2 })
    expect(bills.Bill).toHaveLength(2)
    expect(bills.Bill[0]).toEqual({
      Id: gone.Id,
      status: 'Deleted',
      domain: 'QBO',
      MetaData: { LastUpdatedTime: formatQboTime(T0 + 180_000) }
    })
    expect(bills.Bill[1]).toMatchObject({ Id: keep.Id, PrivateNote: 'edited in QBO', SyncToken: '1' })
    expect(bills.maxResults).toBe(2)
    expect(invoices).toEqual({})

    const later = await cdc('Bill', T0 + 200_000)
    expect(later.json.CDCResponse[0].QueryResponse[0].Bill.map((b: Loose) => b.Id)).toEqual([keep.Id])
  })

  it('refuses changedSince more than 30 days back, and missing parameters', async () => {
    clock.set(T0 + 40 * 86_400_000)
    token = (await connect(sb)).access_token
    const ok = await cdc('Bill', clock.now() - 30 * 86_400_000 + 60_000)
    expect(ok.status).toBe(200)
    const old = await cdc('Bill', clock.now() - 31 * 86_400_000)
    expect(old.status).toBe(400)
    expect(old.json.Fault.type).toBe('ValidationFault')
    expect((await api(sb, token, 'GET', '/cdc?entities=Bill')).status).toBe(400)
    expect(
      (
        await api(
          sb,
          token,
          'GET',
          `/cdc?changedSince=${encodeURIComponent(new Date(clock.now()).toISOString())}`
        )
      ).status
    ).toBe(400)
    expect((await cdc('Bogus', clock.now())).status).toBe(400)
  })
})

describe('change data capture caps each entity at 1000 objects, oldest changes first', () => {
  let sb: Sandbox
  let token: string

  beforeAll(async () => {
    const realm = tinyRealm(T0)
    // 1100 vendors whose change times run opposite to their ids, so the order must come from time.
    for (let i = 0; i < 1100; i++) {
      const id = String(1000 + i)
      const stamp = formatQboTime(T0 - 3_600_000 + (1100 - i) * 1000)
      realm.entities.Vendor.set(id, {
        Id: id,
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        DisplayName: `Bulk Vendor ${i}`,
        Active: true,
        Balance: 0,
        MetaData: { CreateTime: stamp, LastUpdatedTime: stamp }
      })
    }
    sb = await startSandbox({ realms: [realm], clock: () => T0 })
    token = (await connect(sb)).access_token
  })
  afterAll(async () => {
    await sb.close()
  })

  it('truncates to 1000', async () => {
    const since = formatQboTime(T0 - 2 * 3_600_000)
    const res = await api(sb, token, 'GET', `/cdc?entities=Vendor&changedSince=${encodeURIComponent(since)}`)
    expect(res.status).toBe(200)
    const page = res.json.CDCResponse[0].QueryResponse[0]
    expect(page.Vendor).toHaveLength(1000)
    expect(page.maxResults).toBe(1000)
    const times = page.Vendor.map((v: Loose) => Date.parse(v.MetaData.LastUpdatedTime))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(page.Vendor[0].Id).toBe('2099')
  })
})
