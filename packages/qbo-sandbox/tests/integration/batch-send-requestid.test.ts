import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Sandbox } from '../../src/index'
import {
  api,
  billBody,
  connect,
  control,
  entity,
  IDS,
  invoiceBody,
  REALM,
  startTiny,
  testClock,
  type Loose
} from './helpers'

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

const count = async (name: string): Promise<number> =>
  (await control(sb, 'GET', `/realms/${REALM}/entities/${name}?limit=0`)).json.count

describe('batch', () => {
  it('answers HTTP 200 with one result or Fault per item, keyed by bId', async () => {
    const bill = (await api(sb, token, 'POST', '/bill', billBody(15))).json.Bill
    const res = await api(sb, token, 'POST', '/batch?minorversion=75', {
      BatchItemRequest: [
        { bId: 'v1', operation: 'create', Vendor: { DisplayName: 'Batch Vendor One' } },
        { bId: 'v2', operation: 'create', Vendor: { DisplayName: 'Acme Supplies' } },
        {
          bId: 'b1',
          operation: 'update',
          Bill: { Id: bill.Id, SyncToken: '0', sparse: true, PrivateNote: 'via batch' }
        },
        {
          bId: 'b2',
          operation: 'update',
          Bill: { Id: bill.Id, SyncToken: '0', sparse: true, PrivateNote: 'stale' }
        },
        { bId: 'b3', operation: 'create', Bill: { VendorRef: { value: IDS.acme } } },
        { bId: 'q1', Query: "select * from Vendor where DisplayName = 'Acme Supplies'" },
        { bId: 'q2', Query: 'select * from Nowhere' },
        { bId: 'd1', operation: 'delete', Bill: { Id: bill.Id, SyncToken: '1' } }
      ]
    })
    expect(res.status).toBe(200)
    expect(Object.keys(res.json).sort()).toEqual(['BatchItemResponse', 'time'])
    const items = res.json.BatchItemResponse
    expect(items.map((i: Loose) => i.bId)).toEqual(['v1', 'v2', 'b1', 'b2', 'b3', 'q1', 'q2', 'd1'])
    expect(items[0].Vendor.DisplayName).toBe('Batch Vendor One')
    expect(items[1].Fault.Error[0].code).toBe('6240')
    expect(items[1].Fault.type).toBe('ValidationFault')
    expect(items[2].Bill).toMatchObject({ PrivateNote: 'via batch', SyncToken: '1' })
    expect(items[3].Fault.Error[0].code).toBe('5010')
    expect(items[4].Fault.Error[0]).toMatchObject({ code: '2020', element: 'Line' })
    expect(items[5].QueryResponse.Vendor).toHaveLength(1)
    expect(items[5].QueryResponse.maxResults).toBe(1)
    expect(['4000', '4001']).toContain(items[6].Fault.Error[0].code)
    expect(items[7].Bill).toEqual({ Id: bill.Id, status: 'Deleted', domain: 'QBO' })
  })

  it('refuses more than 30 items with a 400 Fault and runs none of them', async () => {
    const before = await count('Vendor')
    const items = Array.from({ length: 31 }, (_, i) => ({
      bId: String(i),
      operation: 'create',
      Vendor: { DisplayName: `Overflow ${i}` }
    }))
    const res = await api(sb, token, 'POST', '/batch', { BatchItemRequest: items })
    expect(res.status).toBe(400)
    expect(res.json.Fault.type).toBe('ValidationFault')
    expect(res.json.Fault.Error[0].element).toBe('BatchItemRequest')
    expect(await count('Vendor')).toBe(before)
    const thirty = await api(sb, token, 'POST', '/batch', { BatchItemRequest: items.slice(0, 30) })
    expect(thirty.status).toBe(200)
    expect(thirty.json.BatchItemResponse.every((i: Loose) => i.Vendor)).toBe(true)
    expect(await count('Vendor')).toBe(before + 30)
  })
})

