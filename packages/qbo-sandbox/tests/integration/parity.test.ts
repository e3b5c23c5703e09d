import { qboFixture } from '../../../../tests/helpers/fixtures'

import QuickBooks from 'node-quickbooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startSandbox, type Sandbox } from '../../src/index'
import {
  api,
  checkPayment,
  connect,
  control,
  IDS,
  invoiceBody,
  q,
  REALM,
  startTiny,
  T0,
  type Loose
} from './helpers'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

const fixture = (name: string): Record<string, Json> =>
  qboFixture<Record<string, Json>>('quickbooks-go', name)

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)

/**
 * Where the fixture has a value, the sandbox must have one of the same JSON type; arrays compare
 * their first elements. `presence: false` only compares types where both sides have the path.
 */
export function shapeDiff(expected: unknown, actual: unknown, path = '$', presence = true): string[] {
  if (actual === undefined) return presence ? [`${path}: missing`] : []
  if (kind(expected) !== kind(actual))
    return [`${path}: ${kind(expected)} in the fixture, ${kind(actual)} in the sandbox`]
  if (Array.isArray(expected)) {
    const a = actual as unknown[]
    if (expected.length === 0) return []
    if (a.length === 0) return presence ? [`${path}[0]: missing (empty array)`] : []
    return shapeDiff(expected[0], a[0], `${path}[0]`, presence)
  }
  if (kind(expected) === 'object') {
    const out: string[] = []
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) {
      out.push(...shapeDiff(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, presence))
    }
    return out
  }
  return []
}

/** The fixture as a client would send it: what QBO writes itself is left out. */
function clientInput(entity: Record<string, Json>, drop: string[]): Record<string, Json> {
  const copy = JSON.parse(JSON.stringify(entity)) as Record<string, Json>
  for (const k of ['Id', 'SyncToken', 'domain', 'sparse', 'MetaData', ...drop]) delete copy[k]
  return copy
}

describe('fixture parity (quickbooks-go recorded responses)', () => {
  let sb: Sandbox
  let token: string

  beforeAll(async () => {
    sb = await startTiny()
    token = (await connect(sb)).access_token
  })
  afterAll(async () => {
    await sb.close()
  })

  it('comparator finds missing paths and type changes', () => {
    expect(
      shapeDiff({ a: 1, b: { c: 'x' }, d: [{ e: true }] }, { a: 1, b: { c: 'y' }, d: [{ e: false }] })
    ).toEqual([])
    expect(shapeDiff({ a: 1, b: { c: 'x' }, d: [{ e: true }] }, { a: '1', b: {}, d: [] })).toEqual([
      '$.a: number in the fixture, string in the sandbox',
      '$.b.c: missing',
      '$.d[0]: missing (empty array)'
    ])
  })

  it('Vendor', async () => {
    const fx = fixture('vendor.json')
    const input = clientInput(fx.Vendor as Record<string, Json>, [
      'Balance',
      'Active',
      'PrintOnCheckName',
      'Vendor1099'
    ])
    delete (input.BillAddr as Record<string, Json>).Id
    const created = await api(sb, token, 'POST', '/vendor', input)
    expect(created.status).toBe(200)
    const read = await api(sb, token, 'GET', `/vendor/${created.json.Vendor.Id}`)
    expect(shapeDiff(fx, read.json)).toEqual([])
  })

  it('Account', async () => {
    const fx = fixture('account.json')
    const input = clientInput(fx.Account as Record<string, Json>, [
      'FullyQualifiedName',
      'Classification',
      'CurrencyRef',
      'CurrentBalance',
      'CurrentBalanceWithSubAccounts',
      'Active',
      'SubAccount'
    ])
    const created = await api(sb, token, 'POST', '/account', input)
    expect(created.status).toBe(200)
    const read = await api(sb, token, 'GET', `/account/${created.json.Account.Id}`)
    expect(shapeDiff(fx, read.json)).toEqual([])
    expect(read.json.Account).toMatchObject({
      Classification: 'Asset',
      FullyQualifiedName: 'MyJobs',
      SubAccount: false,
      CurrentBalance: 0
    })
  })

  it('Bill (paid, as in the fixture)', async () => {
    const fx = fixture('bill.json')
    const bill = fx.Bill as Record<string, Json>
    const input = clientInput(bill, [
      'APAccountRef',
      'TotalAmt',
      'CurrencyRef',
      'LinkedTxn',
      'DueDate',
      'Balance'
    ])
    input.VendorRef = { value: IDS.acme }
    input.SalesTermRef = { value: IDS.net30 }
    input.Line = (input.Line as Record<string, Json>[]).map((l) => {
      const detail = l.AccountBasedExpenseLineDetail as Record<string, Json>
      const { Id: _id, ...rest } = l
      return {
        ...rest,
        AccountBasedExpenseLineDetail: {
          ...detail,
          AccountRef: { value: IDS.supplies },
          CustomerRef: { value: IDS.cedar }
        }
      }
    })
    const created = await api(sb, token, 'POST', '/bill', input)
    expect(created.status).toBe(200)
    const id = created.json.Bill.Id
    expect((await api(sb, token, 'POST', '/billpayment', checkPayment([[id, 103.55]]))).status).toBe(200)
    const read = await api(sb, token, 'GET', `/bill/${id}`)
    expect(shapeDiff(fx, read.json)).toEqual([])
    expect(read.json.Bill).toMatchObject({
      TotalAmt: 103.55,
      Balance: 0,
      DueDate: '2014-12-06',
      LinkedTxn: [{ TxnType: 'BillPaymentCheck' }]
    })
  })
})

