import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENTITIES, parseRecordText } from '../../../src/main/core/qbo/entities'
import { errorFromResponse, QboError } from '../../../src/main/core/qbo/errors'
import { splitQueryPage } from '../../../src/main/core/qbo/page-text'
import { parsePage } from '../../../src/main/core/qbo/page-parse'
import { mappingFor, recordCells } from '../../../src/main/core/db/cache-mapping'
import { rowList } from '../../../src/main/core/db/page-rows'

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

  it('a page of arbitrary text is parsed, or refused for an amount the cache cannot hold; every record is a row or skipped', () => {
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
          const rowCount = splitQueryPage(bytes, 'Bill').spans.length / 2
          let page: ReturnType<typeof parsePage>
          try {
            page = parsePage('Bill', bytes)
          } catch (error) {
            // A valid record whose amount the cache cannot hold in cents fails the read (as before).
            expect(error).toBeInstanceOf(RangeError)
            expect(String(error)).toMatch(/cents|amount/)
            return
          }
          if (!page.complete || page.fault !== null) return
          const records = rowList(page.rows).filter((row) => row !== null)
          const { skipped } = page
          expect(records.length + skipped.length).toBe(rowCount)
        }
      ),
      { numRuns: 1000 }
    )
  })

  it('a page parsed in chunks gives the same texts, rows and skipped records as one parsed record by record', () => {
    const mapping = mappingFor('Bill')
    fc.assert(
      fc.property(
        fc.array(fc.oneof(record, record, fc.anything())),
        fc.option(fc.nat()),
        fc.integer({ min: 1, max: 3000 }),
        (rows, broken, chunkBytes) => {
          const texts = rows.map((row) => JSON.stringify(row) ?? 'null')
          // A record that is not JSON makes its chunk fall back to parsing record by record.
          if (broken !== null) texts.splice(broken % (texts.length + 1), 0, '{"Id":"9",x}')
          const text = `{"QueryResponse":{"Bill":[${texts.join(',')}]},"time":"x"}`
          const bytes = new TextEncoder().encode(text)
          const { spans } = splitQueryPage(bytes, 'Bill')
          const one = Array.from({ length: spans.length / 2 }, (_, i) =>
            parseRecordText('Bill', new TextDecoder().decode(bytes.subarray(spans[2 * i], spans[2 * i + 1])))
          )
          let expected: unknown[]
          try {
            expected = one.map((o) => ('record' in o ? recordCells(mapping, o.record) : null))
          } catch (error) {
            // Record by record it fails on an amount that is no whole number of cents: so does the page.
            expect(() => parsePage('Bill', bytes, chunkBytes)).toThrow(String((error as Error).message))
            return
          }
          const page = parsePage('Bill', bytes, chunkBytes)
          expect(page.spans).toEqual(spans)
          expect(rowList(page.rows)).toEqual(expected)
          expect(page.skipped).toEqual(one.flatMap((o) => ('skipped' in o ? [o.skipped] : [])))
        }
      ),
      { numRuns: 500 }
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
