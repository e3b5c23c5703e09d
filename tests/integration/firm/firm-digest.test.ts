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

      const pat = await f.pg.as(PARTNER.user, PARTNER.password)
      const made = (
        await pat.query(`select item, origin from runway.changes where client_id = $1 and kind = 'digest'`, [
          f.realmId
        ])
      ).rows
      await pat.end()
      expect(made).toHaveLength(1)
      const [a, b] = await Promise.all(
        [f.a, f.b].map((d) =>
          call<DigestView>(d, 'digest.get', { companyId: d.companyId, weekEnd: made[0].item })
        )
      )
      expect(a!.companyId).toBe(f.a.companyId)
      expect(b!.companyId).toBe(f.b.companyId)
      expect({ ...b!, companyId: null }).toEqual({ ...a!, companyId: null })
      // And a desktop that has not run its job gets it stored by pulling.
      const c = await f.desktop()
      await call(c, 'firm.join', { url: f.pg.url, ...PARTNER })
      const stored = await eventually(async () => {
        const rows = await c.core.services.actions.ctx.cache.db
          .selectFrom('digests')
          .selectAll()
          .where('company_id', '=', c.companyId)
          .execute()
        expect(rows).toHaveLength(1)
        return rows[0]!
      })
      expect({ ...(JSON.parse(stored.digest_json) as DigestView), companyId: null }).toEqual({
        ...a!,
        companyId: null
      })
    }
  )
})
