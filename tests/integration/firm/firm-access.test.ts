// Firm mode, item 1: joining the firm's PostgreSQL, its status, leaving, assigning clients, and
// row-level security checked in SQL as each person's own role.

import { afterEach, describe, expect, it } from 'vitest'
import type { FirmStatus } from '../../../src/shared/contract'
import { BOOKKEEPER, PARTNER, twoDesktops, type Firm } from '../../helpers/firm'
import { call, failure } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const firms: Firm[] = []
afterEach(async () => {
  for (const f of firms.splice(0)) await f.close()
})

describe.skipIf(skipped !== null)(
  `firm mode: joining and access${skipped ? ` (skipped: ${skipped})` : ''}`,
  () => {
    it(
      "joins with the person's own role, keeps the password out of the database, leaves",
      { timeout: 120_000 },
      async () => {
        const f = await twoDesktops()
        firms.push(f)
        const { a } = f
        expect(await call<FirmStatus>(a, 'firm.status')).toMatchObject({
          joined: false,
          connected: false,
          pending: 0
        })

        // A wrong password and a stranger are refused, and nothing is kept.
        expect(
          await failure(a, 'firm.join', { url: f.pg.url, user: PARTNER.user, password: 'wrong' })
        ).toMatchObject({
          kind: 'auth'
        })
        await f.pg.admin(`create role stranger login password 'x'`)
        expect(
          await failure(a, 'firm.join', { url: f.pg.url, user: 'stranger', password: 'x' })
        ).toMatchObject({
          kind: 'auth',
          message: expect.stringContaining('not a partner or bookkeeper')
        })
        // A bookkeeper cannot set the server up: the first partner does.
        expect(
          await failure(f.b, 'firm.join', {
            url: f.pg.url,
            user: BOOKKEEPER.user,
            password: BOOKKEEPER.password
          })
        ).toMatchObject({ kind: 'conflict', message: expect.stringContaining('a partner joins first') })

        const joined = await call<FirmStatus>(a, 'firm.join', { url: f.pg.url, ...PARTNER })
        expect(joined).toMatchObject({
          joined: true,
          connected: true,
          user: 'pat',
          role: 'partner',
          problem: null
        })
        expect(joined.url).toBe(f.pg.url)
        const raw = a.core.services.actions.ctx.cache.sqlite
        const state = JSON.stringify(raw.prepare('select * from firm_state').all())
        expect(state).not.toContain(PARTNER.password)

        // The migrations ran once, as runway_owner.
        const admin = await f.pg.as(PARTNER.user, PARTNER.password)
        const owners = await admin.query(
          `select distinct pg_get_userbyid(relowner) owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'runway' and c.relkind = 'r'`
        )
        expect(owners.rows).toEqual([{ owner: 'runway_owner' }])
        await admin.end()

        const joinedB = await call<FirmStatus>(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        expect(joinedB).toMatchObject({ role: 'bookkeeper', connected: true })

        // Leaving forgets the server, the password and what waited.
        expect(await call<FirmStatus>(a, 'firm.leave')).toMatchObject({
          joined: false,
          connected: false,
          url: null
        })
        expect(raw.prepare('select key from firm_state').all()).toEqual([{ key: 'node' }])
        expect(
          await a.core.services.actions.ctx.cache.db.selectFrom('firm_outbox').selectAll().execute()
        ).toEqual([])
      }
    )

    it(
      'a bookkeeper sees only the clients assigned to them, checked by PostgreSQL itself',
      { timeout: 120_000 },
      async () => {
        const f = await twoDesktops()
        firms.push(f)
        await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
        await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
        // The partner's decision on a client nobody has assigned to bob.
        await call(f.a, 'runway.setMinCash', { companyId: f.a.companyId, minCashCents: 1_234_500 })
        await f.a.core.services.firm.settled()

        const bob = await f.pg.as(BOOKKEEPER.user, BOOKKEEPER.password)
        const pat = await f.pg.as(PARTNER.user, PARTNER.password)
        const count = async (c: typeof bob, table: string): Promise<number> =>
          Number(
            (await c.query(`select count(*) n from runway.${table} where client_id = $1`, [f.realmId]))
              .rows[0].n
          )
        expect(await count(pat, 'changes')).toBeGreaterThan(0)
        expect(await count(pat, 'clients')).toBe(1)
        expect(await count(bob, 'changes')).toBe(0)
        expect(await count(bob, 'clients')).toBe(0)
        // Nor can bob write into it, take it, or assign it to himself.
        await expect(
          bob.query(
            `insert into runway.changes (change_id, client_id, kind, item, field, value, hlc, origin)
         values ('x', $1, 'minCash', '', 'cents', '1', 'h', 'n')`,
            [f.realmId]
          )
        ).rejects.toMatchObject({ code: '42501' })
        await expect(
          bob.query(`insert into runway.assignments (client_id, member) values ($1, 'bob')`, [f.realmId])
        ).rejects.toMatchObject({ code: '42501' })
        await expect(bob.query(`update runway.changes set value = '0'`)).rejects.toMatchObject({
          code: '42501'
        })
        // Through the app: bob cannot assign, and his desktop pulled nothing of the client.
        expect(await failure(f.b, 'clients.assign', { companyId: f.b.companyId, user: 'bob' })).toMatchObject(
          {
            kind: 'auth'
          }
        )
        expect(
          (await call<{ minCashCents: number }>(f.b, 'runway.get', { companyId: f.b.companyId })).minCashCents
        ).not.toBe(1_234_500)

        // The partner hands the client to bob: now he reads it, in SQL and in the app.
        await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: 'bob' })
        expect(await count(bob, 'changes')).toBeGreaterThan(0)
        expect(await count(bob, 'clients')).toBe(1)
        f.b.core.services.firm.kick()
        await f.b.core.services.firm.settled()
        expect(
          (await call<{ minCashCents: number }>(f.b, 'runway.get', { companyId: f.b.companyId })).minCashCents
        ).toBe(1_234_500)
        // Assigning to someone who is not of the firm is refused by name.
        expect(
          await failure(f.a, 'clients.assign', { companyId: f.a.companyId, user: 'mallory' })
        ).toMatchObject({
          message: expect.stringContaining('mallory is not a member of the firm')
        })
        await bob.end()
        await pat.end()
      }
    )
  }
)
