// Firm mode: the firm's Intuit app keys go through the firm's server sealed under the firm key (the
// firm secret, scrypt, AES-256-GCM): a colleague's desktop that joins with the firm secret gets
// them without typing them, and signs clients in and refreshes their tokens with them.

import { afterEach, describe, expect, it } from 'vitest'
import type {
  CompanySummary,
  ConnectStart,
  FirmStatus,
  IntuitKeysView,
  SyncSummary
} from '../../../src/shared/contract'
import { BOOKKEEPER, eventually, PARTNER, twoDesktops, type Firm } from '../../helpers/firm'
import { call, failure } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'
import { requestLog } from '../../helpers/sandbox'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const FIRM_SECRET = 'harbour lights 1987 ledger'

function keysOf(f: Firm) {
  const { apiBaseUrl, oauth } = f.w.sandbox.info
  return {
    environment: 'custom',
    custom: {
      apiBaseUrl,
      authorizeUrl: oauth.authorizeUrl,
      tokenUrl: oauth.tokenUrl,
      revokeUrl: oauth.revokeUrl
    },
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret
  }
}

describe.skipIf(skipped !== null)(`firm mode: app keys${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it(
    'a colleague who joins with the firm secret gets the keys, adds a client and refreshes its tokens with them; the server holds ciphertext only',
    { timeout: 120_000 },
    async () => {
      const f = await twoDesktops()
      cleanups.push(() => f.close())
      const { clientId, clientSecret } = f.w.sandbox.info.oauth
      await call(f.a, 'intuitKeys.set', keysOf(f))
      const joined = await call<FirmStatus>(f.a, 'firm.join', {
        url: f.pg.url,
        ...PARTNER,
        firmSecret: FIRM_SECRET
      })
      expect(joined).toMatchObject({ joined: true, firmSecret: true })

      // What the server holds: a salt and ciphertext, nothing of the keys or the firm secret.
      const pat = await f.pg.as(PARTNER.user, PARTNER.password)
      const rows = (await pat.query('select salt, sealed, version, set_by from runway.app_keys')).rows
      const everything = (
        await pat.query(
          `select string_agg(t::text, ' ') all_rows from (
             select k::text t from runway.app_keys k union all select c::text from runway.changes c
             union all select t::text from runway.tokens t) x`
        )
      ).rows[0].all_rows as string
      await pat.end()
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ set_by: 'pat' })
      for (const clear of [clientId, clientSecret, FIRM_SECRET, f.w.sandbox.info.apiBaseUrl])
        expect(everything).not.toContain(clear)
      expect(Buffer.from(rows[0].sealed as string, 'base64').toString('latin1')).not.toContain(clientSecret)

      // B has no keys of its own; a wrong firm secret is refused and leaves it outside the firm.
      expect(await call<IntuitKeysView>(f.b, 'intuitKeys.get')).toMatchObject({ configured: false })
      const wrong = await failure(f.b, 'firm.join', {
        url: f.pg.url,
        ...BOOKKEEPER,
        firmSecret: 'not the firm secret'
      })
      expect(wrong).toMatchObject({ kind: 'validation', field: 'firmSecret' })
      expect(await call<FirmStatus>(f.b, 'firm.status')).toMatchObject({ joined: false })
      expect(await call<IntuitKeysView>(f.b, 'intuitKeys.get')).toMatchObject({ configured: false })

      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER, firmSecret: FIRM_SECRET })
      expect(await call<IntuitKeysView>(f.b, 'intuitKeys.get')).toMatchObject({
        configured: true,
        environment: 'custom',
        clientIdEnd: clientId.slice(-4),
        apiBaseUrl: f.w.sandbox.info.apiBaseUrl
      })

      // The keys work: B adds a client with them (the sandbox checks the secret at the token
      // endpoint), syncs it, and refreshes its expired tokens with them.
      const realmId = f.w.sandbox.info.realms[0]!.realmId
      const started = await call<ConnectStart>(f.b, 'companies.add')
      const consent = await fetch(`${started.authorizeUrl}&auto_consent=${realmId}`, { redirect: 'manual' })
      const added = await call<CompanySummary>(f.b, 'companies.completeConnect', {
        callbackUrl: consent.headers.get('location')
      })
      expect((await call<SyncSummary[]>(f.b, 'sync.now', { companyId: added.id }))[0]!.ok).toBe(true)
      await f.w.control('POST', '/tokens/expire')
      await f.w.control('DELETE', '/log')
      expect((await call<SyncSummary[]>(f.b, 'sync.now', { companyId: added.id }))[0]!.ok).toBe(true)
      const refreshes = (await requestLog(f.w)).filter((e) => e.path === '/oauth2/v1/tokens/bearer')
      expect(refreshes.length).toBeGreaterThanOrEqual(1)
      expect(refreshes.every((e) => e.status === 200)).toBe(true)
      expect(
        (await call<CompanySummary[]>(f.b, 'companies.list')).find((c) => c.id === added.id)!.status
      ).toBe('connected')

      // A partner who changes the keys later changes them for everyone holding the firm secret.
      f.w.clock.advance(3600_000)
      const changed = await call<IntuitKeysView>(f.a, 'intuitKeys.set', keysOf(f))
      await eventually(async () =>
        expect((await call<IntuitKeysView>(f.b, 'intuitKeys.get')).updatedAt).toBe(changed.updatedAt)
      )
      // Changed twice in a breath (the second while the first is on its way): the last one holds.
      const first = call<IntuitKeysView>(f.a, 'intuitKeys.set', keysOf(f))
      f.w.clock.advance(1000)
      const last = await call<IntuitKeysView>(f.a, 'intuitKeys.set', keysOf(f))
      await first
      await eventually(async () =>
        expect((await call<IntuitKeysView>(f.b, 'intuitKeys.get')).updatedAt).toBe(last.updatedAt)
      )
    }
  )
})
