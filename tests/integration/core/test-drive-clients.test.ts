// Leaving and restarting the test drive beside a real client: the demo companies are marked, go
// together, and never take a real client (or its history) with them.

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { startSandbox, type Sandbox } from '@runway/qbo-sandbox'
import { createCore, type Core } from '../../../src/main/core'
import type { CompanySummary, ConnectStart, PortfolioList } from '../../../src/shared/contract'
import { fixedClock } from '../../../src/shared/dates'
import type { ReserveView } from '../../../src/shared/views'
import { call, failure } from '../../helpers/invoke'
import { START, tinyRealm } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'

const cleanup: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done()
})

async function consent(authorizeUrl: string, realmId: string): Promise<string> {
  const html = await (await fetch(authorizeUrl)).text()
  const href = new RegExp(`data-realm-id="${realmId}" href="([^"]+)"`).exec(html)![1]!
  const back = await fetch(new URL(href.replaceAll('&amp;', '&'), authorizeUrl), { redirect: 'manual' })
  return back.headers.get('location')!
}

describe('leaving and restarting the test drive', () => {
  it('removes only the demo companies, their books and their history', { timeout: 120_000 }, async () => {
    const clock = fixedClock(START)
    const tmp = tempDir()
    cleanup.push(() => tmp.cleanup())
    const sandbox: Sandbox = await startSandbox({
      clock: () => clock.now().getTime(),
      realms: [tinyRealm('9341453000000007', 'Harbor Street Dental')]
    })
    cleanup.push(() => sandbox.close())
    const core: Core = await createCore({
      dataDir: tmp.dir,
      host: 'web',
      jobs: false,
      clock,
      testDrive: startTestDriveSandbox
    })
    cleanup.push(() => core.stop())
    await core.start()
    const w = { core }

    const demo = await call<CompanySummary[]>(w, 'testDrive.start')
    expect(demo.map((c) => c.demo)).toEqual([true, true, true])
    const { apiBaseUrl, oauth } = sandbox.info
    await call(w, 'intuitKeys.set', {
      environment: 'custom',
      custom: {
        apiBaseUrl,
        authorizeUrl: oauth.authorizeUrl,
        tokenUrl: oauth.tokenUrl,
        revokeUrl: oauth.revokeUrl
      },
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret
    })
    const started = await call<ConnectStart>(w, 'companies.add')
    const real = await call<CompanySummary>(w, 'companies.completeConnect', {
      callbackUrl: await consent(started.authorizeUrl, '9341453000000007')
    })
    await call(w, 'sync.now', { companyId: real.id })
    expect(real.demo).toBe(false)
    const { rows } = await call<PortfolioList>(w, 'portfolio.list')
    expect(
      rows
        .filter((r) => r.demo)
        .map((r) => r.companyId)
        .sort()
    ).toEqual(demo.map((c) => c.id).sort())
    expect(rows.find((r) => r.companyId === real.id)).toMatchObject({ demo: false })

    // A demo company signs in again through the demo sandbox's consent page.
    const redwood = demo.find((c) => c.name.startsWith('Redwood'))!
    await call(w, 'companies.disconnect', { companyId: redwood.id })
    const again = await call<ConnectStart>(w, 'companies.reconnect', { companyId: redwood.id })
    expect(
      await call<CompanySummary>(w, 'companies.completeConnect', {
        callbackUrl: await consent(again.authorizeUrl, redwood.realmId)
      })
    ).toMatchObject({ id: redwood.id, status: 'connected', demo: true })

    // Restarting: fresh demo companies, the decisions made on the old ones gone, the real one kept.
    await call<ReserveView[]>(w, 'reserves.set', { companyId: redwood.id, name: 'Tax', amountCents: 10_000 })
    await call(w, 'runway.setMinCash', { companyId: real.id, minCashCents: 2_500 })
    const reset = await call<CompanySummary[]>(w, 'testDrive.reset')
    expect(reset.map((c) => c.name).sort()).toEqual(demo.map((c) => c.name).sort())
    expect(reset.map((c) => c.id)).not.toContain(redwood.id)
    const newRedwood = reset.find((c) => c.name.startsWith('Redwood'))!
    expect(await call<ReserveView[]>(w, 'reserves.list', { companyId: newRedwood.id })).toEqual([])
    expect(await failure(w, 'runway.get', { companyId: redwood.id })).toMatchObject({ kind: 'not-found' })
    expect((await call<CompanySummary[]>(w, 'companies.list')).map((c) => c.id)).toContain(real.id)

    // Leaving: only the real client remains, with its history; the demo sandbox's state goes too.
    const ended = await call<{ removed: string[] }>(w, 'testDrive.end')
    expect(ended.removed.sort()).toEqual(reset.map((c) => c.id).sort())
    expect(await call<CompanySummary[]>(w, 'companies.list')).toEqual([
      expect.objectContaining({ id: real.id, demo: false, status: 'connected' })
    ])
    expect((await call<PortfolioList>(w, 'portfolio.list')).rows.map((r) => r.companyId)).toEqual([real.id])
    expect(existsSync(join(tmp.dir, 'test-drive'))).toBe(false)
    const history = await call<{ action: string }[]>(w, 'activity.list', { companyId: real.id })
    expect(history.map((e) => e.action)).toEqual(['runway.min-cash', 'company.connected'])
    const demoHistory = await call<{ action: string }[]>(w, 'activity.list', { companyId: newRedwood.id })
    expect(demoHistory.map((e) => e.action)).toEqual(['test-drive.company-removed'])
    expect(await call(w, 'testDrive.end')).toEqual({ removed: [] })
    const [synced] = await call<{ ok: boolean }[]>(w, 'sync.now')
    expect(synced).toMatchObject({ ok: true })
  })
})
