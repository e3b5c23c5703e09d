// Two desktops of one firm: two app cores, each with its own data folder, connected to the same
// client company of one QBO sandbox, and a real PostgreSQL as the firm's server.

import { connect as connectTcp, createServer, type Socket } from 'node:net'
import { createCore, type Core } from '../../src/main/core'
import type { SyncSummary } from '../../src/shared/contract'
import type { BillRow, ReserveView, RunwayView } from '../../src/shared/views'
import { connect as connectTo } from './connect'
import { call } from './invoke'
import { startPostgres, type Postgres } from './postgres'
import { world, type World } from './sandbox'
import { tempDir } from './temp'

export const PARTNER = { user: 'pat', password: 'pat-secret' }
export const BOOKKEEPER = { user: 'bob', password: 'bob-secret' }

export interface Desktop {
  core: Core
  dataDir: string
  companyId: string
}

export interface Firm {
  pg: Postgres
  w: World
  a: Desktop
  b: Desktop
  realmId: string
  /**
   * A third data folder on the same clock and sandbox (another person's desktop), connected to the
   * client company unless `connect` is false (then `attach` connects it later).
   */
  desktop(dataDir?: string, connect?: boolean): Promise<Desktop>
  /** Connects a desktop to the client company and syncs it: its company id. */
  attach(core: Core): Promise<string>
  close(): Promise<void>
}

// Reconnects quickly; no poll within a test, so what arrives came by NOTIFY or by a reconnect.
const FIRM_TUNING = { retryMs: 100, pollMs: 600_000 }

/** Desktop A (the partner's) and B, both connected to one demo company (the one in trouble), synced. */
export async function twoDesktops(realmIndex = 2, options: { tls?: boolean } = {}): Promise<Firm> {
  const pg = await startPostgres(PARTNER, options)
  await pg.admin(
    `create role ${BOOKKEEPER.user} login password '${BOOKKEEPER.password}' in role runway_bookkeeper`
  )
  const w = await world({
    sandbox: { size: 'demo', seed: 7, today: '2026-11-26' },
    core: { firm: FIRM_TUNING }
  })
  const realmId = w.sandbox.info.realms[realmIndex]!.realmId
  const extra: { core: Core; cleanup(): void }[] = []
  const attach = async (core: Core): Promise<string> => {
    const companyId = await connectTo(core, w.sandbox.info, realmId, 'http://127.0.0.1:53682/qbo/callback')
    const [summary] = await call<SyncSummary[]>({ core }, 'sync.now', { companyId })
    if (!summary?.ok) throw new Error(`the sync failed: ${JSON.stringify(summary)}`)
    return companyId
  }
  const desktop = async (dataDir?: string, connect = true): Promise<Desktop> => {
    const tmp = dataDir ? null : tempDir()
    const core = await createCore({
      dataDir: dataDir ?? tmp!.dir,
      host: 'cli',
      clock: w.clock,
      qbo: { backoffBaseMs: 20, throttleWaitMs: 50 },
      firm: FIRM_TUNING
    })
    extra.push({ core, cleanup: () => tmp?.cleanup() })
    await core.start()
    const existing = (await call<{ id: string; realmId: string }[]>({ core }, 'companies.list')).find(
      (c) => c.realmId === realmId
    )
    const companyId = existing?.id ?? (connect ? await attach(core) : '')
    return { core, dataDir: dataDir ?? tmp!.dir, companyId }
  }
  const idA = await w.connect(realmId)
  const [synced] = await call<SyncSummary[]>(w, 'sync.now', { companyId: idA })
  if (!synced?.ok) throw new Error('the sync failed')
  const a: Desktop = { core: w.core, dataDir: w.dataDir, companyId: idA }
  const b = await desktop()
  return {
    pg,
    w,
    a,
    b,
    realmId,
    desktop,
    attach,
    close: async () => {
      for (const d of extra.splice(0)) {
        await d.core.stop()
        d.cleanup()
      }
      await w.close()
      pg.close()
    }
  }
}

/** Polls until `check` holds (or throws its last failure after `ms`: generous, since a loaded CI machine delays NOTIFY and pulls by seconds; this bounds a hang, it does not time replication). */
export async function eventually<T>(check: () => Promise<T>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > until) throw error
      await new Promise((r) => setTimeout(r, 20))
    }
  }
}

/** A loopback TCP relay to the server that a test can cut (a desktop going offline) and restore. */
export async function relay(
  port: number
): Promise<{ url: string; cut(): void; restore(): void; close(): void }> {
  const sockets = new Set<Socket>()
  let open = true
  const server = createServer((inbound) => {
    if (!open) return void inbound.destroy()
    const outbound = connectTcp(port, '127.0.0.1')
    sockets.add(inbound).add(outbound)
    inbound.pipe(outbound).pipe(inbound)
    const drop = (): void => {
      inbound.destroy()
      outbound.destroy()
      sockets.delete(inbound)
      sockets.delete(outbound)
    }
    inbound.on('error', drop).on('close', drop)
    outbound.on('error', drop).on('close', drop)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const own = (server.address() as { port: number }).port
  return {
    url: `postgres://127.0.0.1:${own}/runway`,
    cut: () => {
      open = false
      for (const s of sockets) s.destroy()
      sockets.clear()
    },
    restore: () => {
      open = true
    },
    close: () => {
      for (const s of sockets) s.destroy()
      server.close()
    }
  }
}

/** Bills of the company still open and not due yet: ones a person would plan. */
export async function plannable(d: Desktop): Promise<BillRow[]> {
  return (await call<BillRow[]>(d, 'bills.list', { companyId: d.companyId })).filter(
    (b) => b.daysUntilDue > 0
  )
}

/**
 * What desktops must agree on: every bill's plan, the reserves, the critical vendors, the minimum,
 * the verdicts on recurring outflows.
 */
export async function decisions(d: Desktop): Promise<unknown> {
  const bills = await call<BillRow[]>(d, 'bills.list', { companyId: d.companyId })
  const runway = await call<RunwayView>(d, 'runway.get', { companyId: d.companyId })
  return {
    schedules: Object.fromEntries(bills.map((b) => [b.id, b.scheduledPayOn])),
    critical: [...new Set(bills.filter((b) => b.criticalVendor).map((b) => b.vendorId))].sort(),
    reserves: (await call<ReserveView[]>(d, 'reserves.list', { companyId: d.companyId })).map((r) => ({
      name: r.name,
      amountCents: r.amountCents,
      until: r.until
    })),
    minCash: runway.minCashCents,
    recurring: Object.fromEntries(
      runway.recurring.filter((r) => r.decision !== null).map((r) => [r.key, r.decision])
    )
  }
}
