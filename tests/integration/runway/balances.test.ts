// Symmetric, complete balances, on sandbox books over HTTP: AP nets open vendor credits as AR nets
// credits (each equal to QBO's balance-sheet account), every bank account counts (a foreign one at
// the latest rate QBO gave, shown with it), and undeposited funds are money in transit in week 1.

import { afterEach, describe, expect, it } from 'vitest'
import { parseMoney } from '../../../src/shared/money'
import type { BankAccountView, RunwayView } from '../../../src/shared/views'
import { tinyRealm, world, type World } from '../../helpers/sandbox'
import { call } from '../../helpers/invoke'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

type Rec = Record<string, unknown>

const cents = (v: unknown): number => (typeof v === 'number' ? parseMoney(v) : 0)

async function records(w: World, realmId: string, entity: string): Promise<Rec[]> {
  return (await w.control<{ records: Rec[] }>('GET', `/realms/${realmId}/entities/${entity}?limit=100000`))
    .records
}

async function create(w: World, entity: string, record: Rec): Promise<Rec> {
  return (
    await w.control<{ record: Rec }>('POST', `/realms/${w.realmId}/mutate`, {
      operation: 'create',
      entity,
      record
    })
  ).record
}

/** The tiny realm, connected and synced once; later changes arrive through CDC. */
async function tiny(): Promise<{
  w: World
  id: string
  ids: { bank: string; expense: string; vendors: string[] }
}> {
  const realm = tinyRealm()
  const w = await world({ realms: [realm] })
  worlds.push(w)
  const id = await w.connect()
  await call(w, 'sync.now', { companyId: id })
  return {
    w,
    id,
    ids: (realm as unknown as { ids: { bank: string; expense: string; vendors: string[] } }).ids
  }
}

describe('AP as QBO keeps it', () => {
  it('nets an open vendor credit off the open bills: equal to the A/P account, the gross beside it', async () => {
    const { w, id, ids } = await tiny()
    const line = (amount: number): Rec[] => [
      {
        DetailType: 'AccountBasedExpenseLineDetail',
        Amount: amount,
        AccountBasedExpenseLineDetail: { AccountRef: { value: ids.expense } }
      }
    ]
    await create(w, 'Bill', {
      VendorRef: { value: ids.vendors[1] },
      TxnDate: '2026-11-20',
      DueDate: '2026-12-10',
      Line: line(1200)
    })
    await create(w, 'Bill', {
      VendorRef: { value: ids.vendors[0] },
      TxnDate: '2026-11-21',
      DueDate: '2026-12-12',
      Line: line(300.25)
    })
    await create(w, 'VendorCredit', {
      VendorRef: { value: ids.vendors[1] },
      TxnDate: '2026-11-22',
      Line: line(150.5)
    })
    await call(w, 'sync.now', { companyId: id })

    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const apAccount = (await records(w, w.realmId, 'Account')).find(
      (a) => a.AccountType === 'Accounts Payable'
    )!
    expect(cents(apAccount.CurrentBalance)).toBe(120_000 + 30_025 - 15_050)
    expect(runway.apCents).toBe(cents(apAccount.CurrentBalance))
    expect([runway.apGrossCents, runway.vendorCreditsCents]).toEqual([150_025, 15_050])
    // The credit comes off the vendor's bill when it is paid, so off what the forecast pays too.
    const outflows = runway.forecast.reduce((s, wk) => s + wk.outflowCents, 0)
    expect(outflows).toBe(150_025 - 15_050)
  })

  it('on each demo company, AR and AP equal their balance-sheet accounts', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 11, today: '2027-03-31' } })
    worlds.push(w)
    w.clock.set('2027-03-31T20:00:00.000Z')
    for (const realm of w.sandbox.info.realms) {
      const id = await w.connect(realm.realmId)
      await call(w, 'sync.now', { companyId: id })
      const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
      const accounts = await records(w, realm.realmId, 'Account')
      const balance = (type: string): number =>
        cents(accounts.find((a) => a.AccountType === type)!.CurrentBalance)
      expect(runway.arCents, realm.companyName).toBe(balance('Accounts Receivable'))
      expect(runway.apCents, realm.companyName).toBe(balance('Accounts Payable'))
      expect(runway.apGrossCents - runway.vendorCreditsCents).toBe(runway.apCents)
    }
  })
})

