import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { startTestDriveSandbox } from '../../src/test-drive'
import { api, connect, q, T0 } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'qbo-sandbox-test-drive-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("the test drive's sandbox", () => {
  it('serves the three demo companies and has no control plane', async () => {
    const sb = await startTestDriveSandbox({ stateFile: join(dir, 'sandbox.jsonl'), clock: () => T0 })
    try {
      expect(sb.info.realms).toHaveLength(3)
      const realmId = sb.info.realms[0]!.realmId
      const tokens = await connect(sb, realmId)
      const oneBill = () =>
        api(sb, tokens.access_token, 'GET', q('select * from Bill maxresults 1'), undefined, { realmId })
      const bills = await oneBill()
      expect(bills.status).toBe(200)
      expect(bills.json.QueryResponse.Bill).toHaveLength(1)

      // What the full sandbox's control plane answers: here nothing does, and QBO keeps working.
      for (const route of [
        'GET /info',
        'POST /tokens/revoke',
        'POST /tokens/expire',
        'POST /faults',
        'POST /outage',
        'POST /clock/advance'
      ]) {
        const [method, path] = route.split(' ') as [string, string]
        const res = await fetch(`${sb.url}/_sandbox${path}`, {
          method,
          body: method === 'POST' ? '{}' : undefined
        })
        expect(res.status, route).toBe(404)
      }
      expect((await oneBill()).status).toBe(200)
    } finally {
      await sb.close()
    }
  })
})
