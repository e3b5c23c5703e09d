import { afterEach, describe, expect, it } from 'vitest'
import { digestWeekEnd } from '../../../src/main/core/today'
import type { PortfolioList } from '../../../src/shared/contract'
import type { DigestView } from '../../../src/shared/views'
import { world, type World } from '../../helpers/sandbox'
import { openDataFolder } from '../../helpers/data-folder'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

describe('the weekly digest', () => {
  it('ends its week on the chosen weekday', () => {
    // 2026-11-26 is a Thursday.
    expect(digestWeekEnd('2026-11-26', 4)).toBe('2026-11-26')
    expect(digestWeekEnd('2026-11-26', 5)).toBe('2026-11-20')
    expect(digestWeekEnd('2026-11-26', 0)).toBe('2026-11-22')
    expect(digestWeekEnd('2026-11-27', 5)).toBe('2026-11-27')
  })

  it('is made once per week by the job, catches up a missed week, and says what moved the runway', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const realmId = w.sandbox.info.realms[2]!.realmId
    const id = await w.connect(realmId)
    const ready: unknown[] = []
    w.core.subscribe((event, payload) => event === 'digest.ready' && ready.push(payload))
    await w.core.invoke('settings.set', { digestWeekday: 4 })
    await w.core.services.jobs.tick() // syncs (never synced), then makes this week's digest
    expect(ready).toEqual([{ companyId: id, weekEnd: '2026-11-26' }])
    await w.core.services.jobs.tick()
    expect(ready).toHaveLength(1)

    // A week later, with new bills entered in QBO: the next digest explains the drop.
    w.clock.set('2026-12-03T15:00:00Z')
    const vendor = (
      await w.control<{ records: { Id: string }[] }>('GET', `/realms/${realmId}/entities/Vendor?limit=1`)
    ).records[0]!.Id
    const expense = (
      await w.control<{ records: { Id: string; AccountType: string }[] }>(
        'GET',
        `/realms/${realmId}/entities/Account?limit=100`
      )
    ).records.find((a) => a.AccountType === 'Expense')!.Id
    for (let i = 0; i < 3; i++) {
      await w.control('POST', `/realms/${realmId}/mutate`, {
        operation: 'create',
        entity: 'Bill',
        record: {
          VendorRef: { value: vendor },
          TxnDate: '2026-12-01',
          DueDate: '2026-12-05',
          Line: [
            {
              DetailType: 'AccountBasedExpenseLineDetail',
              Amount: 5000,
              AccountBasedExpenseLineDetail: { AccountRef: { value: expense } }
            }
          ]
        }
      })
    }
    await w.core.invoke('sync.now', { companyId: id })
    await w.core.services.jobs.tick()
    expect(ready).toContainEqual({ companyId: id, weekEnd: '2026-12-03' })
    const digest = (await w.core.invoke('digest.get', { companyId: id })) as { ok: true; value: DigestView }
    expect(digest.value).toMatchObject({
      weekStart: '2026-11-27',
      weekEnd: '2026-12-03',
      week: { newBills: { count: 3, totalCents: 1_500_000 } }
    })
    expect(digest.value.headline.cashChangeCents).not.toBeNull()
    expect(digest.value.mustPay.length).toBeGreaterThan(0)
    const older = (await w.core.invoke('digest.get', { companyId: id, weekEnd: '2026-11-26' })) as {
      ok: true
      value: DigestView
    }
    expect(older.value.weekEnd).toBe('2026-11-26')

    const db = openDataFolder(w.dataDir, { readonly: true })
    expect(
      db.prepare('select week_end from digests where company_id = ? order by week_end').pluck().all(id)
    ).toEqual(['2026-11-26', '2026-12-03'])
    const runs = db.prepare(`select outcome from job_runs where job = 'digests'`).pluck().all()
    db.close()
    expect(runs.every((o) => o === 'ok')).toBe(true)
  })

  it("a sync's catch-up makes its own company's missing digest, the hourly pass the others'", async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const [a, b] = [
      await w.connect(w.sandbox.info.realms[1]!.realmId),
      await w.connect(w.sandbox.info.realms[2]!.realmId)
    ]
    await w.core.invoke('settings.set', { digestWeekday: 4 })
    // B's books arrive on the Wednesday: no week of its has ended yet.
    w.clock.set('2026-11-25T15:00:00Z')
    await w.core.invoke('sync.now', { companyId: b })
    w.clock.set('2026-11-26T15:00:00Z')
    const ready: unknown[] = []
    w.core.subscribe((event, payload) => event === 'digest.ready' && ready.push(payload))
    // A's sync on the Thursday makes A's week at once; B's waits for the hourly pass. Each of a
    // firm's hundreds of syncs used to look at every company's digests.
    await w.core.invoke('sync.now', { companyId: a })
    expect(ready).toEqual([{ companyId: a, weekEnd: '2026-11-26' }])
    const db = openDataFolder(w.dataDir, { readonly: true })
    expect(db.prepare(`select company_id from job_runs where job = 'digests'`).pluck().all()).toContain(a)
    db.close()
    await w.core.services.jobs.tick()
    expect(ready).toContainEqual({ companyId: b, weekEnd: '2026-11-26' })
  })

  it('states a runway change in words when a snapshot a week older exists', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    const id = await w.connect(w.sandbox.info.realms[1]!.realmId)
    await w.core.invoke('sync.now', { companyId: id })
    // Money held back for payroll brings the cash-zero date inside the 13 weeks; a week later more
    // is set aside: available cash and runway fall.
    await w.core.invoke('reserves.set', { companyId: id, name: 'Payroll', amountCents: 500_000 })
    w.clock.set('2026-12-04T15:00:00Z')
    await w.core.invoke('reserves.set', { companyId: id, name: 'Tax', amountCents: 1_500_000 })
    const digest = (await w.core.invoke('digest.get', { companyId: id, weekEnd: '2026-12-04' })) as {
      ok: true
      value: DigestView
    }
    expect(digest.value.headline.changeDays).toBeLessThan(0)
    expect(digest.value.variance[0]).toMatch(/^Runway dropped \d+ days?/)
    expect(digest.value.decisions).toEqual([
      expect.objectContaining({
        action: 'reserve.set',
        summary: expect.stringMatching(/^Earmarked \$15,000\.00 for Tax \(runway \d+ days → \d+ days\)$/)
      })
    ])
    // The client list shows the same week-over-week change.
    const rows = (await w.core.invoke('portfolio.list', undefined)) as { ok: true; value: PortfolioList }
    expect(rows.value.rows[0]!.snapshot!.weekChangeDays).toBe(digest.value.headline.changeDays)
  })
})
