// One runway: the days to the forecast's cash-zero date is the same figure in every channel — the
// company's runway, the client list, the digest, the tray, the console's bill rows, a scenario's base
// and the CLI — after every action that moves it. Sandbox data over HTTP, real SQLite, a fixed clock.

import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TRAY_ITEMS, trayView } from '../../../src/main/core/experiences/tray'
import type { PortfolioList, SyncSummary } from '../../../src/shared/contract'
import {
  runwayLabel,
  type BillRow,
  type DigestView,
  type PayResult,
  type RunwayView,
  type ScenarioView
} from '../../../src/shared/views'
import { world, type World } from '../../helpers/sandbox'
import { call } from '../../helpers/invoke'

const worlds: World[] = []
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close()
})

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> }
const BIN = resolve(pkg.bin['runway-cli']!)

/** The CLI on the same data folder, as of the same instant (the sandbox answers from this process). */
function cli<T>(w: World, channel: string, input: unknown): Promise<T> {
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [
        BIN,
        '--data-dir',
        w.dataDir,
        '--clock',
        w.clock.now().toISOString(),
        channel,
        ...(input === undefined ? [] : [JSON.stringify(input)])
      ],
      { encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? fail(new Error(stderr || error.message)) : done(JSON.parse(stdout) as T)
    )
  })
}

interface Seen {
  runwayDays: number | null
  status: string
}

/** The runway and status every channel shows for the company; fails unless they all agree. */
async function everyChannel(w: World, id: string): Promise<Seen & { view: RunwayView }> {
  const view = await call<RunwayView>(w, 'runway.get', { companyId: id })
  const { rows } = await call<PortfolioList>(w, 'portfolio.list')
  const row = rows.find((r) => r.companyId === id)!
  const digest = await call<DigestView>(w, 'digest.get', { companyId: id, weekEnd: view.asOf })
  const scenario = await call<ScenarioView>(w, 'scenarios.evaluate', { companyId: id, changes: [] })
  const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
  const tray = trayView(await call<PortfolioList>(w, 'portfolio.list', { limit: TRAY_ITEMS })).items.find(
    (i) => i.companyId === id
  )!
  const seen = { runwayDays: view.runwayDays, status: view.status }
  expect({ runwayDays: row.snapshot!.runwayDays, status: row.snapshot!.status }, 'client list').toEqual(seen)
  expect({ runwayDays: digest.headline.runwayDays, status: digest.headline.status }, 'digest').toEqual(seen)
  expect({ runwayDays: scenario.base.runwayDays, status: scenario.base.status }, 'scenario base').toEqual(
    seen
  )
  expect(new Set(bills.map((b) => b.impact.delayTodayDays)), 'bill rows').toEqual(new Set([view.runwayDays]))
  expect(tray.label, 'tray').toContain(runwayLabel(view.runwayDays, view.horizonDays))
  expect(tray.status, 'tray').toBe(view.status)
  return { ...seen, view }
}

describe('one runway in every channel', () => {
  it('after a reserve, a delay, a payment, a minimum and new bands, every channel says the same', async () => {
    const w = await world({ sandbox: { size: 'demo', seed: 7, today: '2026-11-26' } })
    worlds.push(w)
    // Brightline: the consultancy that lives month to month.
    const id = await w.connect(w.sandbox.info.realms[1]!.realmId)
    const [synced] = await call<SyncSummary[]>(w, 'sync.now', { companyId: id })
    expect(synced!.ok).toBe(true)
    const start = await everyChannel(w, id)
    expect(start.view.simpleRunwayDays).not.toBeNull()

    // An earmark large enough to bring the cash-zero date inside the 13 weeks.
    await call(w, 'reserves.set', { companyId: id, name: 'Tax', amountCents: start.view.cashCents - 500_000 })
    const reserved = await everyChannel(w, id)
    expect(reserved.runwayDays).not.toBeNull()
    expect(reserved.runwayDays!).toBeLessThan(start.view.horizonDays)

    // Delay the first bill the forecast pays before cash runs out: the dialog's preview (a
    // scenario) is the runway the channels show afterwards.
    const bills = await call<BillRow[]>(w, 'bills.list', { companyId: id })
    const zeroDay = reserved.view.cashZeroDate!
    const bill = bills
      .filter((b) => b.plannedDate <= zeroDay)
      .sort((a, b) => a.plannedDate.localeCompare(b.plannedDate))[0]!
    const to = bill.impact.delayTo
    const preview = await call<ScenarioView>(w, 'scenarios.evaluate', {
      companyId: id,
      changes: [{ kind: 'delay-bill', billId: bill.id, to }]
    })
    await call(w, 'bills.schedule', { companyId: id, billId: bill.id, payOn: to })
    const delayed = await everyChannel(w, id)
    expect(delayed.runwayDays).toBe(preview.scenario.runwayDays)
    expect(delayed.runwayDays).toBe(bill.impact.delayAfterDays)

    // Pay another bill: the toast's before and after are the channels' before and after.
    const other = (await call<BillRow[]>(w, 'bills.list', { companyId: id })).find((b) => b.id !== bill.id)!
    const bank = (await call<{ id: string; type: string }[]>(w, 'accounts.list', { companyId: id })).find(
      (a) => a.type === 'Bank'
    )!
    const paid = await call<PayResult>(w, 'bills.pay', {
      companyId: id,
      billIds: [other.id],
      bankAccountId: bank.id
    })
    const afterPaying = await everyChannel(w, id)
    expect(paid).toMatchObject({
      status: 'paid',
      runwayBefore: delayed.runwayDays,
      runwayAfter: afterPaying.runwayDays
    })
    const [audit] = await call<{ action: string; details: Record<string, unknown> }[]>(w, 'activity.list', {
      companyId: id
    })
    expect(audit).toMatchObject({
      action: 'bill.paid',
      details: { runwayBefore: delayed.runwayDays, runwayAfter: afterPaying.runwayDays }
    })

    // A minimum above what the forecast ever holds: the runway stays, the status goes critical
    // because cash is under the line today.
    await call(w, 'runway.setMinCash', { companyId: id, minCashCents: afterPaying.view.cashCents * 10 })
    const underMinimum = await everyChannel(w, id)
    expect(underMinimum.runwayDays).toBe(afterPaying.runwayDays)
    expect(underMinimum.view).toMatchObject({
      statusBasis: 'below-minimum',
      statusDays: 0,
      status: 'critical'
    })
    await call(w, 'runway.setMinCash', { companyId: id, minCashCents: 0 })

    // Bands are settings: with critical under 300 days, every channel calls it critical.
    await call(w, 'settings.set', { statusBands: { critical: 300, warning: 320, healthy: 340 } })
    const rebanded = await everyChannel(w, id)
    expect(rebanded).toMatchObject({ runwayDays: afterPaying.runwayDays, status: 'critical' })

    // The command line reads the same books and says the same.
    const fromCli = await cli<RunwayView>(w, 'runway.get', { companyId: id })
    expect({ runwayDays: fromCli.runwayDays, status: fromCli.status }).toEqual({
      runwayDays: rebanded.runwayDays,
      status: rebanded.status
    })
    const listed = await cli<PortfolioList>(w, 'portfolio.list', undefined)
    expect(listed.rows.find((r) => r.companyId === id)!.snapshot).toMatchObject({
      runwayDays: rebanded.runwayDays,
      status: rebanded.status
    })
  })

  it('refuses bands that do not rise', async () => {
    const w = await world()
    worlds.push(w)
    const result = await w.core.invoke('settings.set', {
      statusBands: { critical: 60, warning: 21, healthy: 120 }
    })
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } })
  })
})
