// Clients as a bookkeeper manages them, through the contract against the sandbox over HTTP: the
// firm's Intuit keys entered once, adding a client through the consent page, reconnecting,
// disconnecting (read-only), removing (audit trail kept or deleted), and the client list's columns.

import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type {
  CompanySummary,
  ConnectStart,
  IntuitKeysView,
  PortfolioList
} from '../../../src/shared/contract'
import type { BillRow, RunwayView } from '../../../src/shared/views'
import { addDays } from '../../../src/shared/dates'
import { call, failure } from '../../helpers/invoke'
import { billBody, tinyRealm, world, type World } from '../../helpers/sandbox'

let w: World | null = null
afterEach(async () => {
  await w?.close()
  w = null
})

const SECOND_REALM = '9341453000000002'

/** Two small companies; the first owes payroll this week, a bill already overdue and one later. */
async function twoRealms(): Promise<World> {
  const first = tinyRealm()
  const { expense, vendors } = (first as unknown as { ids: { expense: string; vendors: string[] } }).ids
  const created = await world({ realms: [first, tinyRealm(SECOND_REALM, 'Second Street Bakery')] })
  for (const [vendor, amount, due] of [
    [vendors[2]!, 4000, '2026-11-30'],
    [vendors[0]!, 800, '2026-11-20'],
    [vendors[1]!, 300, '2027-01-20']
  ] as const) {
    await created.control('POST', `/realms/${created.realmId}/mutate`, {
      operation: 'create',
      entity: 'Bill',
      record: billBody(vendor, expense, amount, due)
    })
  }
  return created
}

function keysFor(world: World, clientSecret = world.sandbox.info.oauth.clientSecret) {
  const { apiBaseUrl, oauth } = world.sandbox.info
  return {
    environment: 'custom',
    custom: {
      apiBaseUrl,
      authorizeUrl: oauth.authorizeUrl,
      tokenUrl: oauth.tokenUrl,
      revokeUrl: oauth.revokeUrl
    },
    clientId: oauth.clientId,
    clientSecret
  }
}

/**
 * What a person does on the consent page: open it, click the company's "Connect" link, and the
 * browser is sent back to the app's redirect address (returned here, as the host would catch it).
 */
async function consent(authorizeUrl: string, realmId: string): Promise<string> {
  const page = await fetch(authorizeUrl)
  expect(page.status).toBe(200)
  const html = await page.text()
  const href = new RegExp(`<a class="connect" data-realm-id="${realmId}" href="([^"]+)"`).exec(html)?.[1]
  expect(href, `the consent page offers realm ${realmId}`).toBeDefined()
  const back = await fetch(new URL(href!.replaceAll('&amp;', '&'), authorizeUrl), { redirect: 'manual' })
  expect(back.status).toBe(302)
  return back.headers.get('location')!
}

async function addClient(world: World, realmId: string): Promise<CompanySummary> {
  const started = await call<ConnectStart>(world, 'companies.add')
  return call<CompanySummary>(world, 'companies.completeConnect', {
    callbackUrl: await consent(started.authorizeUrl, realmId)
  })
}

