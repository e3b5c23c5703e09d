// Firm mode, item 5: each client's weekly digest is made once firm-wide (an advisory lock on the
// server); every desktop keeps that one.

import { afterEach, describe, expect, it } from 'vitest'
import type { DigestView } from '../../../src/shared/views'
import { BOOKKEEPER, eventually, PARTNER, twoDesktops, type Firm } from '../../helpers/firm'
import { call } from '../../helpers/invoke'
import { postgresBinaries } from '../../helpers/postgres'

const bins = postgresBinaries()
const skipped = 'missing' in bins ? bins.missing : null
if (skipped) console.log(`[firm tests] skipped: ${skipped}`)

const firms: Firm[] = []
afterEach(async () => {
  for (const f of firms.splice(0)) await f.close()
})

/** Digests compared whoever's they are: each desktop keeps them under its own company id. */
const c0 = 'any'

describe.skipIf(skipped !== null)(`firm mode: the digest${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  it(
    "two desktops making the week's digest at once make it once, and both keep that one",
    { timeout: 120_000 },
    async () => {
      const f = await twoDesktops()
      firms.push(f)
      await call(f.a, 'firm.join', { url: f.pg.url, ...PARTNER })
      await call(f.a, 'clients.assign', { companyId: f.a.companyId, user: BOOKKEEPER.user })
      await call(f.b, 'firm.join', { url: f.pg.url, ...BOOKKEEPER })
      // Both make digests on Thursdays, and the clock says Thursday: this week's is due on both.
      for (const d of [f.a, f.b]) await call(d, 'settings.set', { digestWeekday: 4 })
      await Promise.all([f.a.core.services.jobs.tick(), f.b.core.services.jobs.tick()])

      // One digest per week firm-wide (the job may catch a missed week up too).
      const pat = await f.pg.as(PARTNER.user, PARTNER.password)
      const made = (
        await pat.query<{ item: string; n: number }>(
          `select item, count(*)::int n from runway.changes where client_id = $1 and kind = 'digest'
           group by item order by item`,
          [f.realmId]
        )
      ).rows
      await pat.end()
      expect(made.length).toBeGreaterThan(0)
      expect(made.every((m) => m.n === 1)).toBe(true)
      const weeks = made.map((m) => m.item)
      const onA: Record<string, DigestView> = {}
      for (const weekEnd of weeks) {
        const [a, b] = await Promise.all(
          [f.a, f.b].map((d) => call<DigestView>(d, 'digest.get', { companyId: d.companyId, weekEnd }))
        )
        expect(a!.companyId).toBe(f.a.companyId)
        expect(b!.companyId).toBe(f.b.companyId)
        expect({ ...b!, companyId: null }).toEqual({ ...a!, companyId: null })
        onA[weekEnd] = { ...a!, companyId: c0 }
      }
      // And a desktop that has not run its job gets them stored by pulling.
      const c = await f.desktop()
      await call(c, 'firm.join', { url: f.pg.url, ...PARTNER })
      const stored = await eventually(async () => {
        const rows = await c.core.services.actions.ctx.cache.db
          .selectFrom('digests')
          .selectAll()
          .where('company_id', '=', c.companyId)
          .execute()
        // (It may hold a week it made alone before it joined; those made in the firm come from it.)
        const shared = rows.filter((r) => weeks.includes(r.week_end))
        expect(shared.map((r) => r.week_end).sort()).toEqual(weeks)
        return shared
      })
      for (const row of stored)
        expect({ ...(JSON.parse(row.digest_json) as DigestView), companyId: c0 }).toEqual(onA[row.week_end])
    }
  )
})
