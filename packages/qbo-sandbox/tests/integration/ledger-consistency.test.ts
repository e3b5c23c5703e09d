import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { TRANSACTION_NAMES } from '../../src/entities'
import { startSandbox, type Sandbox } from '../../src/index'
import { classificationOf, effectsOf } from '../../src/ledger'
import { centsOf } from '../../src/money'
import { RealmStore } from '../../src/store'
import { ENTITY_NAMES, type EntityName, type QboRecord, type RealmData } from '../../src/types'
import { api, connect, control, T0, type Loose } from './helpers'

/** The realm as the control plane shows it, rebuilt into a store. */
async function snapshot(sb: Sandbox, realmId: string, companyName: string): Promise<RealmStore> {
  const entities = {} as RealmData['entities']
  for (const e of ENTITY_NAMES) {
    const records = (await control(sb, 'GET', `/realms/${realmId}/entities/${e}`)).json.records as QboRecord[]
    entities[e] = new Map(records.map((r) => [r.Id, r]))
  }
  return new RealmStore({ realmId, companyName, entities, deletions: [], nextId: 1 })
}

/**
 * Every stored balance the sandbox maintains (balance-sheet accounts, vendors, customers, open
 * bills and invoices, their LinkedTxn) must equal what the transactions say. Returns the mismatches.
 */
function inconsistencies(store: RealmStore): string[] {
  const sums = new Map<string, number>()
  const links = new Map<string, Set<string>>()
  for (const e of TRANSACTION_NAMES) {
    for (const r of store.rows(e)) {
      for (const f of effectsOf(e, r, store)) {
        if (f.kind === 'link') {
          const k = `${f.entity}|${f.id}`
          if (!links.has(k)) links.set(k, new Set())
          links.get(k)!.add(`${f.TxnId}|${f.TxnType}`)
          continue
        }
        let key = `${f.kind === 'account' ? 'Account' : f.entity}|${f.id}`
        let cents = f.cents
        if (f.kind === 'account') {
          const cls = classificationOf(store.get('Account', f.id)!)
          if (cls === 'Liability' || cls === 'Equity') cents = -cents
          else if (cls !== 'Asset') continue
          key = `Account|${f.id}`
        }
        sums.set(key, (sums.get(key) ?? 0) + cents)
      }
    }
  }
  const out: string[] = []
  for (const [key, cents] of sums) {
    const [entity, id] = key.split('|') as [EntityName, string]
    const r = store.get(entity, id)
    if (!r) continue
    const stored = entity === 'Account' ? centsOf(r.CurrentBalance) : centsOf(r.Balance)
    const expected = entity === 'Bill' || entity === 'Invoice' ? centsOf(r.TotalAmt) + cents : cents
    if (stored !== expected)
      out.push(`${entity} ${id}: stored ${stored / 100}, transactions say ${expected / 100}`)
  }
  for (const e of ['Bill', 'Invoice'] as const) {
    for (const r of store.rows(e)) {
      const want = [...(links.get(`${e}|${r.Id}`) ?? [])].sort()
      const have = ((r.LinkedTxn as { TxnId: string; TxnType: string }[] | undefined) ?? [])
        .map((l) => `${l.TxnId}|${l.TxnType}`)
        .sort()
      if (JSON.stringify(want) !== JSON.stringify(have))
        out.push(`${e} ${r.Id}: LinkedTxn ${have.join(',')} but payments say ${want.join(',')}`)
    }
  }
  return out
}

describe('generated books and the sandbox ledger agree', () => {
  let sb: Sandbox
  beforeAll(async () => {
    sb = await startSandbox({ seed: 3, clock: () => T0 })
  })
  afterAll(async () => {
    await sb.close()
  })

  it('every stored balance equals what the transactions post', async () => {
    for (const { realmId, companyName } of sb.info.realms) {
      expect(inconsistencies(await snapshot(sb, realmId, companyName))).toEqual([])
    }
  })

  it('voiding and deleting generated payments through the API reverses them exactly and keeps the books consistent', async () => {
    const { realmId, companyName } = sb.info.realms[0]!
    const token = (await connect(sb, realmId)).access_token
    const before = await snapshot(sb, realmId, companyName)
    const bp = before.rows('BillPayment').find((p) => p.PayType === 'Check' && centsOf(p.TotalAmt) > 0)!
    const bank = String((bp.CheckPayment as Loose).BankAccountRef.value)
    const billId = String((bp.Line as Loose)[0].LinkedTxn[0].TxnId)
    const voided = await api(
      sb,
      token,
      'POST',
      '/billpayment?operation=update&include=void',
      { Id: bp.Id, SyncToken: bp.SyncToken, sparse: true },
      { realmId }
    )
    expect(voided.status).toBe(200)
    const after = await snapshot(sb, realmId, companyName)
    expect(
      centsOf(after.get('Account', bank)!.CurrentBalance) -
        centsOf(before.get('Account', bank)!.CurrentBalance)
    ).toBe(centsOf(bp.TotalAmt))
    const applied = (bp.Line as Loose[])
      .filter((l) => l.LinkedTxn[0].TxnId === billId)
      .reduce((s, l) => s + centsOf(l.Amount), 0)
    expect(centsOf(after.get('Bill', billId)!.Balance) - centsOf(before.get('Bill', billId)!.Balance)).toBe(
      applied
    )
    expect(inconsistencies(after)).toEqual([])

    const pmt = after.rows('Payment').find((p) => Array.isArray(p.Line) && p.Line.length > 0)!
    const deleted = await api(
      sb,
      token,
      'POST',
      '/payment?operation=delete',
      { Id: pmt.Id, SyncToken: pmt.SyncToken },
      { realmId }
    )
    expect(deleted.status).toBe(200)
    const final = await snapshot(sb, realmId, companyName)
    const invoiceId = String((pmt.Line as Loose)[0].LinkedTxn[0].TxnId)
    expect(centsOf(final.get('Invoice', invoiceId)!.Balance)).toBeGreaterThan(
      centsOf(after.get('Invoice', invoiceId)!.Balance)
    )
    expect(inconsistencies(final)).toEqual([])
  })
})