describe('generated demo books agree with the fixtures’ JSON types', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox({ seed: 11, clock: () => T0 })
  })
  afterAll(async () => {
    await sb.close()
  })

  it('for every Bill, Vendor and Account of every company', async () => {
    for (const { realmId } of sb.info.realms) {
      for (const [entity, file] of [
        ['Bill', 'bill.json'],
        ['Vendor', 'vendor.json'],
        ['Account', 'account.json']
      ] as const) {
        const fx = fixture(file)[entity]
        const records = (await control(sb, 'GET', `/realms/${realmId}/entities/${entity}`)).json
          .records as unknown[]
        expect(records.length).toBeGreaterThan(0)
        for (const r of records) expect(shapeDiff(fx, r, `${entity}`, false)).toEqual([])
      }
    }
  })
})

function call<T>(fn: (cb: (err: unknown, data?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err) : resolve(data as T))))
}

describe('node-quickbooks, unmodified, against the sandbox', () => {
  let sb: Sandbox
  let qbo: QuickBooks

  beforeAll(async () => {
    sb = await startTiny()
    const t = await connect(sb)
    // The library's documented knobs: the v3 base URL and the token endpoint are static fields.
    QuickBooks.V3_ENDPOINT_BASE_URL = `${sb.info.apiBaseUrl}/v3/company/`
    QuickBooks.TOKEN_URL = sb.info.oauth.tokenUrl
    qbo = new QuickBooks(
      sb.info.oauth.clientId,
      sb.info.oauth.clientSecret,
      t.access_token,
      false,
      REALM,
      true,
      false,
      '75',
      '2.0',
      t.refresh_token
    )
  })
  afterAll(async () => {
    await sb.close()
  })

  it('creates, finds, reads and updates vendors', async () => {
    const created = await call<Loose>((cb) =>
      qbo.createVendor({ DisplayName: 'Library Vendor' } as never, cb)
    )
    expect(created.DisplayName).toBe('Library Vendor')
    const found = await call<Loose>((cb) => qbo.findVendors({ fetchAll: true }, cb))
    expect(found.QueryResponse.Vendor.map((v: Loose) => v.DisplayName)).toEqual(
      expect.arrayContaining(['Acme Supplies', 'Bay Utilities', 'Library Vendor'])
    )
    const filtered = await call<Loose>((cb) =>
      qbo.findVendors([{ field: 'DisplayName', value: 'Acme%', operator: 'LIKE' }], cb)
    )
    expect(filtered.QueryResponse.Vendor.map((v: Loose) => v.Id)).toEqual([IDS.acme])
    const updated = await call<Loose>((cb) =>
      qbo.updateVendor({ Id: created.Id, SyncToken: created.SyncToken, AcctNum: 'LIB-1' } as never, cb)
    )
    expect(updated).toMatchObject({ AcctNum: 'LIB-1', DisplayName: 'Library Vendor', SyncToken: '1' })
    const stale = await call<Loose>((cb) =>
      qbo.updateVendor({ Id: created.Id, SyncToken: '0', AcctNum: 'LIB-2' } as never, cb)
    ).catch((e) => e)
    expect(stale.response?.status ?? stale.Fault?.Error?.[0]?.code).toBeDefined()
  })

  it('creates, reads, pays and deletes bills; sends invoices; runs CDC and batch', async () => {
    const bill = await call<Loose>((cb) =>
      qbo.createBill(
        {
          VendorRef: { value: IDS.acme },
          Line: [
            {
              DetailType: 'AccountBasedExpenseLineDetail',
              Amount: 45.5,
              AccountBasedExpenseLineDetail: { AccountRef: { value: IDS.supplies } }
            }
          ]
        } as never,
        cb
      )
    )
    const read = await call<Loose>((cb) => qbo.getBill(bill.Id, cb))
    expect(read).toMatchObject({ Id: bill.Id, TotalAmt: 45.5, Balance: 45.5 })
    const bp = await call<Loose>((cb) => qbo.createBillPayment(checkPayment([[bill.Id, 45.5]]) as never, cb))
    expect(bp.TotalAmt).toBe(45.5)
    expect((await call<Loose>((cb) => qbo.getBill(bill.Id, cb))).Balance).toBe(0)

    const other = await call<Loose>((cb) =>
      qbo.createBill(
        {
          VendorRef: { value: IDS.bay },
          Line: [
            {
              DetailType: 'AccountBasedExpenseLineDetail',
              Amount: 9,
              AccountBasedExpenseLineDetail: { AccountRef: { value: IDS.supplies } }
            }
          ]
        } as never,
        cb
      )
    )
    const deleted = await call<Loose>((cb) => qbo.deleteBill(other.Id, cb))
    expect(deleted.Bill).toEqual({ Id: other.Id, status: 'Deleted', domain: 'QBO' })

    const invoice = await call<Loose>((cb) => qbo.createInvoice(invoiceBody(25) as never, cb))
    const sent = await call<Loose>((cb) => qbo.sendInvoicePdf(invoice.Id, 'lib@example.com', cb))
    expect(sent).toMatchObject({ EmailStatus: 'EmailSent', BillEmail: { Address: 'lib@example.com' } })
    const voided = await call<Loose>((cb) =>
      qbo.voidInvoice({ Id: invoice.Id, SyncToken: sent.SyncToken } as never, cb)
    )
    expect(voided.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' })

    const changes = await call<Loose>((cb) =>
      qbo.changeDataCapture(['Bill', 'Invoice'], new Date(Date.now() - 3_600_000), cb)
    )
    const [bills, invoices] = changes.CDCResponse[0].QueryResponse
    expect(bills.Bill.map((b: Loose) => b.Id)).toEqual(expect.arrayContaining([bill.Id, other.Id]))
    expect(invoices.Invoice.map((i: Loose) => i.Id)).toEqual([invoice.Id])

    const batch = await call<Loose>((cb) =>
      qbo.batch(
        [
          { bId: 'a', Query: 'select * from Term' },
          { bId: 'b', operation: 'create', Vendor: { DisplayName: 'Batch Via Library' } }
        ] as never,
        cb
      )
    )
    expect(batch.BatchItemResponse.map((i: Loose) => i.bId)).toEqual(['a', 'b'])
    const company = await call<Loose>((cb) => qbo.getCompanyInfo(REALM, cb))
    expect(company.CompanyName).toBe('Tiny Test Co')
    const count = await call<Loose>((cb) => qbo.findBills({ count: true } as never, cb))
    expect(count.QueryResponse.totalCount).toBe(1)
  })

  it('refreshes its access token at the sandbox token endpoint', async () => {
    const before = qbo.token
    const refreshed = await call<Loose>((cb) => qbo.refreshAccessToken(cb))
    expect(refreshed.access_token).not.toBe(before)
    expect(qbo.token).toBe(refreshed.access_token)
    const terms = await call<Loose>((cb) => qbo.findTerms(cb))
    expect(terms.QueryResponse.Term.length).toBeGreaterThanOrEqual(2)
  })

  it('gets an Intuit-shaped fault it can read for a bad query', async () => {
    const err = await call<Loose>((cb) => qbo.findVendors("DisplayName = 'unterminated" as never, cb)).catch(
      (e) => e
    )
    const body = err.response?.data ?? err
    expect(body.Fault.Error[0].code).toMatch(/^400\d$/)
    const direct = await api(sb, qbo.token, 'GET', q('select * from Vendor maxresults 1'))
    expect(direct.status).toBe(200)
  })
})
