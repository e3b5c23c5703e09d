// What the sandbox answers where it used to differ from Intuit's own sandbox (issue 18 item 8):
// created invoices carry the fields QBO writes on every invoice, an unknown property is 2010, an id
// that is no number is 2030.

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCompanies } from '../../src/demo/generate'
import type { Sandbox } from '../../src/index'
import { unknownProperty } from '../../src/properties'
import { ENTITY_NAMES } from '../../src/types'
import { api, billBody, connect, IDS, invoiceBody, startTiny, testClock, type Loose } from './helpers'
import { qboFixture } from '../../../../tests/helpers/fixtures'

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

function fault(res: { status: number; json: Loose }): Loose {
  expect(res.status).toBe(400)
  expect(res.json.Fault.type).toBe('ValidationFault')
  expect(res.json.Fault.Error).toHaveLength(1)
  return res.json.Fault.Error[0]
}

describe('invoices created through the API', () => {
  it('carry the online-payment switches, tax-after-discount and each line’s tax code, as seeded ones do', async () => {
    const customer = (
      await api(sb, token, 'POST', '/customer', {
        DisplayName: 'Juniper Florals',
        SalesTermRef: { value: IDS.net30 }
      })
    ).json.Customer
    const res = await api(sb, token, 'POST', '/invoice', invoiceBody(250, customer.Id))
    expect(res.status).toBe(200)
    expect(res.json.Invoice.SalesTermRef).toEqual({ value: IDS.net30 })
    const invoice = res.json.Invoice
    expect(invoice).toMatchObject({
      AllowIPNPayment: false,
      AllowOnlinePayment: false,
      AllowOnlineCreditCardPayment: false,
      AllowOnlineACHPayment: false,
      ApplyTaxAfterDiscount: false,
      CustomField: [],
      Deposit: 0
    })
    const items = (invoice.Line as Loose[]).filter((l) => l.DetailType === 'SalesItemLineDetail')
    expect(items).toHaveLength(1)
    expect(items[0].SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'NON' })

    // The same set of top-level fields as a seeded demo invoice, nothing missing.
    const [demo] = generateCompanies({
      size: 'demo',
      seed: 1,
      today: '2025-06-16',
      now: '2025-06-16T17:00:00Z'
    })
    const seeded = [...demo!.entities.Invoice.values()].find((i) => !i.DeliveryInfo && !i.BillAddr)
    const seededKeys = Object.keys(seeded ?? [...demo!.entities.Invoice.values()][0]!).filter(
      (k) => !['BillAddr', 'BillEmail', 'CustomerMemo', 'DeliveryInfo', 'ExchangeRate'].includes(k)
    )
    expect(seededKeys.filter((k) => !(k in invoice))).toEqual([])
  })

  it('keeps what the client sent for those fields', async () => {
    const res = await api(
      sb,
      token,
      'POST',
      '/invoice',
      invoiceBody(100, IDS.cedar, { AllowOnlineACHPayment: true, ApplyTaxAfterDiscount: true })
    )
    expect(res.json.Invoice).toMatchObject({ AllowOnlineACHPayment: true, ApplyTaxAfterDiscount: true })
  })

  it('bill lines get a tax code and billable status, as the real payload in tests/fixtures has', async () => {
    const real = qboFixture<Loose>('quickbooks-go', 'bill.json').Bill.Line[0].AccountBasedExpenseLineDetail
    const res = await api(sb, token, 'POST', '/bill', billBody(40))
    const detail = res.json.Bill.Line[0].AccountBasedExpenseLineDetail
    expect(Object.keys(real)).toEqual(expect.arrayContaining(['TaxCodeRef', 'BillableStatus']))
    expect(detail).toMatchObject({ TaxCodeRef: { value: 'NON' }, BillableStatus: 'NotBillable' })
  })
})

describe('unknown properties', () => {
  it('are refused with 2010, before any required-field check (2020)', async () => {
    const err = fault(await api(sb, token, 'POST', '/invoice', { Bogus: 1 }))
    expect(err).toEqual({
      Message: 'Request has invalid or unsupported property',
      Detail:
        'Property Name:Unrecognized field "Bogus" (class com.intuit.schema.finance.v3.Invoice), not marked as ignorable specified is unsupported or invalid',
      code: '2010',
      element: 'Bogus'
    })
    expect(fault(await api(sb, token, 'POST', '/customer', { DisplayName: 'X', Colour: 'red' })).code).toBe(
      '2010'
    )
  })

  it('in a sparse update and in a batch item too', async () => {
    const made = (await api(sb, token, 'POST', '/invoice', invoiceBody(75))).json.Invoice
    const sparse = await api(sb, token, 'POST', '/invoice', {
      Id: made.Id,
      SyncToken: made.SyncToken,
      sparse: true,
      customerMemo: { value: 'lower case is another property' }
    })
    expect(fault(sparse).code).toBe('2010')
    const batch = await api(sb, token, 'POST', '/batch', {
      BatchItemRequest: [{ bId: 'b1', operation: 'create', Vendor: { DisplayName: 'Y', Nope: true } }]
    })
    expect(batch.json.BatchItemResponse[0].Fault.Error[0].code).toBe('2010')
  })

  it('every property of the demo companies’ records and of the real payloads is known', () => {
    const realms = generateCompanies({
      size: 'demo',
      seed: 7,
      today: '2026-06-01',
      now: '2026-06-01T17:00:00Z'
    })
    for (const realm of realms)
      for (const entity of ENTITY_NAMES)
        for (const rec of realm.entities[entity].values())
          expect(unknownProperty(entity, rec), `${entity} ${rec.Id}`).toBeUndefined()
    for (const [file, entity] of [
      ['bill.json', 'Bill'],
      ['vendor.json', 'Vendor'],
      ['account.json', 'Account']
    ] as const) {
      const rec = qboFixture<Record<string, Record<string, unknown>>>('quickbooks-go', file)[entity]!
      expect(unknownProperty(entity, rec), file).toBeUndefined()
    }
  })
})

describe('ids that are not numbers', () => {
  it('GET /customer/1.5 is 2030 Invalid ID, a well-formed id that is missing stays 610', async () => {
    const err = fault(await api(sb, token, 'GET', '/customer/1.5'))
    expect(err).toEqual({
      Message: 'Invalid ID',
      Detail: 'Id should be a valid number. Supplied value:1.5',
      code: '2030',
      element: 'id'
    })
    expect(fault(await api(sb, token, 'GET', '/invoice/abc')).code).toBe('2030')
    expect(fault(await api(sb, token, 'GET', '/customer/987654')).code).toBe('610')
  })

  it('in an update, a delete and a send as well', async () => {
    expect(
      fault(await api(sb, token, 'POST', '/invoice', { Id: '2.5', SyncToken: '0', sparse: true })).code
    ).toBe('2030')
    expect(
      fault(await api(sb, token, 'POST', '/bill?operation=delete', { Id: 'x1', SyncToken: '0' })).code
    ).toBe('2030')
    expect(fault(await api(sb, token, 'POST', '/invoice/1.5/send')).code).toBe('2030')
  })
})