describe("the firm's Intuit keys", () => {
  it('are entered once, kept sealed, never shown back, and every client added signs in with them', async () => {
    w = await twoRealms()
    const none = await call<IntuitKeysView>(w, 'intuitKeys.get')
    expect(none).toMatchObject({ configured: false, environment: null, clientIdEnd: null })
    expect(none.redirectUri).toBe('http://127.0.0.1:53682/qbo/callback')

    // Without keys, adding a client says where to enter them.
    const refused = await failure(w, 'companies.add')
    expect(refused).toMatchObject({ kind: 'validation', field: 'intuitKeys' })
    expect(refused.message).toMatch(/Intuit app keys/)
    // Keys are checked like any input: a blank secret names its field.
    expect(await failure(w, 'intuitKeys.set', { ...keysFor(w), clientSecret: '  ' })).toMatchObject({
      kind: 'validation',
      field: 'clientSecret'
    })

    const secret = 'firm-secret-that-must-not-leak'
    // The sandbox checks the secret at the token endpoint: set the real one after proving it is sealed.
    const view = await call<IntuitKeysView>(w, 'intuitKeys.set', keysFor(w, secret))
    expect(view).toMatchObject({
      configured: true,
      environment: 'custom',
      clientIdEnd: w.sandbox.info.oauth.clientId.slice(-4),
      apiBaseUrl: w.sandbox.info.apiBaseUrl
    })
    expect(JSON.stringify(view)).not.toContain(secret)
    expect(JSON.stringify(await call(w, 'settings.get'))).not.toContain(w.sandbox.info.oauth.clientId)
    for (const file of readdirSync(w.dataDir)) {
      const path = join(w.dataDir, file)
      // Files only: the folder's socket (owner.ts) has nothing to read.
      if (!file.includes('.') || !statSync(path).isFile()) continue
      expect(readFileSync(path).includes(secret), file).toBe(false)
    }

    await call(w, 'intuitKeys.set', keysFor(w))
    const first = await addClient(w, w.realmId)
    const second = await addClient(w, SECOND_REALM)
    expect([first.name, second.name]).toEqual(['Tiny Test Books LLC', 'Second Street Bakery'])
    expect([first.demo, second.demo]).toEqual([false, false])
    expect((await call<CompanySummary[]>(w, 'companies.list')).map((c) => c.status)).toEqual([
      'connected',
      'connected'
    ])

    // Cleared, they are gone; the clients already connected keep their own connection.
    expect(await call<IntuitKeysView>(w, 'intuitKeys.clear')).toMatchObject({ configured: false })
    expect(await failure(w, 'companies.add')).toMatchObject({ field: 'intuitKeys' })
    expect((await call<{ ok: boolean }[]>(w, 'sync.now')).map((s) => s.ok)).toEqual([true, true])
  })
})

