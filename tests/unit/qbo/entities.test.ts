import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkRecord, ENTITIES, entitySchemas, parseRecordText } from '../../../src/main/core/qbo/entities'

describe('a record that is not JSON', () => {
  it('is skipped under its own Id, not the Id of a line that comes before it', () => {
    const text = `{"VendorRef":{"value":"45"},"Line":[{"Id":"1","Amount":10,"Note":"a \\"quoted\\" {x}"}],"Balance":oops,"Id":"1608","SyncToken":"0"}`
    expect(parseRecordText('Bill', text)).toEqual({
      skipped: { entity: 'Bill', id: '1608', problem: 'not JSON' }
    })
    expect(parseRecordText('Bill', '{"Line":[{"Id":"1"}],"Balance":oops}')).toEqual({
      skipped: { entity: 'Bill', id: null, problem: 'not JSON' }
    })
  })
})

/** Values near what `node` accepts: mostly the right kind, often at its edges, sometimes wrong. */
function near(node: unknown): fc.Arbitrary<unknown> {
  const def = (node as { _zod: { def: Record<string, unknown> } })._zod.def
  const wrong = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.constant([]),
    // An array is no object, whatever it holds.
    fc.constant(
      Object.assign([], { value: '1', LastUpdatedTime: '2026-11-26', TxnId: '1', TxnType: 'Bill' })
    ),
    fc.constant({}),
    fc.string(),
    fc.double(),
    fc.boolean()
  )
  let right: fc.Arbitrary<unknown>
  switch (def.type) {
    case 'string':
      right = fc.oneof(
        { weight: (def.checks as unknown[] | undefined)?.length ? 1 : 4, arbitrary: fc.string() },
        fc.constant(''),
        fc.constant('2026-11-26'),
        fc.constantFrom('2026-11-26', '2026-1-26', '2026-11-26\n', ' 2026-11-26', '20261126', '٢٠٢٦-11-26')
      )
      break
    case 'number':
      right = fc.oneof(
        fc.double(),
        fc.integer(),
        fc.constant(100),
        fc.constantFrom(0, -0, 1.5, -1, 2 ** 53, 2 ** 60, Infinity, -Infinity, NaN, 5e-324)
      )
      break
    case 'boolean':
      right = fc.boolean()
      break
    case 'enum':
      right = fc.oneof(fc.constantFrom(...Object.values(def.entries as object)), fc.constant('toString'))
      break
    case 'optional':
      right = fc.oneof(fc.constant(undefined), near(def.innerType))
      break
    case 'array':
      right = fc.array(near(def.element), { maxLength: 3 })
      break
    case 'object':
      {
        const fields = Object.fromEntries(Object.entries(def.shape as object).map(([k, v]) => [k, near(v)]))
        // Mostly every key (optional ones may still be undefined), sometimes any of them missing.
        right = fc.oneof(
          { weight: 4, arbitrary: fc.record(fields) },
          { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) }
        )
      }
      break
    default:
      right = fc.anything()
  }
  return fc.oneof({ weight: 40, arbitrary: right }, { weight: 1, arbitrary: wrong })
}

describe('validation', () => {
  it('accepts exactly what the schemas accept (the compiled check never lets more through)', () => {
    for (const entity of ENTITIES) {
      let accepted = 0
      fc.assert(
        fc.property(fc.oneof({ weight: 8, arbitrary: near(entitySchemas[entity]) }, fc.anything()), (row) => {
          const ok = entitySchemas[entity].safeParse(row).success
          if (ok) accepted++
          expect(checkRecord(entity, row) === null).toBe(ok)
        }),
        { numRuns: 1500 }
      )
      // The generator reaches records the schema accepts, not only ones it turns away.
      expect(accepted).toBeGreaterThan(20)
    }
  })

  it('says why a record is skipped, with its id', () => {
    expect(
      checkRecord('Bill', {
        Id: '7',
        SyncToken: '0',
        VendorRef: { value: '1' },
        TxnDate: '2026-11-26',
        TotalAmt: 'x',
        Balance: 0
      })
    ).toEqual({
      entity: 'Bill',
      id: '7',
      problem: 'TotalAmt: Invalid input: expected number, received string'
    })
  })
})
