import { afterEach, describe, expect, it } from 'vitest'

import type { Sandbox } from '../../src/index'
import { api, connect, control, OTHER_REALM, q, REALM, startTiny, testClock, type Loose } from './helpers'

const THROTTLE_XML =
  /^<\?xml version="1\.0" encoding="UTF-8" standalone="yes"\?><IntuitResponse xmlns="http:\/\/schema\.intuit\.com\/finance\/v3" time="[^"]+"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429<\/Message><Detail>The request limit was reached\. {2}Try again later<\/Detail><\/Error><\/Fault><\/IntuitResponse>$/

let sb: Sandbox | undefined
afterEach(async () => {
  await sb?.close()
  sb = undefined
})

const read = (s: Sandbox, token: string, realmId = REALM): Promise<Loose> =>
  api(s, token, 'GET', q('select * from Term'), undefined, { realmId })

describe('limits', () => {
  it('answers the 11th concurrent request of a realm with 429 and Intuit’s XML body, even to a JSON request', async () => {
    sb = await startTiny({ latencyMs: 500 })
    const token = (await connect(sb)).access_token
    const s = sb
    const replies = await Promise.all(Array.from({ length: 11 }, () => read(s, token)))
    const throttled = replies.filter((r) => r.status === 429)
    expect(throttled).toHaveLength(1)
    expect(replies.filter((r) => r.status === 200)).toHaveLength(10)
    expect(throttled[0].headers.get('content-type')).toMatch(/^application\/xml/)
    expect(throttled[0].headers.get('intuit_tid')).toBeTruthy()
    expect(throttled[0].text).toMatch(THROTTLE_XML)
    const log = (await control(s, 'GET', `/log?realmId=${REALM}`)).json.entries.filter((e: Loose) =>
      e.path.endsWith('/query')
    )
    expect(log).toHaveLength(11)
    expect(Math.max(...log.map((e: Loose) => e.inFlight))).toBe(11)
    expect(log.find((e: Loose) => e.status === 429).inFlight).toBe(11)
    // Ten at a time is fine.
    const ten = await Promise.all(Array.from({ length: 10 }, () => read(s, token)))
    expect(ten.every((r) => r.status === 200)).toBe(true)
  })

  it('allows 500 requests a minute per realm, then 429 until the minute has passed', async () => {
    const clock = testClock()
    sb = await startTiny({ clock: clock.now })
    const s = sb
    const token = (await connect(s)).access_token
    const other = (await connect(s, OTHER_REALM)).access_token
    let ok = 0
    for (let i = 0; i < 50; i++) {
      const replies = await Promise.all(Array.from({ length: 10 }, () => read(s, token)))
      ok += replies.filter((r) => r.status === 200).length
    }
    expect(ok).toBe(500)
    const over = await read(s, token)
    expect(over.status).toBe(429)
    expect(over.text).toMatch(THROTTLE_XML)
    expect((await read(s, other, OTHER_REALM)).status).toBe(200)
    clock.advance(59_000)
    expect((await read(s, token)).status).toBe(429)
    clock.advance(1_001)
    expect((await read(s, token)).status).toBe(200)
  })

  it('takes lower limits from options and from the control plane, and counts batch calls separately', async () => {
    const clock = testClock()
    sb = await startTiny({ clock: clock.now, limits: { perMinute: 5 } })
    const s = sb
    const token = (await connect(s)).access_token
    for (let i = 0; i < 5; i++) expect((await read(s, token)).status).toBe(200)
    expect((await read(s, token)).status).toBe(429)
    await control(s, 'POST', '/clock/advance', { seconds: 61 })
    expect((await read(s, token)).status).toBe(200)

    await control(s, 'PUT', '/limits', { perMinute: 500, batchPerMinute: 3 })
    const batch = (): Promise<Loose> =>
      api(s, token, 'POST', '/batch', { BatchItemRequest: [{ bId: '1', Query: 'select * from Term' }] })
    for (let i = 0; i < 3; i++) expect((await batch()).status).toBe(200)
    const over = await batch()
    expect(over.status).toBe(429)
    expect(over.text).toMatch(THROTTLE_XML)
    expect((await read(s, token)).status).toBe(200)
  })

  it('keeps Intuit’s default of 40 batch calls a minute', async () => {
    sb = await startTiny()
    const s = sb
    const token = (await connect(s)).access_token
    const statuses: number[] = []
    for (let i = 0; i < 41; i++) {
      statuses.push(
        (
          await api(s, token, 'POST', '/batch', {
            BatchItemRequest: [{ bId: '1', Query: 'select * from Term' }]
          })
        ).status
      )
    }
    expect(statuses.slice(0, 40).every((st) => st === 200)).toBe(true)
    expect(statuses[40]).toBe(429)
  })
})