describe('a client connection', () => {
  it('reconnects after QuickBooks revokes it: same company, same realm, cache kept', async () => {
    w = await twoRealms()
    await call(w, 'intuitKeys.set', keysFor(w))
    const company = await addClient(w, w.realmId)
    await call(w, 'sync.now', { companyId: company.id })
    const before = await call<RunwayView>(w, 'runway.get', { companyId: company.id })

    await w.control('POST', '/tokens/revoke', { realmId: w.realmId })
    await w.control('POST', '/tokens/expire')
    const [failed] = await call<{ ok: boolean }[]>(w, 'sync.now', { companyId: company.id })
    expect(failed!.ok).toBe(false)
    expect((await call<CompanySummary[]>(w, 'companies.list'))[0]!.status).toBe('needs-reconnect')
    // The books stay readable while it waits.
    expect(await call<RunwayView>(w, 'runway.get', { companyId: company.id })).toMatchObject({
      cashCents: before.cashCents
    })

    // Consent given for another company is refused, and the client stays as it was.
    const wrong = await call<ConnectStart>(w, 'companies.reconnect', { companyId: company.id })
    const refused = await failure(w, 'companies.completeConnect', {
      callbackUrl: await consent(wrong.authorizeUrl, SECOND_REALM)
    })
    expect(refused.message).toMatch(/another QuickBooks company/)
    expect(await call<CompanySummary[]>(w, 'companies.list')).toHaveLength(1)

    const again = await call<ConnectStart>(w, 'companies.reconnect', { companyId: company.id })
    const back = await call<CompanySummary>(w, 'companies.completeConnect', {
      callbackUrl: await consent(again.authorizeUrl, w.realmId)
    })
    expect(back).toMatchObject({ id: company.id, status: 'connected' })
    const [synced] = await call<{ ok: boolean }[]>(w, 'sync.now', { companyId: company.id })
    expect(synced!.ok).toBe(true)
  })

  it('disconnected, keeps its books read-only and refuses actions until reconnected', async () => {
    w = await twoRealms()
    await call(w, 'intuitKeys.set', keysFor(w))
    const company = await addClient(w, w.realmId)
    await call(w, 'sync.now', { companyId: company.id })
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: company.id })

    expect(await call<CompanySummary>(w, 'companies.disconnect', { companyId: company.id })).toMatchObject({
      status: 'disconnected'
    })
    const {
      rows: [row]
    } = await call<PortfolioList>(w, 'portfolio.list')
    expect(row).toMatchObject({ companyId: company.id, connection: 'disconnected' })
    expect(row!.snapshot?.cashCents).toBe(runway.cashCents)
    expect(await call<RunwayView>(w, 'runway.get', { companyId: company.id })).toMatchObject({
      cashCents: runway.cashCents
    })
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: company.id })
    expect(bills.length).toBeGreaterThan(0)

    const refusals = [
      await failure(w, 'bills.schedule', {
        companyId: company.id,
        billId: bills[0]!.id,
        payOn: addDays(runway.asOf, 10)
      }),
      await failure(w, 'reserves.set', { companyId: company.id, name: 'Tax', amountCents: 100 }),
      await failure(w, 'runway.setMinCash', { companyId: company.id, minCashCents: 100 }),
      await failure(w, 'bills.pay', { companyId: company.id, billIds: [bills[0]!.id], bankAccountId: '1' })
    ]
    for (const refusal of refusals) {
      expect(refusal.kind).toBe('auth')
      expect(refusal.message).toBe(
        'Tiny Test Books LLC is disconnected: its books are kept read-only. Reconnect it to pay, delay, chase or plan.'
      )
    }
    const [sync] = await call<{ ok: boolean }[]>(w, 'sync.now')
    expect(sync, 'sync all leaves a disconnected client alone').toBeUndefined()

    // The tokens went with the disconnect: reconnecting signs in with the firm's keys.
    const again = await call<ConnectStart>(w, 'companies.reconnect', { companyId: company.id })
    expect(
      await call<CompanySummary>(w, 'companies.completeConnect', {
        callbackUrl: await consent(again.authorizeUrl, w.realmId)
      })
    ).toMatchObject({ id: company.id, status: 'connected' })
    await call(w, 'runway.setMinCash', { companyId: company.id, minCashCents: 100 })

    // Without the firm's keys (and with none kept), there is nothing to sign in with: it says where.
    await call(w, 'companies.disconnect', { companyId: company.id })
    await call(w, 'intuitKeys.clear')
    expect(await failure(w, 'companies.reconnect', { companyId: company.id })).toMatchObject({
      field: 'intuitKeys'
    })
  })

  it('removed, its cached books go; its audit trail stays unless the user deletes that too', async () => {
    w = await twoRealms()
    await call(w, 'intuitKeys.set', keysFor(w))
    const kept = await addClient(w, w.realmId)
    const gone = await addClient(w, SECOND_REALM)
    for (const id of [kept.id, gone.id]) {
      await call(w, 'sync.now', { companyId: id })
      await call(w, 'runway.setMinCash', { companyId: id, minCashCents: 500 })
    }
    const cached = (id: string): number =>
      w!.core.services.actions.ctx.cache.sqlite
        .prepare('select count(*) from qbo_bills where company_id = ?')
        .pluck()
        .get(id) as number
    expect(cached(kept.id)).toBeGreaterThan(0)

    expect(await call(w, 'companies.remove', { companyId: kept.id })).toEqual({
      removed: true,
      activityDeleted: 0
    })
    expect(cached(kept.id)).toBe(0)
    const trail = await call<{ action: string }[]>(w, 'activity.list', { companyId: kept.id })
    expect(trail.map((e) => e.action)).toEqual([
      'company.removed',
      'company.disconnected',
      'runway.min-cash',
      'company.connected'
    ])

    // Removed while a sync is under way and Intuit cannot be reached to revoke the tokens (so the
    // sync's request still goes through): nothing that sync writes outlives the company.
    await w.control('POST', '/faults', {
      kind: 'latency',
      ms: 400,
      match: { realmId: SECOND_REALM, area: 'api' }
    })
    await w.control('POST', '/faults', { kind: 'error', status: 503, match: { path: 'revoke' } })
    await w.control('POST', `/realms/${SECOND_REALM}/mutate`, {
      operation: 'create',
      entity: 'Bill',
      // tinyRealm numbers its records alike: 4 is its first vendor, 3 its expense account.
      record: billBody('4', '3', 120)
    })
    const syncing = w.core.invoke('sync.now', { companyId: gone.id })
    const removed = await call<{ activityDeleted: number }>(w, 'companies.remove', {
      companyId: gone.id,
      deleteActivity: true
    })
    await syncing
    expect(removed.activityDeleted).toBeGreaterThanOrEqual(3)
    expect(cached(gone.id)).toBe(0)
    // Only the record of the removal is left, saying how much history went with it.
    expect(
      (await call<{ action: string }[]>(w, 'activity.list', { companyId: gone.id })).map((e) => e.action)
    ).toEqual(['company.removed'])
    const all = await call<{ action: string; details: Record<string, unknown> }[]>(w, 'activity.list')
    expect(all.filter((e) => e.action === 'company.removed').map((e) => e.details)).toEqual([
      expect.objectContaining({ companyId: gone.id, activityDeleted: removed.activityDeleted }),
      expect.objectContaining({ companyId: kept.id, activityDeleted: 0 })
    ])
    expect(await call(w, 'companies.list')).toEqual([])
    expect(await failure(w, 'companies.remove', { companyId: gone.id })).toMatchObject({ kind: 'not-found' })
  })
})

