import { describe, expect, it } from 'vitest'
import { ENTITY_NAMES, type EntityName, type QboRecord, type RealmData } from '../../src/types'
import { RealmStore } from '../../src/store'

function bill(id: string, token = '0'): QboRecord {
  return {
    Id: id,
    SyncToken: token,
    MetaData: { CreateTime: '2026-01-01T00:00:00-08:00', LastUpdatedTime: '2026-01-01T00:00:00-08:00' },
    Balance: 10.5,
    Line: [{ Amount: 10.5, Description: 'quote " and \\ and \u0000 and ü' }]
  }
}

function store(records: QboRecord[]): RealmStore {
  const entities = Object.fromEntries(ENTITY_NAMES.map((n) => [n, new Map()])) as Record<
    EntityName,
    Map<string, QboRecord>
  >
  for (const r of records) entities.Bill.set(r.Id, r)
  const data: RealmData = { realmId: '1', companyName: 'x', entities, deletions: [], nextId: 1 }
  return new RealmStore(data)
}

const text = (parts: Buffer[]): string => Buffer.concat(parts).toString('utf8')

describe('sandbox answers from kept record bytes', () => {
  it('writes exactly what JSON.stringify writes, records and envelope alike', () => {
    const s = store([bill('1'), bill('2')])
    const body = {
      QueryResponse: { Bill: s.rows('Bill'), startPosition: 1, maxResults: 2, skipped: undefined },
      list: [1, undefined, 'two', null, { nested: s.get('Bill', '2'), when: new Date(0) }],
      time: '2026-01-01T00:00:00.000-08:00'
    }
    expect(text(s.encode(body))).toBe(JSON.stringify(body))
  })

  it('never answers with the text of a record that has since changed', () => {
    const s = store([bill('1')])
    const before = text(s.encode({ Bill: s.get('Bill', '1') }))
    // Changed in place and put back, as the ledger does when a payment lands.
    const rec = s.get('Bill', '1')!
    rec.Balance = 0
    s.put('Bill', rec)
    expect(text(s.encode({ Bill: s.get('Bill', '1') }))).toBe(JSON.stringify({ Bill: rec }))
    // Changed in place with a new SyncToken but not put back (yet): still the new text.
    rec.Balance = 3
    rec.SyncToken = '2'
    const after = text(s.encode({ Bill: rec }))
    expect(after).toBe(JSON.stringify({ Bill: rec }))
    expect(after).not.toBe(before)
  })
})
