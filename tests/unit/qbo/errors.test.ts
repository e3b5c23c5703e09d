import { describe, expect, it } from 'vitest'
import { errorFromResponse, parseFaults } from '../../../src/main/core/qbo/errors'
import { countQuery, quote, selectQuery } from '../../../src/main/core/qbo/query'

const now = Date.parse('2026-11-26T12:00:00Z')

describe('QBO fault shapes', () => {
  it('reads the XML ThrottleExceeded body (sent even to JSON requests) as throttled, 60 s by default', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><IntuitResponse time="2026-11-26T04:00:00.000-08:00"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>`
    const error = errorFromResponse(429, xml, { now })
    expect(error.kind).toBe('throttled')
    expect(error.info.retryAt).toBe('2026-11-26T12:01:00.000Z')
    expect(error.code).toBe('3001')
    // Older responses used 403 for the same body.
    expect(errorFromResponse(403, xml, { now }).kind).toBe('throttled')
  })

  it('reads the lowercase fault of 401/403 as auth', () => {
    const body = JSON.stringify({
      warnings: null,
      fault: {
        error: [
          {
            message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
            detail: 'Token expired: abc',
            code: '3200'
          }
        ],
        type: 'AUTHENTICATION'
      },
      time: 1601391072830
    })
    const error = errorFromResponse(401, body, { now })
    expect(error.kind).toBe('auth')
    expect(error.code).toBe('3200')
  })

  it('reads Fault.Error[] with codes: 5010 stale, 610 not found, 6240 and 2020 validation with the field', () => {
    const fault = (code: string, element?: string): string =>
      JSON.stringify({
        Fault: {
          Error: [{ Message: 'msg', Detail: 'detail', code, ...(element ? { element } : {}) }],
          type: 'ValidationFault'
        },
        time: 'x'
      })
    expect(errorFromResponse(400, fault('5010'), { now }).kind).toBe('stale')
    expect(errorFromResponse(400, fault('610'), { now }).kind).toBe('not-found')
    const dup = errorFromResponse(400, fault('6240', 'DisplayName'), { now })
    expect(dup.kind).toBe('validation')
    expect(dup.info.field).toBe('DisplayName')
    expect(errorFromResponse(400, fault('2020', 'Line'), { now }).toValue()).toMatchObject({
      kind: 'validation',
      field: 'Line'
    })
  })

  it('treats a Fault inside an HTTP 200 as an error, and a 5xx HTML page as a server error', () => {
    expect(
      parseFaults('{"Fault":{"Error":[{"Message":"m","code":"6000"}],"type":"ValidationFault"}}')
    ).toEqual([{ code: '6000', message: 'm' }])
    expect(errorFromResponse(502, '<html><body>Bad Gateway</body></html>', { now }).kind).toBe('server')
    expect(parseFaults('not json at all')).toBeNull()
  })
})

describe('query builder', () => {
  it('escapes quotes and backslashes so values stay data', () => {
    expect(quote("O'Brien \\ Sons")).toBe("'O\\'Brien \\\\ Sons'")
    expect(
      selectQuery({ entity: 'Vendor', where: [['DisplayName', '=', "O'Brien \\ Sons"]], maxResults: 10 })
    ).toBe("SELECT * FROM Vendor WHERE DisplayName = 'O\\'Brien \\\\ Sons' MAXRESULTS 10")
    expect(
      countQuery({
        entity: 'Bill',
        where: [
          ['Balance', '>', 0],
          ['VendorRef', 'IN', ['1', "2'"]]
        ]
      })
    ).toBe("SELECT COUNT(*) FROM Bill WHERE Balance > 0 AND VendorRef IN ('1', '2\\'')")
  })

  it('refuses field names that could carry syntax', () => {
    expect(() => selectQuery({ entity: 'Vendor', where: [["DisplayName = 'x' OR 1", '=', 'y']] })).toThrow(
      RangeError
    )
    expect(() => selectQuery({ entity: 'Vendor; DROP', where: [] })).toThrow(RangeError)
    expect(selectQuery({ entity: 'Bill', maxResults: 5000, startPosition: 0 })).toBe(
      'SELECT * FROM Bill STARTPOSITION 1 MAXRESULTS 1000'
    )
  })
})
