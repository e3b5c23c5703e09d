import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pageRecords } from '../../../src/main/core/qbo/client'
import { ENTITIES, parseRecordText } from '../../../src/main/core/qbo/entities'
import { errorFromResponse, QboError } from '../../../src/main/core/qbo/errors'
import { recordText, splitQueryPage } from '../../../src/main/core/qbo/page-text'

// QBO payloads as they may come: missing fields, wrong types, huge strings, XML where JSON was
// expected. Nothing throws; a bad record is skipped with its id, a bad answer is a typed error.

const record = fc.record(
  {
    Id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    SyncToken: fc.oneof(fc.string(), fc.integer()),
    TotalAmt: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
    Balance: fc.oneof(fc.double(), fc.string()),
    TxnDate: fc.oneof(fc.constant('2026-11-26'), fc.string()),
    VendorRef: fc.oneof(fc.record({ value: fc.string() }), fc.string(), fc.constant(null)),
    CustomerRef: fc.oneof(fc.record({ value: fc.string() }), fc.anything()),
    DisplayName: fc.oneof(fc.string({ maxLength: 100_000 }), fc.integer()),
    Name: fc.string(),
    AccountType: fc.string()
  },
  { requiredKeys: [] }
)

describe('QBO payloads', () => {
  it('records of every entity type are parsed or skipped, never thrown', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENTITIES), fc.oneof(record, fc.anything()), (entity, row) => {
        const text = JSON.stringify(row) ?? 'undefined'
        const one = parseRecordText(entity, text)
        expect('record' in one || 'skipped' in one).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })

  it('a page of arbitrary text splits without throwing; whole pages parse record by record', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 5000 }),
          fc
            .array(fc.oneof(record, fc.anything()))
            .map((rows) => JSON.stringify({ QueryResponse: { Bill: rows }, time: 'x' }))
        ),
        (text) => {
          const bytes = new TextEncoder().encode(text)
          const split = splitQueryPage(bytes, 'Bill')
          const rowCount = split.spans.length / 2
          const { records, skipped } = pageRecords({
            entity: 'Bill',
            startPosition: 1,
            rowCount,
            text: (i) => recordText(bytes, split.spans, i),
            release: () => undefined
          })
          expect(records.length + skipped.length).toBe(rowCount)
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('any error body (JSON, XML, HTML, garbage) becomes a typed QboError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 599 }),
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.constant('<Fault><Error code="3001"><Message>x</Message></Error></Fault>')
        ),
        (status, body) => {
          const error = errorFromResponse(status, body, { now: 0 })
          expect(error).toBeInstanceOf(QboError)
          expect([
            'auth',
            'throttled',
            'stale',
            'validation',
            'not-found',
            'network',
            'server',
            'conflict'
          ]).toContain(error.qboKind)
        }
      ),
      { numRuns: 2000 }
    )
  })
})