describe('the client list', () => {
  it("shows each client's lowest cash point and this week's must-pay bills, as the company screens have them", async () => {
    w = await twoRealms()
    await call(w, 'intuitKeys.set', keysFor(w))
    const company = await addClient(w, w.realmId)
    await call(w, 'sync.now', { companyId: company.id })
    const {
      rows: [row]
    } = await call<PortfolioList>(w, 'portfolio.list')
    const runway = await call<RunwayView>(w, 'runway.get', { companyId: company.id })
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: company.id })
    const lowest = Math.min(...runway.forecast.map((f) => f.lowestCashCents))
    const lowestWeek = runway.forecast.find((f) => f.lowestCashCents === lowest)!
    const weekEnd = addDays(runway.asOf, 6)
    const mustPay = bills.filter((b) => b.category === 'must-pay' && b.plannedDate <= weekEnd)
    expect(mustPay.length, 'the tiny books have a must-pay bill this week').toBeGreaterThan(0)
    expect(row).toMatchObject({ demo: false, stale: null })
    expect(row!.snapshot).toMatchObject({
      lowestCashCents: lowest,
      mustPayWeekCents: mustPay.reduce((sum, b) => sum + b.balanceCents, 0),
      mustPayWeekCount: mustPay.length
    })
    expect(row!.snapshot!.lowestCashDate >= lowestWeek.weekStart).toBe(true)
    expect(row!.snapshot!.lowestCashDate <= lowestWeek.weekEnd).toBe(true)
  })

  it('says which sync failed and why, row by row', async () => {
    w = await twoRealms()
    await call(w, 'intuitKeys.set', keysFor(w))
    const ok = await addClient(w, w.realmId)
    const broken = await addClient(w, SECOND_REALM)
    await call(w, 'sync.now')
    await w.control('POST', '/tokens/revoke', { realmId: SECOND_REALM })
    await w.control('POST', '/tokens/expire')
    const summaries = await call<{ companyId: string; ok: boolean }[]>(w, 'sync.now')
    expect(summaries.find((s) => s.companyId === ok.id)?.ok).toBe(true)
    expect(summaries.find((s) => s.companyId === broken.id)?.ok).toBe(false)
    const { rows } = await call<PortfolioList>(w, 'portfolio.list')
    expect(rows.find((r) => r.companyId === ok.id)?.stale).toBeNull()
    expect(rows.find((r) => r.companyId === broken.id)).toMatchObject({
      connection: 'needs-reconnect',
      stale: { reason: expect.stringMatching(/./) }
    })
  })
})
