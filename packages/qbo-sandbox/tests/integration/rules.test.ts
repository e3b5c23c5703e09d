import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { Sandbox } from '../../src/index'
import {
  api,
  billBody,
  checkPayment,
  connect,
  entity,
  IDS,
  invoiceBody,
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
beforeEach(() => clock.advance(1000))

interface Balances {
  checking: number
  card: number
  payable: number
  receivable: number
  undeposited: number
  acme: number
  cedar: number
}

async function balances(): Promise<Balances> {
  const acct = async (id: string): Promise<number> =>
    (await entity(sb, 'Account', id)).CurrentBalance as number
  return {
    checking: await acct(IDS.checking),
    card: await acct(IDS.card),
    payable: await acct(IDS.payable),
    receivable: await acct(IDS.receivable),
    undeposited: await acct(IDS.undeposited),
    acme: (await entity(sb, 'Vendor', IDS.acme)).Balance as number,
    cedar: (await entity(sb, 'Customer', IDS.cedar)).Balance as number
  }
}

const cents = (n: number): number => Math.round(n * 100)

async function newBill(amount: number): Promise<Loose> {
  const res = await api(sb, token, 'POST', '/bill', billBody(amount))
  expect(res.status).toBe(200)
  return res.json.Bill
}

describe('bill payments', () => {
  it('lower the bill Balance, link the payment on the bill, and lower the bank balance, A/P and the vendor balance', async () => {
    const before = await balances()
    const bill = await newBill(250.75)
    const afterBill = await balances()
    expect(cents(afterBill.payable - before.payable)).toBe(25075)
    expect(cents(afterBill.acme - before.acme)).toBe(25075)
    expect(afterBill.checking).toBe(before.checking)

    const bp = await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 100.25]]))
    expect(bp.status).toBe(200)
    expect(bp.json.BillPayment).toMatchObject({ PayType: 'Check', TotalAmt: 100.25 })
    expect(bp.json.BillPayment.CheckPayment.BankAccountRef).toEqual({ value: IDS.checking, name: 'Checking' })
    const paid = await api(sb, token, 'GET', `/bill/${bill.Id}`)
    expect(paid.json.Bill.Balance).toBe(150.5)
    expect(paid.json.Bill.LinkedTxn).toEqual([{ TxnId: bp.json.BillPayment.Id, TxnType: 'BillPaymentCheck' }])
    expect(paid.json.Bill.SyncToken).toBe('1')
    const after = await balances()
    expect(cents(after.checking - afterBill.checking)).toBe(-10025)
    expect(cents(after.payable - afterBill.payable)).toBe(-10025)
    expect(cents(after.acme - afterBill.acme)).toBe(-10025)
  })

  it('by credit card raise the card balance owed and link as BillPaymentCreditCard', async () => {
    const bill = await newBill(60)
    const before = await balances()
    const bp = await api(sb, token, 'POST', '/billpayment', {
      VendorRef: { value: IDS.acme },
      PayType: 'CreditCard',
      CreditCardPayment: { CCAccountRef: { value: IDS.card } },
      TotalAmt: 60,
      Line: [{ Amount: 60, LinkedTxn: [{ TxnId: bill.Id, TxnType: 'Bill' }] }]
    })
    expect(bp.status).toBe(200)
    const after = await balances()
    expect(cents(after.card - before.card)).toBe(6000)
    expect(after.checking).toBe(before.checking)
    const b = await entity(sb, 'Bill', bill.Id)
    expect(b.Balance).toBe(0)
    expect(b.LinkedTxn).toEqual([{ TxnId: bp.json.BillPayment.Id, TxnType: 'BillPaymentCreditCard' }])
  })

  it('paying more than the balance is a 6000 fault that changes nothing', async () => {
    const bill = await newBill(40)
    await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 30]]))
    const before = await balances()
    const billBefore = await entity(sb, 'Bill', bill.Id)
    const over = await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 10.01]]))
    expect(over.status).toBe(400)
    expect(over.json.Fault.type).toBe('ValidationFault')
    expect(over.json.Fault.Error[0].code).toBe('6000')
    expect(over.json.Fault.Error[0].Message).toBe(
      'A business validation error has occurred while processing your request'
    )
    expect(await balances()).toEqual(before)
    expect(await entity(sb, 'Bill', bill.Id)).toEqual(billBefore)
    // Two lines on the same bill add up against its balance too.
    const split = await api(
      sb,
      token,
      'POST',
      '/billpayment',
      checkPayment([
        [bill.Id, 6],
        [bill.Id, 4.01]
      ])
    )
    expect(split.json.Fault.Error[0].code).toBe('6000')
    expect(
      (
        await api(
          sb,
          token,
          'POST',
          '/billpayment',
          checkPayment([
            [bill.Id, 6],
            [bill.Id, 4]
          ])
        )
      ).status
    ).toBe(200)
    expect((await entity(sb, 'Bill', bill.Id)).Balance).toBe(0)
  })

  it('reject a vendor mismatch, a non-bank account and lines above the total', async () => {
    const other = (await api(sb, token, 'POST', '/bill', billBody(10, IDS.bay))).json.Bill
    expect(
      (await api(sb, token, 'POST', '/billpayment', checkPayment([[other.Id, 10]]))).json.Fault.Error[0].code
    ).toBe('6000')
    const bill = await newBill(10)
    expect(
      (await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 10]], 10, IDS.card))).json.Fault
        .Error[0].code
    ).toBe('6000')
    expect(
      (await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 10]], 9))).json.Fault.Error[0]
        .code
    ).toBe('6000')
    expect(
      (await api(sb, token, 'POST', '/billpayment', checkPayment([['424242', 10]]))).json.Fault.Error[0].code
    ).toBe('610')
  })

  it('voided with operation=update&include=void reverses exactly', async () => {
    const bill = await newBill(333.33)
    const billBefore = await entity(sb, 'Bill', bill.Id)
    const before = await balances()
    const bp = (await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 111.11]]))).json
      .BillPayment
    const v = await api(sb, token, 'POST', '/billpayment?operation=update&include=void', {
      Id: bp.Id,
      SyncToken: bp.SyncToken,
      sparse: true
    })
    expect(v.status).toBe(200)
    expect(v.json.BillPayment).toMatchObject({
      TotalAmt: 0,
      PrivateNote: 'Voided',
      Id: bp.Id,
      SyncToken: '1'
    })
    expect(await balances()).toEqual(before)
    const billAfter = await entity(sb, 'Bill', bill.Id)
    expect(billAfter.Balance).toBe(billBefore.Balance)
    expect(billAfter.LinkedTxn).toEqual([])
    // operation=void is not how a BillPayment is voided.
    expect(
      (await api(sb, token, 'POST', '/billpayment?operation=void', { Id: bp.Id, SyncToken: '1' })).status
    ).toBe(400)
  })

  it('deleted reverses exactly, and an edit moves only the difference', async () => {
    const bill = await newBill(500)
    const before = await balances()
    const bp = (await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 200]]))).json.BillPayment
    const edited = await api(sb, token, 'POST', '/billpayment', {
      ...bp,
      TotalAmt: 350,
      Line: [{ Amount: 350, LinkedTxn: [{ TxnId: bill.Id, TxnType: 'Bill' }] }]
    })
    expect(edited.status).toBe(200)
    expect((await entity(sb, 'Bill', bill.Id)).Balance).toBe(150)
    expect(cents((await balances()).checking - before.checking)).toBe(-35000)
    // A bill with a payment cannot be deleted.
    const billNow = await entity(sb, 'Bill', bill.Id)
    expect(
      (await api(sb, token, 'POST', '/bill?operation=delete', { Id: bill.Id, SyncToken: billNow.SyncToken }))
        .json.Fault.Error[0].code
    ).toBe('6000')
    const del = await api(sb, token, 'POST', '/billpayment?operation=delete', edited.json.BillPayment)
    expect(del.json.BillPayment).toEqual({ Id: bp.Id, status: 'Deleted', domain: 'QBO' })
    expect(await balances()).toEqual(before)
    expect((await entity(sb, 'Bill', bill.Id)).Balance).toBe(500)
  })

  it('an edit of a paid bill keeps what was paid; shrinking below it is 6000', async () => {
    const bill = await newBill(100)
    await api(sb, token, 'POST', '/billpayment', checkPayment([[bill.Id, 70]]))
    const now = await entity(sb, 'Bill', bill.Id)
    const grow = await api(sb, token, 'POST', '/bill', {
      Id: bill.Id,
      SyncToken: now.SyncToken,
      sparse: true,
      Line: billBody(120).Line
    })
    expect(grow.json.Bill).toMatchObject({ TotalAmt: 120, Balance: 50 })
    expect(grow.json.Bill.LinkedTxn).toHaveLength(1)
    const shrink = await api(sb, token, 'POST', '/bill', {
      Id: bill.Id,
      SyncToken: grow.json.Bill.SyncToken,
      sparse: true,
      Line: billBody(60).Line
    })
    expect(shrink.json.Fault.Error[0].code).toBe('6000')
  })
})

