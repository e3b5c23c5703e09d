// Firm mode over TLS: each person logs in to the firm's PostgreSQL over TLS, the server's
// certificate checked against the firm's CA (`sslmode=verify-full&sslrootcert=…` in the address),
// and pg_hba.conf (`hostssl` only) refuses a login without TLS.

import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import type { BillRow } from '../../../src/shared/views'
import { BOOKKEEPER, eventually, PARTNER, plannable, twoDesktops } from '../../helpers/firm'
import { call, failure } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe.skipIf(skipped !== null)(`firm mode: TLS${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it(
    'people log in over TLS with the server verified; without TLS, or without the CA, they are refused',
    { timeout: 120_000 },
    async () => {
      const f = await twoDesktops(2, { tls: true })
      cleanups.push(() => f.close())
      const plain = `postgres://127.0.0.1:${f.pg.port}/runway`

      // pg_hba.conf has no line for a TCP login without TLS: the right password is not enough.
      const noTls = new pg.Client({ host: '127.0.0.1', port: f.pg.port, database: 'runway', ...PARTNER })
      noTls.on('error', () => {})
      await expect(noTls.connect()).rejects.toThrow(/no pg_hba\.conf entry .*no encryption/)
      const refused = await failure(f.a, 'firm.join', { url: `${plain}?sslmode=disable`, ...PARTNER })
      expect(refused).toMatchObject({ kind: 'auth' })
      expect(refused.message).toMatch(/no encryption/)
      // TLS asked for, but the server's certificate is not from a CA this computer was given.
      const unverified = await failure(f.a, 'firm.join', { url: `${plain}?sslmode=verify-full`, ...PARTNER })
      expect(unverified.message).toMatch(/certificate/)

      await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
      await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
      const bill = (await plannable(f.a))[0]!
      await call(f.a, 'bills.schedule', { companyId: f.a.companyId, billId: bill.id, payOn: '2027-01-08' })
      await eventually(async () => {
        const onB = await call<BillRow[]>(f.b, 'bills.list', { companyId: f.b.companyId })
        expect(onB.find((b) => b.id === bill.id)!.scheduledPayOn).toBe('2027-01-08')
      })

      // The server's own view of the desktops' sessions: both people, both over TLS.
      const sessions = await f.pg.admin(
        `select a.usename, s.ssl, s.version from pg_stat_activity a join pg_stat_ssl s using (pid)
         where a.application_name = 'Runway Desktop' order by a.usename`
      )
      expect(sessions.map((r) => [r.usename, r.ssl])).toEqual([
        ['bob', true],
        ['pat', true]
      ])
      expect(sessions[0]!.version).toMatch(/^TLSv1\.[23]$/)
    }
  )
})
