import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSandbox, type Sandbox } from '../../src/index'
import { formatQboTime } from '../../src/time'
import { TRANSACTION_NAMES } from '../../src/entities'
import { api, connect, control, q, T0, type Loose } from './helpers'

describe('the large company', () => {
  let sb: Sandbox
  let token: string
  let realmId: string

  beforeAll(async () => {
    sb = await startSandbox({ size: 'large', seed: 1, clock: () => T0 })
    realmId = sb.info.realms[0]!.realmId
    token = (await connect(sb, realmId)).access_token
  }, 60_000)
  afterAll(async () => {
    await sb.close()
  })

  const run = (text: string): Promise<Loose> => api(sb, token, 'GET', q(text), undefined, { realmId })

  it('holds at least 100k transactions', async () => {
    const counts = (await control(sb, 'GET', '/realms')).json.realms[0].counts as Record<string, number>
    expect(TRANSACTION_NAMES.reduce((s, e) => s + (counts[e] ?? 0), 0)).toBeGreaterThanOrEqual(100_000)
  })

  it('serves every 1000-row page of its biggest table quickly, in Id order, each row once', async () => {
    const total = (await run('select count(*) from Invoice')).json.QueryResponse.totalCount as number
    expect(total).toBeGreaterThan(10_000)
    const started = performance.now()
    let slowest = 0
    let seen = 0
    let lastId = 0
    for (let start = 1; start <= total; start += 1000) {
      const t = performance.now()
      const page = await run(`select * from Invoice startposition ${start} maxresults 1000`)
      slowest = Math.max(slowest, performance.now() - t)
      const rows = page.json.QueryResponse.Invoice as { Id: string }[]
      expect(page.json.QueryResponse.maxResults).toBe(rows.length)
      expect(Number(rows[0]!.Id)).toBeGreaterThan(lastId)
      lastId = Number(rows.at(-1)!.Id)
      seen += rows.length
    }
    const elapsed = performance.now() - started
    expect(seen).toBe(total)
    // Generous bounds for a busy 2-core machine; typical pages take a few tens of milliseconds.
    expect(slowest).toBeLessThan(1000)
    expect(elapsed / Math.ceil(total / 1000)).toBeLessThan(250)
  }, 60_000)

  it('answers filtered and ordered 1000-row pages and CDC without stalling', async () => {
    let t = performance.now()
    const open = await run("select * from Bill where Balance > '0' orderby DueDate maxresults 1000")
    expect(open.status).toBe(200)
    expect(performance.now() - t).toBeLessThan(2000)
    t = performance.now()
    const recent = await api(
      sb,
      token,
      'GET',
      `/cdc?entities=Invoice,Bill,Payment&changedSince=${encodeURIComponent(formatQboTime(T0 - 7 * 86_400_000))}`,
      undefined,
      { realmId }
    )
    expect(recent.status).toBe(200)
    expect(performance.now() - t).toBeLessThan(3000)
    for (const part of recent.json.CDCResponse[0].QueryResponse) {
      const [rows] = Object.values(part).filter(Array.isArray) as unknown[][]
      expect((rows ?? []).length).toBeLessThanOrEqual(1000)
    }
  }, 30_000)
})
