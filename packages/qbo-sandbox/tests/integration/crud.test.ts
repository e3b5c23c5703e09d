import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Sandbox } from '../../src/index'
import { ENTITY_NAMES } from '../../src/types'
import {
  api,
  billBody,
  checkPayment,
  connect,
  entity,
  IDS,
  invoiceBody,
  q,
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

const QBO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/
const QBO_TIME_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[-+]\d{2}:\d{2}$/

function expectFault(res: { status: number; json: Loose }, code: string, element?: string): void {
  expect(res.status).toBe(400)
  expect(res.json.Fault.type).toBe('ValidationFault')
  expect(res.json.Fault.Error).toHaveLength(1)
  const err = res.json.Fault.Error[0]
  expect(Object.keys(err).sort()).toEqual(['Detail', 'Message', 'code', 'element'])
  expect(err.code).toBe(code)
  if (element !== undefined) expect(err.element).toBe(element)
  expect(res.json.time).toMatch(QBO_TIME_MS)
}

describe('create and read', () => {
  it('creates a vendor in the single-entity envelope and reads it back by id', async () => {
    const res = await api(sb, token, 'POST', '/vendor?minorversion=65', {
      DisplayName: 'Fern Print Shop',
      PrimaryEmailAddr: { Address: 'fern@example.com' }
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('intuit_tid')).toBeTruthy()
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(Object.keys(res.json).sort()).toEqual(['Vendor', 'time'])
    const v = res.json.Vendor
    expect(v).toMatchObject({
      DisplayName: 'Fern Print Shop',
      domain: 'QBO',
      sparse: false,
      SyncToken: '0',
      Active: true,
      Balance: 0
    })
    expect(v.Id).toMatch(/^\d+$/)
    expect(v.MetaData.CreateTime).toMatch(QBO_TIME)
    expect(v.MetaData.LastUpdatedTime).toBe(v.MetaData.CreateTime)
    const read = await api(sb, token, 'GET', `/vendor/${v.Id}`)
    expect(read.status).toBe(200)
    expect(read.json.Vendor).toEqual(v)
  })

  it('recomputes totals from lines in integer cents and fills DueDate from SalesTermRef', async () => {
    const res = await api(sb, token, 'POST', '/bill', {
      VendorRef: { value: IDS.acme },
      TxnDate: '2025-06-10',
      SalesTermRef: { value: IDS.net30 },
      TotalAmt: 999999,
      Line: [0.1, 0.2, 1.005].map((Amount) => ({
        DetailType: 'AccountBasedExpenseLineDetail',
        Amount,
        AccountBasedExpenseLineDetail: { AccountRef: { value: IDS.supplies } }
      }))
    })
    expect(res.status).toBe(200)
    const bill = res.json.Bill
    expect(bill.Line.map((l: Loose) => l.Amount)).toEqual([0.1, 0.2, 1.01])
    expect(bill.Line.map((l: Loose) => l.Id)).toEqual(['1', '2', '3'])
    expect(bill.TotalAmt).toBe(1.31)
    expect(bill.Balance).toBe(1.31)
    expect(bill.DueDate).toBe('2025-07-10')
    expect(bill.VendorRef).toEqual({ value: IDS.acme, name: 'Acme Supplies' })
    expect(bill.APAccountRef).toEqual({ value: IDS.payable, name: 'Accounts Payable (A/P)' })
    expect(bill.Line[0].AccountBasedExpenseLineDetail.AccountRef.name).toBe('Office Supplies')
    expect(bill.CurrencyRef).toEqual({ value: 'USD', name: 'United States Dollar' })
    // Without a term the bill is due on its date; an explicit DueDate is kept.
    const plain = await api(sb, token, 'POST', '/bill', billBody(5, IDS.acme, { TxnDate: '2025-06-01' }))
    expect(plain.json.Bill.DueDate).toBe('2025-06-01')
    const explicit = await api(
      sb,
      token,
      'POST',
      '/bill',
      billBody(5, IDS.acme, {
        TxnDate: '2025-06-01',
        DueDate: '2025-06-05',
        SalesTermRef: { value: IDS.net30 }
      })
    )
    expect(explicit.json.Bill.DueDate).toBe('2025-06-05')
  })

  it('serves CompanyInfo at /companyinfo/{realmId} and Preferences at /preferences', async () => {
    const ci = await api(sb, token, 'GET', `/companyinfo/${REALM}`)
    expect(ci.status).toBe(200)
    expect(ci.json.CompanyInfo.CompanyName).toBe('Tiny Test Co')
    const prefs = await api(sb, token, 'GET', '/preferences')
    expect(prefs.status).toBe(200)
    expect(prefs.json.Preferences.CurrencyPrefs.HomeCurrency.value).toBe('USD')
    const upd = await api(sb, token, 'POST', '/companyinfo', {
      Id: ci.json.CompanyInfo.Id,
      SyncToken: ci.json.CompanyInfo.SyncToken,
      sparse: true,
      LegalName: 'Tiny Test Company LLC'
    })
    expect(upd.status).toBe(200)
    expect(upd.json.CompanyInfo).toMatchObject({
      LegalName: 'Tiny Test Company LLC',
      CompanyName: 'Tiny Test Co',
      SyncToken: '1'
    })
  })
})

describe('update', () => {
  it('sparse update changes only the fields sent; full update replaces the record; SyncToken counts', async () => {
    const created = (
      await api(sb, token, 'POST', '/vendor', {
        DisplayName: 'Gale Movers',
        CompanyName: 'Gale Movers Inc',
        AcctNum: 'G-1'
      })
    ).json.Vendor
    clock.advance(5000)
    const sparse = await api(sb, token, 'POST', '/vendor', {
      Id: created.Id,
      SyncToken: created.SyncToken,
      sparse: true,
      AcctNum: 'G-2'
    })
    expect(sparse.status).toBe(200)
    expect(sparse.json.Vendor).toMatchObject({
      AcctNum: 'G-2',
      CompanyName: 'Gale Movers Inc',
      SyncToken: '1'
    })
    expect(sparse.json.Vendor.MetaData.CreateTime).toBe(created.MetaData.CreateTime)
    expect(Date.parse(sparse.json.Vendor.MetaData.LastUpdatedTime)).toBe(
      Date.parse(created.MetaData.CreateTime) + 5000
    )

    const full = await api(sb, token, 'POST', '/vendor?operation=update', {
      Id: created.Id,
      SyncToken: '1',
      DisplayName: 'Gale Movers',
      AcctNum: 'G-3'
    })
    expect(full.status).toBe(200)
    expect(full.json.Vendor.SyncToken).toBe('2')
    expect(full.json.Vendor.AcctNum).toBe('G-3')
    expect(full.json.Vendor.CompanyName).toBeUndefined()
    expect(full.json.Vendor.Balance).toBe(0)
    expect(full.json.Vendor.Id).toBe(created.Id)
  })

  it('rejects an old SyncToken with 5010 and changes nothing', async () => {
    const v = (await api(sb, token, 'POST', '/vendor', { DisplayName: 'Harbor Freight Co' })).json.Vendor
    expect(
      (await api(sb, token, 'POST', '/vendor', { Id: v.Id, SyncToken: '0', sparse: true, AcctNum: 'A' }))
        .status
    ).toBe(200)
    const stale = await api(sb, token, 'POST', '/vendor', {
      Id: v.Id,
      SyncToken: '0',
      sparse: true,
      AcctNum: 'B'
    })
    expectFault(stale, '5010')
    expect(stale.json.Fault.Error[0].Message).toBe('Stale Object Error')
    expect((await entity(sb, 'Vendor', v.Id)).AcctNum).toBe('A')
    const staleDelete = await api(sb, token, 'POST', '/bill?operation=delete', {
      Id: (await api(sb, token, 'POST', '/bill', billBody(1))).json.Bill.Id,
      SyncToken: '7'
    })
    expectFault(staleDelete, '5010')
  })

  it('keeps read-only fields (Balance, CurrentBalance) out of the client’s hands', async () => {
    const acct = (await api(sb, token, 'GET', `/account/${IDS.checking}`)).json.Account
    const res = await api(sb, token, 'POST', '/account', {
      Id: acct.Id,
      SyncToken: acct.SyncToken,
      sparse: true,
      CurrentBalance: 1,
      Description: 'Main'
    })
    expect(res.json.Account.CurrentBalance).toBe(acct.CurrentBalance)
    expect(res.json.Account.Description).toBe('Main')
  })
})

describe('faults', () => {
  it('2020 names the missing element', async () => {
    expectFault(await api(sb, token, 'POST', '/bill', { Line: billBody(1).Line }), '2020', 'VendorRef')
    expectFault(await api(sb, token, 'POST', '/bill', { VendorRef: { value: IDS.acme } }), '2020', 'Line')
    expectFault(await api(sb, token, 'POST', '/vendor', { Notes: 'no name' }), '2020', 'DisplayName')
    expectFault(await api(sb, token, 'POST', '/account', { AccountType: 'Bank' }), '2020', 'Name')
    expectFault(
      await api(sb, token, 'POST', '/vendor', { Id: IDS.acme, sparse: true, AcctNum: 'x' }),
      '2020',
      'SyncToken'
    )
    expectFault(
      await api(sb, token, 'POST', '/billpayment', {
        VendorRef: { value: IDS.acme },
        PayType: 'Check',
        TotalAmt: 1,
        Line: [{ Amount: 1, LinkedTxn: [{ TxnId: '1', TxnType: 'Bill' }] }]
      }),
      '2020',
      'CheckPayment.BankAccountRef'
    )
    const detail = (await api(sb, token, 'POST', '/bill', { Line: billBody(1).Line })).json.Fault.Error[0]
    expect(detail.Message).toBe('Required param missing, need to supply the required value for the API')
    expect(detail.Detail).toContain('VendorRef')
  })

  it('6240 for a duplicate DisplayName across vendors and customers, and for account names', async () => {
    const dupVendor = await api(sb, token, 'POST', '/vendor', { DisplayName: 'acme supplies' })
    expectFault(dupVendor, '6240')
    expect(dupVendor.json.Fault.Error[0].Message).toBe('Duplicate Name Exists Error')
    expectFault(await api(sb, token, 'POST', '/customer', { DisplayName: 'Bay Utilities' }), '6240')
    expectFault(await api(sb, token, 'POST', '/account', { Name: 'Checking', AccountType: 'Bank' }), '6240')
    // Renaming onto another's name is a duplicate too; keeping one's own name is not.
    const rename = await api(sb, token, 'POST', '/vendor', {
      Id: IDS.bay,
      SyncToken: '0',
      sparse: true,
      DisplayName: 'Cedar Cafe'
    })
    expectFault(rename, '6240')
    expect(
      (
        await api(sb, token, 'POST', '/vendor', {
          Id: IDS.bay,
          SyncToken: '0',
          sparse: true,
          DisplayName: 'Bay Utilities'
        })
      ).status
    ).toBe(200)
  })

  it('610 for an object that does not exist or was deleted, 2500 for a reference to nothing', async () => {
    expectFault(await api(sb, token, 'GET', '/bill/987654'), '610')
    const bill = (await api(sb, token, 'POST', '/bill', billBody(12))).json.Bill
    const del = await api(sb, token, 'POST', '/bill?operation=delete', {
      Id: bill.Id,
      SyncToken: bill.SyncToken
    })
    expect(del.status).toBe(200)
    expect(del.json.Bill).toEqual({ Id: bill.Id, status: 'Deleted', domain: 'QBO' })
    expectFault(await api(sb, token, 'GET', `/bill/${bill.Id}`), '610')
    expectFault(
      await api(sb, token, 'POST', '/bill', {
        Id: bill.Id,
        SyncToken: bill.SyncToken,
        sparse: true,
        PrivateNote: 'x'
      }),
      '610'
    )
    const badRef = await api(sb, token, 'POST', '/bill', billBody(1, '55555'))
    expect(badRef.status).toBe(400)
    expect(badRef.json.Fault.Error[0].code).toBe('2500')
  })

  it('610 when a transaction refers to an inactive vendor', async () => {
    const v = (await api(sb, token, 'POST', '/vendor', { DisplayName: 'Idle Vendor' })).json.Vendor
    await api(sb, token, 'POST', '/vendor', { Id: v.Id, SyncToken: v.SyncToken, sparse: true, Active: false })
    expectFault(await api(sb, token, 'POST', '/bill', billBody(3, v.Id)), '610', 'VendorRef')
  })

  it('refuses deletes QBO does not allow, bad JSON and unknown resources with a 400 Fault', async () => {
    const vendorDelete = await api(sb, token, 'POST', '/vendor?operation=delete', {
      Id: IDS.acme,
      SyncToken: '0'
    })
    expect(vendorDelete.status).toBe(400)
    expect(vendorDelete.json.Fault.Error[0].Message).toBe('Unsupported Operation')
    const voidBill = await api(sb, token, 'POST', '/bill?operation=void', { Id: '1', SyncToken: '0' })
    expect(voidBill.status).toBe(400)
    const badJson = await api(sb, token, 'POST', '/vendor', '{"DisplayName": ', {
      headers: { 'content-type': 'application/json' }
    })
    expect(badJson.status).toBe(400)
    expect(badJson.json.Fault.Error[0].code).toBe('2010')
    expect((await api(sb, token, 'GET', '/estimate/1')).status).toBe(400)
  })
})

describe('entities', () => {
  it('serves every emulated entity through read and query', async () => {
    const names = ENTITY_NAMES
    const purchase = await api(sb, token, 'POST', '/purchase', {
      PaymentType: 'CreditCard',
      AccountRef: { value: IDS.card },
      EntityRef: { value: IDS.bay, type: 'Vendor' },
      Line: billBody(40).Line
    })
    expect(purchase.status).toBe(200)
    expect(purchase.json.Purchase.EntityRef.name).toBe('Bay Utilities')
    expect((await entity(sb, 'Account', IDS.card)).CurrentBalance).toBe(40)
    const deposit = await api(sb, token, 'POST', '/deposit', {
      DepositToAccountRef: { value: IDS.checking },
      Line: [
        {
          DetailType: 'DepositLineDetail',
          Amount: 25,
          DepositLineDetail: { AccountRef: { value: IDS.sales } }
        }
      ]
    })
    expect(deposit.status).toBe(200)
    expect(deposit.json.Deposit.TotalAmt).toBe(25)
    const cm = await api(sb, token, 'POST', '/creditmemo', {
      CustomerRef: { value: IDS.cedar },
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 10, SalesItemLineDetail: {} }]
    })
    expect(cm.json.CreditMemo).toMatchObject({ TotalAmt: 10, Balance: 10, RemainingCredit: 10 })
    const vc = await api(sb, token, 'POST', '/vendorcredit', billBody(7))
    expect(vc.json.VendorCredit).toMatchObject({ TotalAmt: 7, Balance: 7 })
    const bill = (await api(sb, token, 'POST', '/bill', billBody(30))).json.Bill
    const bp = await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 30]]))
    expect(bp.status).toBe(200)
    const invoice = (await api(sb, token, 'POST', '/invoice', invoiceBody(80))).json.Invoice
    const pmt = await api(sb, token, 'POST', '/payment', {
      CustomerRef: { value: IDS.cedar },
      TotalAmt: 80,
      Line: [{ Amount: 80, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }]
    })
    expect(pmt.status).toBe(200)
    const term = await api(sb, token, 'POST', '/term', { Name: 'Net 60', DueDays: 60 })
    expect(term.json.Term).toMatchObject({ Name: 'Net 60', DueDays: 60, Type: 'STANDARD', Active: true })
    for (const name of names) {
      const res = await api(sb, token, 'GET', q(`select * from ${name}`))
      expect(res.status, name).toBe(200)
      const rows = res.json.QueryResponse[name]
      expect(Array.isArray(rows), name).toBe(true)
      const first = rows[0]
      const path =
        name === 'CompanyInfo'
          ? `/companyinfo/${REALM}`
          : name === 'Preferences'
            ? '/preferences'
            : `/${name.toLowerCase()}/${first.Id}`
      const read = await api(sb, token, 'GET', path)
      expect(read.status, name).toBe(200)
      expect(read.json[name]).toEqual(first)
    }
  })
})