describe('cash from every bank account', () => {
  it('adds a CAD account at the latest rate QBO gave in CAD, with the rate and its date', async () => {
    const { w, id, ids } = await tiny()
    const before = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(before.foreignCash).toEqual([])
    const cad = await create(w, 'Account', {
      Name: 'RBC Chequing (CAD)',
      AccountType: 'Bank',
      AccountSubType: 'Checking',
      CurrencyRef: { value: 'CAD' }
    })
    await create(w, 'Deposit', {
      DepositToAccountRef: { value: cad.Id },
      TxnDate: '2026-11-18',
      CurrencyRef: { value: 'CAD' },
      ExchangeRate: 0.7291,
      Line: [
        {
          Amount: 12000,
          DetailType: 'DepositLineDetail',
          DepositLineDetail: { AccountRef: { value: ids.expense } }
        }
      ]
    })
    await call(w, 'sync.now', { companyId: id })

    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    // CA$12,000.00 × 0.7291 = $8,749.20
    expect(runway.cashCents - before.cashCents).toBe(874_920)
    expect(runway.foreignCash).toEqual([
      {
        accountId: cad.Id,
        name: 'RBC Chequing (CAD)',
        type: 'Bank',
        currency: 'CAD',
        balanceCents: 1_200_000,
        homeCents: 874_920,
        rate: 0.7291,
        rateDate: '2026-11-18'
      }
    ])
    const accounts = await call<BankAccountView[]>(w, 'accounts.list', { companyId: id })
    expect(accounts.find((a) => a.id === cad.Id)).toMatchObject({
      balanceCents: 874_920,
      foreign: { currency: 'CAD', balanceCents: 1_200_000, rate: 0.7291, rateDate: '2026-11-18' }
    })

    // A later CAD transaction brings a newer rate: the balance is converted at that one.
    await create(w, 'Purchase', {
      AccountRef: { value: cad.Id },
      PaymentType: 'Check',
      TxnDate: '2026-11-24',
      CurrencyRef: { value: 'CAD' },
      ExchangeRate: 0.7134,
      Line: [
        {
          DetailType: 'AccountBasedExpenseLineDetail',
          Amount: 2000,
          AccountBasedExpenseLineDetail: { AccountRef: { value: ids.expense } }
        }
      ]
    })
    await call(w, 'sync.now', { companyId: id })
    const later = await call<RunwayView>(w, 'runway.get', { companyId: id })
    // CA$10,000.00 × 0.7134
    expect(later.cashCents - before.cashCents).toBe(713_400)
    expect(later.foreignCash[0]).toMatchObject({
      balanceCents: 1_000_000,
      rate: 0.7134,
      rateDate: '2026-11-24'
    })
  })

  it('lists a foreign account with no rate in the books instead of guessing one', async () => {
    const { w, id } = await tiny()
    const before = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const eur = await create(w, 'Account', {
      Name: 'Deutsche Bank (EUR)',
      AccountType: 'Bank',
      CurrencyRef: { value: 'EUR' }
    })
    await call(w, 'sync.now', { companyId: id })
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    expect(runway.cashCents).toBe(before.cashCents)
    expect(runway.foreignCash).toEqual([
      expect.objectContaining({
        accountId: eur.Id,
        currency: 'EUR',
        homeCents: null,
        rate: null,
        rateDate: null
      })
    ])
  })
})

describe('undeposited funds', () => {
  it('are money in transit in week 1; older ones are left out and said to be', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const realm = w.sandbox.info.realms[1]!
    const id = await w.connect(realm.realmId)
    await call(w, 'sync.now', { companyId: id })
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: id })
    const uf = (await records(w, realm.realmId, 'Account')).find(
      (a) => a.AccountSubType === 'UndepositedFunds'
    )!
    expect(runway.undepositedCents).toBeGreaterThan(0)
    expect(runway.undepositedCents + runway.undepositedLeftOutCents).toBe(cents(uf.CurrentBalance))
    expect(runway.forecast.map((wk) => wk.inTransitCents)).toEqual([
      runway.undepositedCents,
      ...Array(12).fill(0)
    ])
    expect(runway.forecast[0]!.inflowCents).toBeGreaterThanOrEqual(runway.undepositedCents)
  })
})