describe('customer payments', () => {
  it('lower the invoice Balance, link both ways, and raise Undeposited Funds by default', async () => {
    const before = await balances()
    const inv = (await api(sb, token, 'POST', '/invoice', invoiceBody(1200))).json.Invoice
    expect(inv).toMatchObject({ TotalAmt: 1200, Balance: 1200, EmailStatus: 'NotSet' })
    expect(inv.Line.at(-1)).toEqual({
      Amount: 1200,
      DetailType: 'SubTotalLineDetail',
      SubTotalLineDetail: {}
    })
    const mid = await balances()
    expect(cents(mid.receivable - before.receivable)).toBe(120000)
    expect(cents(mid.cedar - before.cedar)).toBe(120000)
    const pmt = await api(sb, token, 'POST', '/payment', {
      CustomerRef: { value: IDS.cedar },
      TotalAmt: 500,
      Line: [{ Amount: 450, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }]
    })
    expect(pmt.status).toBe(200)
    expect(pmt.json.Payment).toMatchObject({ TotalAmt: 500, UnappliedAmt: 50 })
    expect(pmt.json.Payment.DepositToAccountRef).toEqual({
      value: IDS.undeposited,
      name: 'Undeposited Funds'
    })
    expect(pmt.json.Payment.Line[0].LinkedTxn).toEqual([{ TxnId: inv.Id, TxnType: 'Invoice' }])
    const invAfter = await entity(sb, 'Invoice', inv.Id)
    expect(invAfter.Balance).toBe(750)
    expect(invAfter.LinkedTxn).toEqual([{ TxnId: pmt.json.Payment.Id, TxnType: 'Payment' }])
    const after = await balances()
    expect(cents(after.undeposited - mid.undeposited)).toBe(50000)
    expect(cents(after.receivable - mid.receivable)).toBe(-50000)
    expect(cents(after.cedar - mid.cedar)).toBe(-50000)

    const v = await api(sb, token, 'POST', '/payment?operation=void', {
      Id: pmt.json.Payment.Id,
      SyncToken: pmt.json.Payment.SyncToken
    })
    expect(v.status).toBe(200)
    expect(v.json.Payment).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' })
    expect(await balances()).toEqual(mid)
    const restored = await entity(sb, 'Invoice', inv.Id)
    expect(restored.Balance).toBe(1200)
    expect(restored.LinkedTxn).toEqual([])
  })

  it('deposit to a bank account when DepositToAccountRef says so; overpaying an invoice is 6000', async () => {
    const inv = (await api(sb, token, 'POST', '/invoice', invoiceBody(90))).json.Invoice
    const before = await balances()
    const pmt = await api(sb, token, 'POST', '/payment', {
      CustomerRef: { value: IDS.cedar },
      TotalAmt: 90,
      DepositToAccountRef: { value: IDS.checking },
      Line: [{ Amount: 90, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }]
    })
    expect(pmt.status).toBe(200)
    expect(cents((await balances()).checking - before.checking)).toBe(9000)
    const over = await api(sb, token, 'POST', '/payment', {
      CustomerRef: { value: IDS.cedar },
      TotalAmt: 1,
      Line: [{ Amount: 1, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }]
    })
    expect(over.json.Fault.Error[0].code).toBe('6000')
    const wrongCustomer = await api(sb, token, 'POST', '/payment', {
      CustomerRef: { value: IDS.dune },
      TotalAmt: 1,
      Line: [{ Amount: 1, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }]
    })
    expect(wrongCustomer.json.Fault.Error[0].code).toBe('6000')
  })

  it('void an invoice to zero; an invoice with payments cannot be voided', async () => {
    const before = await balances()
    const inv = (await api(sb, token, 'POST', '/invoice', invoiceBody(70))).json.Invoice
    const v = await api(sb, token, 'POST', '/invoice?operation=void', {
      Id: inv.Id,
      SyncToken: inv.SyncToken
    })
    expect(v.json.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' })
    expect(await balances()).toEqual(before)
    const paid = (await api(sb, token, 'POST', '/invoice', invoiceBody(70))).json.Invoice
    await api(sb, token, 'POST', '/payment', {
      CustomerRef: { value: IDS.cedar },
      TotalAmt: 10,
      Line: [{ Amount: 10, LinkedTxn: [{ TxnId: paid.Id, TxnType: 'Invoice' }] }]
    })
    const cur = await entity(sb, 'Invoice', paid.Id)
    expect(
      (await api(sb, token, 'POST', '/invoice?operation=void', { Id: paid.Id, SyncToken: cur.SyncToken }))
        .json.Fault.Error[0].code
    ).toBe('6000')
  })
})

describe('exactness under any sequence of payments, voids and deletes', () => {
  it('keeps bank, A/P, vendor and bill balances equal to what the live payments say', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom('pay', 'void', 'delete', 'edit'),
            cents: fc.integer({ min: 1, max: 40_000 }),
            pick: fc.nat()
          }),
          { minLength: 3, maxLength: 10 }
        ),
        async (ops) => {
          const bill = await newBill(1000)
          const start = await balances()
          const live = new Map<string, { Id: string; SyncToken: string; amount: number }>()
          let open = 100_000
          for (const o of ops) {
            const ids = [...live.keys()]
            const target = ids.length > 0 ? live.get(ids[o.pick % ids.length]!)! : undefined
            if (o.op === 'pay' || !target) {
              const res = await api(
                sb,
                token,
                'POST',
                '/billpayment',
                checkPayment([[bill.Id, o.cents / 100]])
              )
              if (o.cents > open) {
                expect(res.json.Fault.Error[0].code).toBe('6000')
              } else {
                expect(res.status).toBe(200)
                live.set(res.json.BillPayment.Id, {
                  Id: res.json.BillPayment.Id,
                  SyncToken: res.json.BillPayment.SyncToken,
                  amount: o.cents
                })
                open -= o.cents
              }
            } else if (o.op === 'void') {
              const res = await api(sb, token, 'POST', '/billpayment?operation=update&include=void', {
                Id: target.Id,
                SyncToken: target.SyncToken,
                sparse: true
              })
              expect(res.status).toBe(200)
              live.delete(target.Id)
              open += target.amount
            } else if (o.op === 'delete') {
              expect(
                (
                  await api(sb, token, 'POST', '/billpayment?operation=delete', {
                    Id: target.Id,
                    SyncToken: target.SyncToken
                  })
                ).status
              ).toBe(200)
              live.delete(target.Id)
              open += target.amount
            } else {
              const res = await api(sb, token, 'POST', '/billpayment', {
                ...checkPayment([[bill.Id, o.cents / 100]]),
                Id: target.Id,
                SyncToken: target.SyncToken
              })
              if (o.cents > open + target.amount) {
                expect(res.json.Fault.Error[0].code).toBe('6000')
              } else {
                expect(res.status).toBe(200)
                open += target.amount - o.cents
                live.set(target.Id, {
                  Id: target.Id,
                  SyncToken: res.json.BillPayment.SyncToken,
                  amount: o.cents
                })
              }
            }
          }
          const paid = [...live.values()].reduce((s, p) => s + p.amount, 0)
          const now = await balances()
          expect(cents(now.checking - start.checking)).toBe(0 - paid)
          expect(cents(now.payable - start.payable)).toBe(0 - paid)
          expect(cents(now.acme - start.acme)).toBe(0 - paid)
          const b = await entity(sb, 'Bill', bill.Id)
          expect(cents(b.Balance as number)).toBe(100_000 - paid)
          expect(((b.LinkedTxn as Loose[]) ?? []).map((l) => l.TxnId).sort()).toEqual([...live.keys()].sort())
        }
      ),
      { numRuns: 12, seed: 20250616 }
    )
  })
})
