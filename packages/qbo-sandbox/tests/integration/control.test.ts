import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Sandbox } from '../../src/index'
import {
  api,
  billBody,
  connect,
  control,
  entity,
  IDS,
  q,
  REALM,
  startTiny,
  testClock,
  tokenRequest,
  type Loose
} from './helpers'

const clock = testClock()
let sb: Sandbox
let token: string

beforeAll(async () => {
  sb = await startTiny({ clock: clock.now, seed: 42 })
  token = (await connect(sb)).access_token
})
afterAll(async () => {
  await sb.close()
})
beforeEach(async () => {
  await control(sb, 'POST', '/reset', {})
})

const count = async (name: string): Promise<number> =>
  (await control(sb, 'GET', `/realms/${REALM}/entities/${name}?limit=0`)).json.count

/** Status of a request, or 'reset' when the connection died without an answer. */
async function outcome(p: Promise<{ status: number }>): Promise<number | 'reset'> {
  try {
    return (await p).status
  } catch {
    return 'reset'
  }
}

describe('injected errors', () => {
  it('draw rates from a seeded PRNG: the same seed gives the same failures', async () => {
    const pattern = async (): Promise<(number | 'reset')[]> => {
      await control(sb, 'POST', '/seed', { seed: 7 })
      const added = await control(sb, 'POST', '/faults', {
        kind: 'error',
        status: 500,
        rate: 0.3,
        match: { path: '/query$' }
      })
      expect(added.status).toBe(201)
      const out: (number | 'reset')[] = []
      for (let i = 0; i < 40; i++) out.push(await outcome(api(sb, token, 'GET', q('select * from Term'))))
      await control(sb, 'DELETE', `/faults/${added.json.rule.id}`)
      return out
    }
    const a = await pattern()
    const b = await pattern()
    expect(a).toEqual(b)
    const failures = a.filter((s) => s === 500).length
    expect(failures).toBeGreaterThan(4)
    expect(failures).toBeLessThan(24)
    expect(a.every((s) => s === 200 || s === 500)).toBe(true)
  })

  it('fail the next N requests that match, then retire', async () => {
    await control(sb, 'POST', '/faults', {
      kind: 'error',
      status: 503,
      count: 2,
      match: { entity: 'Bill', method: 'GET' }
    })
    const bill = (await api(sb, token, 'POST', '/bill', billBody(5))).json.Bill
    const vendor = await api(sb, token, 'GET', `/vendor/${IDS.acme}`)
    expect(vendor.status).toBe(200)
    const first = await api(sb, token, 'GET', `/bill/${bill.Id}`)
    expect(first.status).toBe(503)
    expect(first.headers.get('content-type')).toMatch(/text\/html/)
    expect(first.headers.get('intuit_tid')).toBeTruthy()
    expect((await api(sb, token, 'GET', `/bill/${bill.Id}`)).status).toBe(503)
    expect((await api(sb, token, 'GET', `/bill/${bill.Id}`)).status).toBe(200)
    expect((await control(sb, 'GET', '/faults')).json.rules).toEqual([])
    await control(sb, 'POST', '/faults', { kind: 'error', count: 1 })
    const sys = await api(sb, token, 'GET', `/bill/${bill.Id}`)
    expect(sys.status).toBe(500)
    expect(sys.json.Fault.type).toBe('SystemFault')
  })

  it('reset connections, and commit-then-drop performs the write before dropping the answer', async () => {
    await control(sb, 'POST', '/faults', { kind: 'reset', count: 1, match: { area: 'api' } })
    expect(await outcome(api(sb, token, 'GET', `/vendor/${IDS.acme}`))).toBe('reset')
    expect(await outcome(api(sb, token, 'GET', `/vendor/${IDS.acme}`))).toBe(200)

    const before = await count('Bill')
    await control(sb, 'POST', '/faults', {
      kind: 'commit-drop',
      count: 1,
      match: { entity: 'Bill', write: true }
    })
    expect(await outcome(api(sb, token, 'POST', '/bill?requestid=drop-1', billBody(64)))).toBe('reset')
    expect(await count('Bill')).toBe(before + 1)
    const retry = await api(sb, token, 'POST', '/bill?requestid=drop-1', billBody(64))
    expect(retry.status).toBe(200)
    expect(await count('Bill')).toBe(before + 1)
    const stored = await entity(sb, 'Bill', retry.json.Bill.Id)
    expect(stored.TotalAmt).toBe(64)
    const log = (await control(sb, 'GET', '/log')).json.entries
    expect(log.map((e: Loose) => e.outcome)).toEqual(['reset', 'responded', 'dropped', 'responded'])
    expect(log[2]).toMatchObject({ status: 200, requestId: 'drop-1', faults: ['commit-drop'] })
    expect(log[3].replayed).toBe(true)
  })

  it('force throttling for the next N requests', async () => {
    const r = await control(sb, 'POST', '/throttle', { count: 2 })
    expect(r.status).toBe(201)
    const a = await api(sb, token, 'GET', `/vendor/${IDS.acme}`)
    expect(a.status).toBe(429)
    expect(a.text).toContain('ThrottleExceeded')
    expect((await api(sb, token, 'GET', `/vendor/${IDS.acme}`)).status).toBe(429)
    expect((await api(sb, token, 'GET', `/vendor/${IDS.acme}`)).status).toBe(200)
  })

  it('take the whole service down until cleared, OAuth included', async () => {
    expect((await control(sb, 'POST', '/outage', { mode: 'reset' })).json.outage).toBe('reset')
    expect(await outcome(api(sb, token, 'GET', `/vendor/${IDS.acme}`))).toBe('reset')
    expect(await outcome(tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: 'x' }))).toBe('reset')
    expect((await control(sb, 'GET', '/info')).json.outage).toBe('reset')
    await control(sb, 'POST', '/outage', { mode: '503' })
    const down = await api(sb, token, 'GET', `/vendor/${IDS.acme}`)
    expect(down.status).toBe(503)
    await control(sb, 'DELETE', '/outage')
    expect((await api(sb, token, 'GET', `/vendor/${IDS.acme}`)).status).toBe(200)
  })
})

