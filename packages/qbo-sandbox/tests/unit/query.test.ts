import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseQuery, QueryError, runQuery, type ParsedQuery } from '../../src/query'
import type { QboRecord } from '../../src/types'

const meta = (updated = '2024-01-01T09:00:00-08:00') => ({
  CreateTime: '2023-12-01T09:00:00-08:00',
  LastUpdatedTime: updated
})

function rec(id: string, fields: Record<string, unknown>, updated?: string): QboRecord {
  return { Id: id, SyncToken: '0', domain: 'QBO', sparse: false, MetaData: meta(updated), ...fields }
}

const vendors: QboRecord[] = [
  rec('10', { DisplayName: "O'Brien \\ Sons", Active: true, Balance: 1000 }),
  rec('9', { DisplayName: "O'Brien Sons", Active: true, Balance: 900 }),
  rec('2', { DisplayName: 'OBrien \\ Sons', Active: false, Balance: 0 }),
  rec('33', { DisplayName: 'Acme_Supply', Active: true, Balance: 12.5 }),
  rec('4', { DisplayName: 'AcmeXSupply', Active: true, Balance: 100.25 })
]

const bills: QboRecord[] = [
  rec(
    '101',
    {
      VendorRef: { value: '56', name: 'Bob' },
      TxnDate: '2024-03-01',
      DueDate: '2024-03-31',
      TotalAmt: 900,
      Balance: 900
    },
    '2024-01-01T07:30:00-08:00'
  ),
  rec(
    '102',
    { VendorRef: { value: '57', name: 'Cal' }, TxnDate: '2024-03-15', TotalAmt: 1000, Balance: 0 },
    '2024-01-01T09:00:00-08:00'
  ),
  rec(
    '103',
    {
      VendorRef: { value: '56', name: 'Bob' },
      TxnDate: '2024-04-02',
      DueDate: '2024-05-02',
      TotalAmt: 75.5,
      Balance: 75.5
    },
    '2024-01-01T23:30:00-08:00'
  ),
  rec(
    '99',
    {
      VendorRef: { value: '9', name: 'Dee' },
      TxnDate: '2024-02-28',
      DueDate: '2024-03-29',
      TotalAmt: 1000,
      Balance: 400
    },
    '2023-12-31T16:00:00-08:00'
  )
]

const ids = (q: string, records: QboRecord[]): string[] =>
  runQuery(parseQuery(q), records).rows.map((r) => r.Id)

function queryError(text: string): QueryError {
  try {
    parseQuery(text)
  } catch (e) {
    expect(e).toBeInstanceOf(QueryError)
    return e as QueryError
  }
  throw new Error(`expected a QueryError for: ${text}`)
}

