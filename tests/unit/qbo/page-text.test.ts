import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { recordText, splitQueryPage } from '../../../src/main/core/qbo/page-text'

const recordTexts = (text: string, entity: string): string[] => {
  const bytes = new TextEncoder().encode(text)
  const { spans } = splitQueryPage(bytes, entity)
  return Array.from({ length: spans.length / 2 }, (_, i) => recordText(bytes, spans, i))
}

describe('record texts of a query page', () => {
  it('slices each record exactly as sent, whatever its strings and nesting hold', () => {
    const page = `{"QueryResponse":{"startPosition":1,"Vendor":[{"Id":"1","DisplayName":"O'Brien \\\\ Sons \\"Quoted\\" {not} [a] ,","Meta":{"Bill":[1,2]}} ,
      {"Id":"2","Notes":"Vendor:[{"}],"maxResults":2},"time":"2026-11-26T00:00:00.000-08:00"}`
    const texts = recordTexts(page, 'Vendor')
    expect(texts.map((t) => JSON.parse(t))).toEqual(
      (JSON.parse(page) as { QueryResponse: { Vendor: unknown[] } }).QueryResponse.Vendor
    )
    expect(texts[0]).toBe(
      `{"Id":"1","DisplayName":"O'Brien \\\\ Sons \\"Quoted\\" {not} [a] ,","Meta":{"Bill":[1,2]}}`
    )
    expect(recordTexts('{"QueryResponse":{}}', 'Vendor')).toEqual([])
  })

  it('ends a string only at a quote no odd run of backslashes escapes', () => {
    const records = [{ Id: '1', A: '\\', B: '\\\\', C: 'x\\"y', D: '\\"', 'k\\': '"}]{' }, { Id: '2' }]
    const page = JSON.stringify({ QueryResponse: { Bill: records }, time: 'x' })
    expect(recordTexts(page, 'Bill')).toEqual(records.map((r) => JSON.stringify(r)))
  })

  it('tells a whole answer from a cut one, and sees a Fault in the envelope', () => {
    expect(splitQueryPage('{"QueryResponse":{"Bill":[{"Id":"1"}]},"time":"x"}', 'Bill')).toEqual({
      spans: [26, 36],
      keys: ['QueryResponse', 'time'],
      complete: true
    })
    expect(splitQueryPage('{"QueryResponse":{"Bill":[{"Id":"1"},{"Id":"2","Na', 'Bill')).toMatchObject({
      spans: [26, 36],
      complete: false
    })
    expect(recordTexts('{"QueryResponse":{"Bill":[{"Name":"Zoë – café ☕ 𝄞"}]}}', 'Bill')).toEqual([
      '{"Name":"Zoë – café ☕ 𝄞"}'
    ])
    expect(
      splitQueryPage('{"Fault":{"Error":[{"Message":"m","code":"6000"}]},"time":"x"}', 'Bill').keys
    ).toEqual(['Fault', 'time'])
  })

  it('agrees with JSON.parse on arbitrary records', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { maxLength: 8 }), (records) => {
        const page = JSON.stringify({
          QueryResponse: { Bill: records, startPosition: 1, maxResults: records.length },
          time: 'x'
        })
        expect(recordTexts(page, 'Bill').map((t) => JSON.parse(t))).toEqual(
          JSON.parse(page).QueryResponse.Bill
        )
      })
    )
  })
})
