import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelNames, type ChannelName } from '../../../src/shared/contract'
import { ERROR_KINDS } from '../../../src/shared/errors'
import { world, type World } from '../../helpers/sandbox'

// Every contract channel, fed what a buggy or hostile renderer might send: the core never throws,
// answers with a typed error, and a refused call writes nothing.

let w: World
let companyId = ''
const RUNS = Number(process.env.RUNWAY_FUZZ_RUNS ?? 40)

beforeAll(async () => {
  w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
  companyId = await w.connect()
  await w.core.invoke('sync.now', { companyId })
})
afterAll(() => w.close())

// Channels whose empty input is valid and starts heavy work: fuzzing them means starting it.
const HEAVY: ChannelName[] = ['testDrive.start', 'sync.now']

const hostile = fc.oneof(
  fc.anything(),
  fc.string({ maxLength: 20_000 }),
  fc.constantFrom(
    '<?xml version="1.0"?><Fault/>',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    "'; drop table companies; --"
  ),
  fc.dictionary(
    fc.constantFrom(
      'companyId',
      'billId',
      'billIds',
      'invoiceId',
      'bankAccountId',
      'payOn',
      'amountCents',
      'name',
      'changes',
      'sendTo',
      'critical',
      'id',
      'environment',
      'callbackUrl',
      'digestWeekday',
      'theme',
      'minCashCents',
      'vendorId',
      'weekEnd',
      'reserveId'
    ),
    fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.array(fc.string())),
    { maxKeys: 6 }
  )
)

describe('bad input on every channel', () => {
  const sqlite = (): { prepare(sql: string): { pluck(): { get(): unknown } } } =>
    w.core.services.actions.ctx.cache.sqlite as unknown as {
      prepare(sql: string): { pluck(): { get(): unknown } }
    }
  for (const channel of channelNames.filter((c) => !HEAVY.includes(c))) {
    it(`${channel}: typed errors, no crash, nothing written`, { timeout: 120_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(hostile, fc.boolean(), async (input, withCompany) => {
          // Half the time aim at the real company, so the deeper checks are reached too.
          const value =
            withCompany && input && typeof input === 'object' && !Array.isArray(input)
              ? { ...input, companyId }
              : input
          const before = sqlite().prepare('select total_changes()').pluck().get()
          const result = await w.core.invoke(channel, value)
          expect(result).toBeTypeOf('object')
          if (!result.ok) {
            expect(ERROR_KINDS).toContain(result.error.kind)
            expect(typeof result.error.message).toBe('string')
            expect(sqlite().prepare('select total_changes()').pluck().get()).toBe(before)
          }
        }),
        { numRuns: RUNS }
      )
    })
  }

  it('an unknown channel name is a validation error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (name) => {
        fc.pre(typeof name !== 'string' || !channelNames.includes(name as ChannelName))
        const result = await w.core.invoke(name, undefined)
        expect(result).toMatchObject({ ok: false, error: { kind: 'validation', field: 'channel' } })
      }),
      { numRuns: RUNS }
    )
  })
})