describe('latency', () => {
  // Bounds leave room for a busy machine: each check compares against a delay several times larger.
  it('is added per path pattern and globally, without blocking other requests', async () => {
    await control(sb, 'POST', '/faults', { kind: 'latency', ms: 500, match: { path: '/vendor/' } })
    let t = performance.now()
    expect((await api(sb, token, 'GET', `/vendor/${IDS.acme}`)).status).toBe(200)
    expect(performance.now() - t).toBeGreaterThanOrEqual(495)
    t = performance.now()
    await api(sb, token, 'GET', `/term/${IDS.net30}`)
    expect(performance.now() - t).toBeLessThan(400)

    await control(sb, 'POST', '/latency', { ms: 500 })
    t = performance.now()
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => api(sb, token, 'GET', `/term/${IDS.net30}`))
    )
    const elapsed = performance.now() - t
    expect(replies.every((r) => r.status === 200)).toBe(true)
    expect(elapsed).toBeGreaterThanOrEqual(495)
    // One after another they would take 4 s.
    expect(elapsed).toBeLessThan(2000)
    // Control requests themselves never wait.
    t = performance.now()
    await control(sb, 'GET', '/info')
    expect(performance.now() - t).toBeLessThan(400)
  })
})

describe('observation', () => {
  it('logs method, path, query, status, request id, realm concurrency and time', async () => {
    await api(sb, token, 'POST', '/vendor?requestid=log-1&minorversion=70', { DisplayName: 'Logged Vendor' })
    await api(sb, token, 'GET', q('select * from Vendor'))
    const entries = (await control(sb, 'GET', `/log?realmId=${REALM}`)).json.entries
    expect(entries).toHaveLength(2)
    expect(entries[0]).toMatchObject({
      method: 'POST',
      path: `/v3/company/${REALM}/vendor`,
      query: { requestid: 'log-1', minorversion: '70' },
      status: 200,
      requestId: 'log-1',
      inFlight: 1,
      realmId: REALM,
      area: 'api',
      minorVersion: 75,
      outcome: 'responded'
    })
    expect(entries[1].query.query).toBe('select * from Vendor')
    expect(Date.parse(entries[0].time)).toBe(clock.now())
    expect(typeof entries[0].intuitTid).toBe('string')
    const since = (await control(sb, 'GET', `/log?since=${entries[0].seq}`)).json.entries
    expect(since).toHaveLength(1)
    await control(sb, 'DELETE', '/log')
    expect((await control(sb, 'GET', '/log')).json.entries).toEqual([])
  })

  it('shows raw entity state and changes data as another QBO user would', async () => {
    const list = await control(sb, 'GET', `/realms/${REALM}/entities/Account`)
    expect(list.status).toBe(200)
    expect(list.json.records.map((r: Loose) => r.Id)).toContain(IDS.checking)
    const created = await control(sb, 'POST', `/realms/${REALM}/mutate`, {
      operation: 'create',
      entity: 'Bill',
      record: billBody(19)
    })
    expect(created.status).toBe(200)
    const id = created.json.record.Id
    const read = await api(sb, token, 'GET', `/bill/${id}`)
    expect(read.json.Bill.TotalAmt).toBe(19)
    // The app holds SyncToken 0; another user edits; the app's update is stale.
    const edit = await control(sb, 'POST', `/realms/${REALM}/mutate`, {
      operation: 'update',
      entity: 'Bill',
      sparse: true,
      record: { Id: id, PrivateNote: 'changed elsewhere' }
    })
    expect(edit.json.record.SyncToken).toBe('1')
    const stale = await api(sb, token, 'POST', '/bill', {
      Id: id,
      SyncToken: '0',
      sparse: true,
      PrivateNote: 'mine'
    })
    expect(stale.json.Fault.Error[0].code).toBe('5010')
    const bad = await control(sb, 'POST', `/realms/${REALM}/mutate`, {
      operation: 'create',
      entity: 'Vendor',
      record: { DisplayName: 'Acme Supplies' }
    })
    expect(bad.status).toBe(400)
    expect(bad.json.Fault.Error[0].code).toBe('6240')
    const del = await control(sb, 'POST', `/realms/${REALM}/mutate`, {
      operation: 'delete',
      entity: 'Bill',
      record: { Id: id }
    })
    expect(del.json.record).toEqual({ Id: id, status: 'Deleted', domain: 'QBO' })
    expect(
      (await control(sb, 'GET', `/realms/${REALM}/deletions`)).json.deletions.some((d: Loose) => d.id === id)
    ).toBe(true)
    const raw = await control(sb, 'POST', `/realms/${REALM}/mutate`, {
      operation: 'raw',
      entity: 'Bill',
      record: { Line: 'not a list', TotalAmt: 'NaN' }
    })
    expect(raw.status).toBe(200)
    expect((await api(sb, token, 'GET', `/bill/${raw.json.record.Id}`)).json.Bill.Line).toBe('not a list')
  })

  it('is not reachable under /v3 and needs no OAuth', async () => {
    const viaApi = await api(sb, token, 'GET', '/_sandbox/realms')
    expect(viaApi.status).toBe(400)
    expect(viaApi.json.Fault).toBeDefined()
    expect((await api(sb, undefined, 'GET', '/_sandbox/realms')).status).toBe(401)
    expect((await control(sb, 'GET', '/realms')).status).toBe(200)
    expect((await control(sb, 'GET', '/nothing/here')).status).toBe(404)
    expect((await control(sb, 'POST', '/faults', { kind: 'explode' })).status).toBe(400)
  })

  it('moves the clock and resets faults and the log', async () => {
    const before = (await control(sb, 'GET', '/clock')).json
    const after = (await control(sb, 'POST', '/clock/advance', { seconds: 90 })).json
    expect(after.now - before.now).toBe(90_000)
    expect(after.offsetMs - before.offsetMs).toBe(90_000)
    await control(sb, 'POST', '/faults', { kind: 'error', status: 500 })
    expect((await control(sb, 'GET', '/faults')).json.rules).toHaveLength(1)
    const reset = await control(sb, 'POST', '/reset', {})
    expect(reset.json.reset).toEqual(['faults', 'log', 'limits', 'outbox'])
    expect((await control(sb, 'GET', '/faults')).json.rules).toEqual([])
    token = (await connect(sb)).access_token
    expect((await api(sb, token, 'GET', `/vendor/${IDS.acme}`)).status).toBe(200)
  })
})