describe('parseQuery', () => {
  it('reads a full statement, keywords in any case, entity made canonical', () => {
    const q = parseQuery(
      "sElEcT * fRoM billpayment WhErE TxnDate >= '2024-01-01' and VendorRef IN ('56', '57') OrderBy TxnDate desc StartPosition 21 MaxResults 20"
    )
    expect(q).toEqual<ParsedQuery>({
      kind: 'select',
      entity: 'BillPayment',
      where: [
        { field: 'TxnDate', op: '>=', values: [{ kind: 'string', value: '2024-01-01' }] },
        {
          field: 'VendorRef',
          op: 'IN',
          values: [
            { kind: 'string', value: '56' },
            { kind: 'string', value: '57' }
          ]
        }
      ],
      orderBy: { field: 'TxnDate', dir: 'DESC' },
      startPosition: 21,
      maxResults: 20
    })
  })

  it('applies the defaults: position 1, 100 rows, no order', () => {
    const q = parseQuery('SELECT * FROM Vendor')
    expect(q).toEqual({ kind: 'select', entity: 'Vendor', where: [], startPosition: 1, maxResults: 100 })
    expect(parseQuery('select count(*) from Invoice').kind).toBe('count')
    expect(parseQuery('select COUNT( * ) from Invoice').kind).toBe('count')
  })

  it("decodes \\' and \\\\ inside strings, and keeps keywords inside strings as text", () => {
    const q = parseQuery("SELECT * FROM Vendor WHERE DisplayName = 'O\\'Brien \\\\ Sons'")
    expect(q.where[0]!.values).toEqual([{ kind: 'string', value: "O'Brien \\ Sons" }])
    const k = parseQuery("select * from Vendor where DisplayName = 'a AND b = c ORDERBY x'")
    expect(k.where).toHaveLength(1)
    expect(k.where[0]!.values[0]).toEqual({ kind: 'string', value: 'a AND b = c ORDERBY x' })
  })

  it('accepts numbers, booleans, ORDER BY, and MAXRESULTS before STARTPOSITION', () => {
    const q = parseQuery(
      'select * from Bill where TotalAmt >= 100.5 and Balance < -3 and Active = true order by Id maxresults 5 startposition 2'
    )
    expect(q.where.map((c) => c.values[0])).toEqual([
      { kind: 'number', value: 100.5, text: '100.5' },
      { kind: 'number', value: -3, text: '-3' },
      { kind: 'boolean', value: true }
    ])
    expect(q.orderBy).toEqual({ field: 'Id', dir: 'ASC' })
    expect([q.startPosition, q.maxResults]).toEqual([2, 5])
    expect(parseQuery('select * from Bill maxresults 1000').maxResults).toBe(1000)
    // Clients send STARTPOSITION 0; Intuit serves it as the first page.
    expect(parseQuery('select * from Bill startposition 0').startPosition).toBe(1)
  })

  it('rejects unknown entities with 4001, as Intuit does', () => {
    const e = queryError('SELECT * FROM TaxService')
    expect(e.code).toBe('4001')
    expect(e.message).toBe('Invalid query')
    expect(e.detail).toBe('QueryValidationError: Metadata not found for Entity: TaxService')
  })

  it('rejects syntax errors with 4000 and a JavaCC-style detail', () => {
    const e = queryError("SELECT * FROM Vendor WHERE DisplayName = 'Cutlery 'R Us'")
    expect(e.code).toBe('4000')
    expect(e.message).toBe('Error parsing query')
    expect(e.detail).toMatch(/^QueryParserError: Encountered " <IDENTIFIER> "R "" at line 1, column 52\./)
    for (const bad of [
      '',
      'SELECT',
      'SELECT * Vendor',
      'SELECT * FROM',
      'SELECT * FROM Vendor WHERE',
      'SELECT * FROM Vendor WHERE Active',
      'SELECT * FROM Vendor WHERE DisplayName IN ()',
      "SELECT * FROM Vendor WHERE DisplayName IN ('a' 'b')",
      'SELECT * FROM Vendor WHERE DisplayName LIKE 5',
      'SELECT * FROM Vendor ORDERBY',
      'SELECT * FROM Vendor STARTPOSITION x',
      'SELECT * FROM Vendor MAXRESULTS -5',
      'SELECT * FROM Vendor MAXRESULTS 5 MAXRESULTS 6',
      'SELECT * FROM Vendor, Bill',
      'SELECT * FROM Vendor ORDERBY DisplayName, Id'
    ]) {
      expect(queryError(bad).code, bad).toBe('4000')
    }
  })

  it('rejects operators QBO does not have', () => {
    for (const op of ['!=', '<>']) {
      const e = queryError(`SELECT * FROM Bill WHERE Balance ${op} '0'`)
      expect(e.code).toBe('4000')
      expect(e.detail).toContain(`Encountered "${op}"`)
    }
    expect(queryError("SELECT * FROM Bill WHERE DocNumber CONTAINS '1'").code).toBe('4000')
    expect(queryError("SELECT * FROM Bill WHERE DocNumber NOT IN ('1')").code).toBe('4000')
  })

  it('rejects OR, JOIN and GROUP BY as parse errors', () => {
    expect(queryError("SELECT * FROM Bill WHERE Balance > '0' OR TotalAmt > '5'").detail).toContain('<OR>')
    expect(queryError('SELECT * FROM Bill JOIN Vendor').code).toBe('4000')
    expect(queryError('SELECT * FROM Bill GROUP BY VendorRef').code).toBe('4000')
  })

  it('rejects projections, which the sandbox does not implement', () => {
    const e = queryError('SELECT Id, DisplayName FROM Vendor')
    expect(e.code).toBe('4001')
    expect(e.detail).toMatch(/Projections are not supported/)
  })

  it('rejects MAXRESULTS above 1000 or below 1 as invalid content', () => {
    expect(queryError('SELECT * FROM Bill MAXRESULTS 1001').code).toBe('4001')
    expect(queryError('SELECT * FROM Bill MAXRESULTS 0').code).toBe('4001')
    expect(queryError('SELECT * FROM Bill MAXRESULTS 99999999999999999999').code).toBe('4001')
  })

  it('reports lexical errors (stray characters, unterminated or double-quoted strings)', () => {
    const e = queryError("SELECT * FROM Bill WHERE DocNumber = 'abc")
    expect(e.code).toBe('4000')
    expect(e.detail).toMatch(/Lexical error at line 1, column 41\.\s+Encountered: <EOF>/)
    expect(queryError('SELECT * FROM Bill WHERE DocNumber = "abc"').detail).toContain(
      'Encountered: "\\"" (34)'
    )
    expect(queryError('SELECT * FROM Bill;').detail).toContain('Encountered: ";" (59)')
    expect(queryError('SELECT * FROM Bill\nWHERE #').detail).toContain('line 2, column 7')
  })

  it('never throws anything but QueryError, whatever the input', () => {
    const check = (text: string): void => {
      try {
        const q = parseQuery(text)
        runQuery(q, [...vendors, ...bills])
      } catch (e) {
        if (!(e instanceof QueryError)) throw e
        expect(['4000', '4001']).toContain(e.code)
        expect(
          e.detail.startsWith('QueryParserError: ') || e.detail.startsWith('QueryValidationError: ')
        ).toBe(true)
      }
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), {
      numRuns: 3000,
      seed: 20240611
    })
    // Random sentences over the query's own vocabulary reach much deeper into the grammar.
    const word = fc.constantFrom(
      'SELECT',
      'select',
      '*',
      'COUNT(*)',
      'count',
      '(',
      ')',
      'FROM',
      'Bill',
      'vendor',
      'Foo',
      'WHERE',
      'AND',
      'OR',
      'IN',
      'LIKE',
      'ORDERBY',
      'ORDER',
      'BY',
      'ASC',
      'DESC',
      'STARTPOSITION',
      'MAXRESULTS',
      '=',
      '<',
      '>',
      '<=',
      '>=',
      '!=',
      ',',
      "'x'",
      "'%a%'",
      "'it\\'s'",
      "'\\\\'",
      "'",
      '\\',
      '1',
      '-2',
      '1000',
      '1001',
      '0.5',
      'true',
      'false',
      'MetaData.LastUpdatedTime',
      'VendorRef',
      'Balance',
      'TxnDate',
      "'2024-01-01T00:00:00-08:00'",
      '..',
      'a.',
      '9x'
    )
    const sentence = fc.array(word, { maxLength: 18 }).map((ws) => ws.join(' '))
    const prefixed = fc.array(word, { maxLength: 14 }).map((ws) => `SELECT * FROM Bill ${ws.join(' ')}`)
    fc.assert(fc.property(fc.oneof(sentence, prefixed), check), { numRuns: 5000, seed: 7 })
    check(undefined as unknown as string)
  })
})

