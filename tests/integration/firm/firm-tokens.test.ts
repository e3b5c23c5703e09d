// Firm mode, item 4: a client's QuickBooks tokens are the firm's. A refresh is single-flight
// firm-wide (a row lock on the server), a desktop that was away takes the newest tokens before its
// own, and the server keeps them sealed.

import { afterEach, describe, expect, it } from 'vitest'
import type { CompanySummary, SyncSummary } from '../../../src/shared/contract'
import {
  BOOKKEEPER,
  eventually,
  PARTNER,
  relay,
  twoDesktops,
  type Desktop,
  type Firm
} from '../../helpers/firm'
import { call } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'
import { requestLog } from '../../helpers/sandbox'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const DAY = 24 * 3600_000
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function sync(d: Desktop): Promise<SyncSummary> {
  return (await call<SyncSummary[]>(d, 'sync.now', { companyId: d.companyId }))[0]!
}

async function status(d: Desktop): Promise<string> {
  return (await call<CompanySummary[]>(d, 'companies.list')).find((c) => c.id === d.companyId)!.status
}

async function refreshes(f: Firm): Promise<number> {
  return (await requestLog(f.w)).filter((e) => e.path === '/oauth2/v1/tokens/bearer').length
}

/** Both desktops joined (A through `aUrl`), holding the firm's one connection to the client. */
async function sharing(aUrl?: (f: Firm) => Promise<string>): Promise<Firm> {
  const f = await twoDesktops()
  cleanups.push(() => f.close())
  await call(f.a, 'firm.join', { url: aUrl ? await aUrl(f) : f.pg.url, ...PARTNER })
  await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
  await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
  // Each desktop signed in to QuickBooks on its own; the first refresh puts A's tokens on the
  // server and B's next one takes them instead of refreshing its own.
  await f.w.control('POST', '/tokens/expire')
  expect((await sync(f.a)).ok).toBe(true)
  await f.w.control('DELETE', '/log')
  expect((await sync(f.b)).ok).toBe(true)
  expect(await refreshes(f)).toBe(0)
  return f
}

describe.skipIf(skipped !== null)(`firm mode: tokens${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it(
    'a refresh raced from both desktops is one refresh, and the client stays connected',
    { timeout: 120_000 },
    async () => {
      const f = await sharing()
      for (let round = 0; round < 3; round++) {
        await f.w.control('DELETE', '/log')
        // Past Intuit's 24 hours of grace for a replaced refresh token: a lost rotation would show.
        f.w.clock.advance(DAY + 3600_000)
        const [a, b] = await Promise.all([sync(f.a), sync(f.b)])
        expect([a.ok, b.ok]).toEqual([true, true])
        expect(await refreshes(f)).toBe(1)
      }
      expect([await status(f.a), await status(f.b)]).toEqual(['connected', 'connected'])

      // The server holds them sealed: no token in clear, and one row per client.
      const pat = await f.pg.as(PARTNER.user, PARTNER.password)
      const rows = (await pat.query('select client_id, sealed, version from runway.tokens')).rows
      await pat.end()
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ client_id: f.realmId })
      expect(Number(rows[0].version)).toBeGreaterThanOrEqual(4)
      const secrets = JSON.stringify(
        await f.a.core.services.actions.ctx.cache.db.selectFrom('firm_state').selectAll().execute()
      )
      expect(secrets).not.toContain('AB11')
      expect(rows[0].sealed).not.toMatch(/AB11|eyJ/)
    }
  )

  it('a desktop that was offline takes the newest tokens before its own', { timeout: 120_000 }, async () => {
    let link: Awaited<ReturnType<typeof relay>> | undefined
    const f = await sharing(async (firm) => {
      link = await relay(firm.pg.port)
      cleanups.push(() => link!.close())
      return link.url
    })
    link!.cut()
    await eventually(async () =>
      expect((await call<{ connected: boolean }>(f.a, 'firm.status')).connected).toBe(false)
    )
    // While A is away, B refreshes the client's tokens twice over two days.
    for (let day = 0; day < 2; day++) {
      f.w.clock.advance(DAY + 3600_000)
      expect((await sync(f.b)).ok).toBe(true)
    }
    link!.restore()
    await eventually(async () =>
      expect((await call<{ connected: boolean }>(f.a, 'firm.status')).connected).toBe(true)
    )
    await f.w.control('DELETE', '/log')
    // A's own refresh token was replaced more than a day ago: used, it would be refused.
    expect((await sync(f.a)).ok).toBe(true)
    expect(await status(f.a)).toBe('connected')
    expect(await refreshes(f)).toBe(0)
  })
})