describe('invoice send', () => {
  it('marks the invoice EmailSent with DeliveryInfo, sets BillEmail from sendTo, and records the message', async () => {
    await control(sb, 'DELETE', '/outbox')
    const inv = (
      await api(sb, token, 'POST', '/invoice', invoiceBody(420, IDS.dune, { DueDate: '2025-07-16' }))
    ).json.Invoice
    clock.advance(60_000)
    const res = await api(
      sb,
      token,
      'POST',
      `/invoice/${inv.Id}/send?sendTo=${encodeURIComponent('ap@dune.example')}&minorversion=75`,
      undefined,
      {
        headers: { 'content-type': 'application/octet-stream' }
      }
    )
    expect(res.status).toBe(200)
    const sent = res.json.Invoice
    expect(sent.EmailStatus).toBe('EmailSent')
    expect(sent.DeliveryInfo.DeliveryType).toBe('Email')
    expect(Date.parse(sent.DeliveryInfo.DeliveryTime)).toBe(clock.now() - (clock.now() % 1000))
    expect(sent.BillEmail).toEqual({ Address: 'ap@dune.example' })
    expect(sent.SyncToken).toBe('1')
    const outbox = (await control(sb, 'GET', `/outbox?realmId=${REALM}`)).json.messages
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      realmId: REALM,
      invoiceId: inv.Id,
      docNumber: inv.DocNumber,
      to: 'ap@dune.example'
    })
    expect(outbox[0].subject).toContain(inv.DocNumber)
    expect(outbox[0].body).toContain('$420.00')
  })

  it('falls back to BillEmail, then the customer email; with no address anywhere it is a validation fault', async () => {
    const withCustomerEmail = (await api(sb, token, 'POST', '/invoice', invoiceBody(10, IDS.cedar))).json
      .Invoice
    const a = await api(sb, token, 'POST', `/invoice/${withCustomerEmail.Id}/send`, undefined, {
      headers: { 'content-type': 'application/octet-stream' }
    })
    expect(a.status).toBe(200)
    const withBillEmail = (
      await api(
        sb,
        token,
        'POST',
        '/invoice',
        invoiceBody(10, IDS.dune, { BillEmail: { Address: 'billing@dune.example' } })
      )
    ).json.Invoice
    await api(sb, token, 'POST', `/invoice/${withBillEmail.Id}/send`, undefined, {
      headers: { 'content-type': 'application/octet-stream' }
    })
    const nowhere = (await api(sb, token, 'POST', '/invoice', invoiceBody(10, IDS.dune))).json.Invoice
    const before = (await control(sb, 'GET', '/outbox')).json.messages.length
    const res = await api(sb, token, 'POST', `/invoice/${nowhere.Id}/send`, undefined, {
      headers: { 'content-type': 'application/octet-stream' }
    })
    expect(res.status).toBe(400)
    expect(res.json.Fault.type).toBe('ValidationFault')
    expect(res.json.Fault.Error[0]).toMatchObject({ code: '2020', element: 'BillEmail.Address' })
    const messages = (await control(sb, 'GET', '/outbox')).json.messages
    expect(messages).toHaveLength(before)
    expect(messages.slice(-2).map((m: Loose) => m.to)).toEqual([
      'accounts@cedar.example',
      'billing@dune.example'
    ])
    expect((await entity(sb, 'Invoice', nowhere.Id)).EmailStatus).toBe('NotSet')
    expect((await api(sb, token, 'POST', '/invoice/999999/send')).json.Fault.Error[0].code).toBe('610')
  })
})

describe('requestid', () => {
  it('answers a repeated request id with the first response and writes nothing again', async () => {
    const before = await count('Bill')
    const first = await api(sb, token, 'POST', '/bill?requestid=rq-bill-0001', billBody(77))
    expect(first.status).toBe(200)
    const again = await api(sb, token, 'POST', '/bill?requestid=rq-bill-0001', billBody(99))
    expect(again.status).toBe(200)
    expect(again.text).toBe(first.text)
    expect(await count('Bill')).toBe(before + 1)
    const other = await api(sb, token, 'POST', '/bill?requestid=rq-bill-0002', billBody(77))
    expect(other.json.Bill.Id).not.toBe(first.json.Bill.Id)
    expect(await count('Bill')).toBe(before + 2)
    // Faults are remembered too, and a request id is per realm.
    const fault = await api(sb, token, 'POST', '/bill?requestid=rq-bad', { VendorRef: { value: IDS.acme } })
    const faultAgain = await api(sb, token, 'POST', '/bill?requestid=rq-bad', billBody(5))
    expect(faultAgain.status).toBe(400)
    expect(faultAgain.text).toBe(fault.text)
    const log = (await control(sb, 'GET', `/log?realmId=${REALM}`)).json.entries
    const replays = log.filter((e: Loose) => e.requestId === 'rq-bill-0001')
    expect(replays.map((e: Loose) => e.replayed ?? false)).toEqual([false, true])
  })

  it('limits request ids to 50 characters', async () => {
    const res = await api(sb, token, 'POST', `/vendor?requestid=${'x'.repeat(51)}`, {
      DisplayName: 'Long Id Vendor'
    })
    expect(res.status).toBe(400)
  })
})