describe('runQuery', () => {
  it("matches O'Brien \\ Sons exactly through escapes", () => {
    expect(ids("SELECT * FROM Vendor WHERE DisplayName = 'O\\'Brien \\\\ Sons'", vendors)).toEqual(['10'])
  })

  it('LIKE: % anywhere, case-insensitive, everything else literal', () => {
    expect(ids("select * from Vendor where DisplayName like '%brien%'", vendors)).toEqual(['9', '10'])
    expect(ids("select * from Vendor where DisplayName like 'o\\'%'", vendors)).toEqual(['9', '10'])
    expect(
      ids("select * from Vendor where DisplayName like '%\\\\ sons' and Active in (true, false)", vendors)
    ).toEqual(['2', '10'])
    // `_` is not a wildcard in QBO.
    expect(ids("select * from Vendor where DisplayName like 'Acme_%'", vendors)).toEqual(['33'])
    expect(ids("select * from Vendor where DisplayName like 'acmexsupply'", vendors)).toEqual(['4'])
    expect(ids("select * from Vendor where DisplayName like 'A%e%S%y'", vendors)).toEqual(['4', '33'])
    expect(ids("select * from Vendor where DisplayName like '%%'", vendors)).toHaveLength(4)
  })

  it('compares a Ref by its value, and IN over values', () => {
    expect(ids("select * from Bill where VendorRef = '56'", bills)).toEqual(['101', '103'])
    expect(ids("select * from Bill where VendorRef IN ('57', '9')", bills)).toEqual(['99', '102'])
    expect(ids("select * from Bill where Id in ('99', '103', '12345')", bills)).toEqual(['99', '103'])
    // Id strings compare as numbers: '99' < '100'.
    expect(ids("select * from Bill where Id < '100'", bills)).toEqual(['99'])
  })

  it('compares numbers numerically, whether the literal is quoted or not', () => {
    expect(ids("select * from Bill where Balance > '0'", bills)).toEqual(['99', '101', '103'])
    expect(ids('select * from Bill where TotalAmt >= 900 and TotalAmt < 1000', bills)).toEqual(['101'])
    expect(ids('select * from Vendor where Balance = 12.50', vendors)).toEqual(['33'])
    expect(
      ids("select * from Vendor where Balance IN ('100.25', 0) and Active IN (true, false)", vendors)
    ).toEqual(['2', '4'])
  })

  it('compares dates, and leaves out records without the field', () => {
    expect(ids("select * from Bill where TxnDate >= '2024-03-01' and TxnDate < '2024-04-01'", bills)).toEqual(
      ['101', '102']
    )
    expect(ids("select * from Bill where DueDate < '2024-04-01'", bills)).toEqual(['99', '101'])
    expect(ids("select * from Bill where DueDate > '2000-01-01'", bills)).not.toContain('102')
  })

  it('compares datetimes with offsets as instants, not as strings', () => {
    // 23:30 at -08:00 is 07:30Z the next day: later than midnight UTC, though it sorts earlier as text.
    expect(ids("select * from Bill where MetaData.LastUpdatedTime > '2024-01-02T00:00:00Z'", bills)).toEqual([
      '103'
    ])
    expect(
      ids("select * from Bill where MetaData.LastUpdatedTime > '2024-01-01T08:00:00-08:00'", bills)
    ).toEqual(['102', '103'])
    // Intuit's own example writes the offset without a colon and the path as Metadata.
    expect(
      ids("select * from Bill where Metadata.LastUpdatedTime >= '2024-01-01T10:00:00-0700'", bills)
    ).toEqual(['102', '103'])
    expect(ids("select * from Bill where MetaData.LastUpdatedTime = '2024-01-01T17:00:00Z'", bills)).toEqual([
      '102'
    ])
    // A bare date against a datetime means local midnight in the record's offset.
    expect(ids("select * from Bill where MetaData.LastUpdatedTime < '2024-01-01'", bills)).toEqual(['99'])
  })

  it('compares booleans', () => {
    expect(ids('select * from Vendor where Active = false', vendors)).toEqual(['2'])
    expect(ids("select * from Vendor where Active = 'true'", vendors)).toEqual(['4', '9', '10', '33'])
  })

  it('orders by Id numerically by default', () => {
    expect(ids('select * from Vendor where Active in (true, false)', vendors)).toEqual([
      '2',
      '4',
      '9',
      '10',
      '33'
    ])
  })

  it('answers name lists with their active records unless the query names Active, like QBO', () => {
    expect(ids('select * from Vendor', vendors)).toEqual(['4', '9', '10', '33'])
    expect(ids('select * from Vendor where Active = false', vendors)).toEqual(['2'])
  })

  it('ORDERBY sorts numbers as numbers, strings as strings, ties by Id; missing values first', () => {
    expect(ids('select * from Bill orderby TotalAmt desc', bills)).toEqual(['99', '102', '101', '103'])
    expect(ids('select * from Bill orderby TotalAmt', bills)).toEqual(['103', '101', '99', '102'])
    expect(ids('select * from Vendor where Active in (true, false) order by DisplayName', vendors)).toEqual([
      '4',
      '33',
      '9',
      '10',
      '2'
    ])
    expect(ids('select * from Bill orderby DueDate', bills)).toEqual(['102', '99', '101', '103'])
    expect(ids('select * from Bill orderby MetaData.LastUpdatedTime desc', bills)).toEqual([
      '103',
      '102',
      '101',
      '99'
    ])
  })

  it('pages with a 1-based STARTPOSITION and reports the total', () => {
    const many = Array.from({ length: 25 }, (_, i) => rec(String(i + 1), { TotalAmt: i % 3 }))
    const page = runQuery(parseQuery('select * from Bill startposition 11 maxresults 10'), many)
    expect(page.rows.map((r) => r.Id)).toEqual(['11', '12', '13', '14', '15', '16', '17', '18', '19', '20'])
    expect(page.totalCount).toBe(25)
    expect(runQuery(parseQuery('select * from Bill startposition 26'), many).rows).toEqual([])
    // Walking the pages of a sorted query with many ties returns every row exactly once.
    const seen: string[] = []
    for (let start = 1; start <= 25; start += 4) {
      seen.push(...ids(`select * from Bill orderby TotalAmt desc startposition ${start} maxresults 4`, many))
    }
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
  })

  it('COUNT(*) counts all matches and returns no rows, whatever the paging', () => {
    const r = runQuery(parseQuery("select count(*) from Bill where Balance > '0' maxresults 1"), bills)
    expect(r).toEqual({ rows: [], totalCount: 3 })
    expect(runQuery(parseQuery("select count(*) from Bill where VendorRef = 'nope'"), bills).totalCount).toBe(
      0
    )
  })
})
