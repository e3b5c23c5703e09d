// `npm run bench`: each case measured side by side in one run, printed as a ratio against its
// baseline (and `--json`: one line per case). Targets come from issue 7.

import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import QuickBooks from 'node-quickbooks'
import WebSocket from 'ws'
import { createCore, type Core } from '../../src/main/core'
import { SYNCED_ENTITIES, type EntityName } from '../../src/main/core/qbo/entities'
import { readConnection } from '../../src/main/core/qbo/oauth'
import { FileSecretStore } from '../../src/main/core/secrets/store'
import { CacheWriter } from '../../src/main/core/db/cache-writer'
import { mappingFor } from '../../src/main/core/db/cache-mapping'
import { startWebHost } from '../../src/main/core/web-host'
import type { SyncSummary } from '../../src/shared/contract'
import { connect } from '../helpers/connect'
import { measurePlan } from './plan-case'
import { startSandboxProcess } from './sandbox-process'
import { openDataFolder } from '../helpers/data-folder'
import { CACHE_FILE, USER_FILE } from '../../src/main/core/db/data-files'

const LATENCY_MS = 100
const json = process.argv.includes('--json')

interface Case {
  name: string
  value: number
  target: string
  ok: boolean
  detail: string
}
const results: Case[] = []

function report(name: string, value: number, target: string, ok: boolean, detail: string): void {
  const row: Case = { name, value: Math.round(value * 1000) / 1000, target, ok, detail }
  results.push(row)
  if (json) process.stdout.write(`${JSON.stringify(row)}\n`)
  else
    process.stdout.write(
      `${ok ? 'ok  ' : 'MISS'} ${name.padEnd(22)} ${String(row.value).padStart(8)}  (target ${target})  ${detail}\n`
    )
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'runway-bench-'))
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function time<T>(fn: () => T): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function syncNow(core: Core, companyId: string): Promise<SyncSummary> {
  const result = await core.invoke('sync.now', { companyId })
  if (!result.ok) throw new Error(result.error.message)
  const summary = (result.value as SyncSummary[])[0]!
  if (!summary.ok) throw new Error(summary.error?.message)
  return summary
}

/** node-quickbooks' fetchAll for every entity type we sync, as an app built on it would. */
async function peerFetchAll(
  info: Awaited<ReturnType<typeof startSandboxProcess>>['info'],
  accessToken: string
): Promise<number> {
  const qb = QuickBooks as unknown as { V3_ENDPOINT_BASE_URL: string } & (new (
    ...args: unknown[]
  ) => Record<string, (c: unknown, cb: (e: unknown, r: unknown) => void) => void>)
  qb.V3_ENDPOINT_BASE_URL = `${info.apiBaseUrl}/v3/company/`
  const client = new qb(
    info.oauth.clientId,
    info.oauth.clientSecret,
    accessToken,
    false,
    info.realms[0]!.realmId,
    false,
    false,
    75,
    '2.0',
    'unused'
  )
  const finders: Record<string, string> = {
    Account: 'findAccounts',
    Term: 'findTerms',
    Vendor: 'findVendors',
    Customer: 'findCustomers',
    Bill: 'findBills',
    BillPayment: 'findBillPayments',
    Invoice: 'findInvoices',
    Payment: 'findPayments',
    Purchase: 'findPurchases',
    Deposit: 'findDeposits',
    CreditMemo: 'findCreditMemos',
    VendorCredit: 'findVendorCredits'
  }
  let rows = 0
  for (const entity of SYNCED_ENTITIES) {
    const response = await new Promise<Record<string, unknown>>((resolve, reject) =>
      client[finders[entity]!]!({ fetchAll: true }, (err, data) =>
        err ? reject(new Error(JSON.stringify(err).slice(0, 300))) : resolve(data as Record<string, unknown>)
      )
    )
    rows += (((response.QueryResponse as Record<string, unknown[]>) ?? {})[entity] ?? []).length
  }
  return rows
}

async function main(): Promise<void> {
  process.stderr.write('starting the large sandbox (generates ~117k transactions)…\n')
  const sandbox = await startSandboxProcess([
    '--port',
    '0',
    '--size',
    'large',
    '--latency-ms',
    String(LATENCY_MS),
    '--seed',
    '1'
  ])
  const dirs: string[] = []
  try {
    const realmId = sandbox.info.realms[0]!.realmId
    const counts = (
      (await (await fetch(`${sandbox.url}/_sandbox/realms`)).json()) as {
        realms: { counts: Record<string, number> }[]
      }
    ).realms[0]!.counts
    const pages = SYNCED_ENTITIES.reduce((s, e) => s + Math.max(1, Math.ceil((counts[e] ?? 0) / 1000)), 0)
    const rows = SYNCED_ENTITIES.reduce((s, e) => s + (counts[e] ?? 0), 0)

    // 1. first sync against the floor
    const dataDir = tmp()
    dirs.push(dataDir)
    const core = await createCore({ dataDir, host: 'cli', jobs: false })
    const companyId = await connect(core, sandbox.info)
    process.stderr.write(`first sync of ${rows} rows in ${pages} pages…\n`)
    const sandboxCpuBefore = sandbox.cpuMs()
    const ownCpuBefore = process.cpuUsage()
    const first = await syncNow(core, companyId)
    const ownCpu = process.cpuUsage(ownCpuBefore)
    const sandboxCpu = sandboxCpuBefore === null ? null : sandbox.cpuMs()! - sandboxCpuBefore
    const floor = Math.ceil(pages / 10) * LATENCY_MS
    const cpu = `; CPU: ours ${Math.round((ownCpu.user + ownCpu.system) / 1000)} ms${sandboxCpu === null ? '' : `, the sandbox's ${Math.round(sandboxCpu)} ms`} on 2 cores`
    report(
      'full_sync_vs_floor',
      first.durationMs / floor,
      '≤ 1.5',
      first.durationMs / floor <= 1.5,
      `${first.durationMs} ms vs floor ${floor} ms (${pages} pages, ${first.requests} requests, ${first.written} rows${cpu})`
    )

    // 2. the same data through node-quickbooks' fetchAll
    const token = (await readConnection(FileSecretStore.forDataDir(dataDir), companyId))!.tokens.accessToken
    let peerRows = 0
    const peerMs = await timeAsync(async () => {
      peerRows = await peerFetchAll(sandbox.info, token)
    })
    report(
      'full_sync_vs_peer',
      first.durationMs / peerMs,
      '≤ 0.2',
      first.durationMs / peerMs <= 0.2,
      `${first.durationMs} ms vs node-quickbooks fetchAll ${Math.round(peerMs)} ms (${peerRows} rows)`
    )

    // 3. an incremental sync after 50 scattered changes
    const bills = (
      (await (
        await fetch(`${sandbox.url}/_sandbox/realms/${realmId}/entities/Bill?limit=100000`)
      ).json()) as { records: { Id: string }[] }
    ).records
    for (let i = 0; i < 50; i++) {
      const bill = bills[Math.floor((i * 7919) % bills.length)]!
      await fetch(`${sandbox.url}/_sandbox/realms/${realmId}/mutate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          operation: 'update',
          entity: 'Bill',
          record: { Id: bill.Id, PrivateNote: `bench change ${i}` },
          sparse: true
        })
      })
    }
    const incremental = await syncNow(core, companyId)
    report(
      'incremental_requests',
      incremental.requests,
      '= 1',
      incremental.requests === 1,
      `${incremental.requests} request(s), ${incremental.written} rows written`
    )

    // 4. runway + forecast against a plain scan of the open items
    const { company } = core.services
    const sqlite = openDataFolder(dataDir, { readonly: true })
    const scan = (): void => {
      sqlite.prepare('select * from qbo_bills where company_id = ? and balance_cents > 0').all(companyId)
      sqlite.prepare('select * from qbo_invoices where company_id = ? and balance_cents > 0').all(companyId)
    }
    const runwayTimes: number[] = []
    const scanTimes: number[] = []
    for (let i = 0; i < 15; i++) {
      scanTimes.push(time(scan))
      runwayTimes.push(
        time(() => {
          core.services.actions.changed(companyId) // drop the prepared runway: measure a cold one
          company.runway(companyId)
        })
      )
    }
    sqlite.close()
    report(
      'runway_vs_scan',
      median(runwayTimes) / median(scanTimes),
      '≤ 3',
      median(runwayTimes) / median(scanTimes) <= 3,
      `${median(runwayTimes).toFixed(1)} ms vs ${median(scanTimes).toFixed(1)} ms`
    )

    // 4b. the payment plan re-proposed on the prepared forecast against a scan of the open bills
    const plan = await measurePlan(core, companyId, join(dataDir, 'runway.sqlite'))
    report(
      'plan_vs_scan',
      plan.liveMs / plan.scanMs,
      '≤ 1',
      plan.liveMs / plan.scanMs <= 1,
      `${plan.liveMs.toFixed(1)} ms to re-propose for ${plan.bills} open bills (${plan.deferred} past the horizon at the strictest minimum) vs ${plan.scanMs.toFixed(1)} ms to read their rows; with the forecast prepared first ${plan.coldMs.toFixed(0)} ms vs ${plan.runwayMs.toFixed(0)} ms for runway.get`
    )

    // 5. the client list for 50 companies against 1
    const portfolioDir = (n: number): string => {
      const dir = tmp()
      dirs.push(dir)
      const db = openDataFolder(dataDir, { readonly: true })
      db.prepare(`vacuum main into ?`).run(join(dir, USER_FILE))
      db.prepare(`vacuum cache into ?`).run(join(dir, CACHE_FILE))
      db.close()
      const copy = openDataFolder(dir)
      const company = copy.prepare('select * from companies where id = ?').get(companyId) as Record<
        string,
        unknown
      >
      const snapshot = copy
        .prepare('select * from runway_snapshots where company_id = ? order by taken_at desc limit 1')
        .get(companyId) as Record<string, unknown>
      const insertCompany = copy.prepare(
        `insert into companies (id, name, realm_id, environment, status, endpoints_json, created_at, last_sync_at, api_base_url)
         values (@id, @name, @realm_id, @environment, @status, @endpoints_json, @created_at, @last_sync_at, @api_base_url)`
      )
      const latest = copy
        .prepare('select * from portfolio_rows where company_id = ?')
        .get(companyId) as Record<string, unknown>
      const insertLatest = copy.prepare(
        `insert into portfolio_rows (company_id, taken_at, as_of, status, runway_days, status_days, horizon_days, cash_zero_date, cash_cents, overdue_ar_cents, ap_cents, week_change_days)
         values (@company_id, @taken_at, @as_of, @status, @runway_days, @status_days, @horizon_days, @cash_zero_date, @cash_cents, @overdue_ar_cents, @ap_cents, @week_change_days)`
      )
      const insertSnapshot = copy.prepare(
        `insert into runway_snapshots (company_id, taken_at, as_of, status, runway_days, status_days, horizon_days, cash_zero_date, cash_cents, overdue_ar_cents, ap_cents)
         values (@company_id, @taken_at, @as_of, @status, @runway_days, @status_days, @horizon_days, @cash_zero_date, @cash_cents, @overdue_ar_cents, @ap_cents)`
      )
      copy.transaction(() => {
        for (let i = 1; i < n; i++) {
          insertCompany.run({ ...company, id: `bench-${i}`, name: `Client ${i}`, realm_id: `9${i}` })
          insertLatest.run({ ...latest, company_id: `bench-${i}` })
          for (let d = 0; d < 8; d++) {
            insertSnapshot.run({
              ...snapshot,
              company_id: `bench-${i}`,
              taken_at: new Date(Date.now() - d * 86_400_000).toISOString()
            })
          }
        }
      })()
      copy.close()
      return dir
    }
    // Timed as a window gets it: a call through the web host's socket, answer parsed.
    const listTime = async (dir: string): Promise<number> => {
      const c = await createCore({ dataDir: dir, host: 'web', jobs: false })
      const renderer = tmp()
      dirs.push(renderer)
      writeFileSync(
        join(renderer, 'index.html'),
        '<html><head><script type="module" src="x.js"></script></head></html>'
      )
      const host = await startWebHost({ core: c, rendererDir: renderer })
      const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/rpc?token=${host.token}`, {
        origin: host.origin
      })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      let id = 0
      const roundTrip = (): Promise<number> =>
        new Promise((resolve) => {
          const mine = ++id
          const t = performance.now()
          const onMessage = (data: WebSocket.RawData): void => {
            const message = JSON.parse(String(data)) as { id: number; result: { ok: boolean } }
            if (message.id !== mine) return
            ws.off('message', onMessage)
            if (!message.result.ok) throw new Error('portfolio.list failed')
            resolve(performance.now() - t)
          }
          ws.on('message', onMessage)
          ws.send(JSON.stringify({ id: mine, channel: 'portfolio.list' }))
        })
      for (let i = 0; i < 10; i++) await roundTrip()
      const times: number[] = []
      for (let i = 0; i < 50; i++) times.push(await roundTrip())
      ws.close()
      await host.close()
      await c.stop()
      return median(times)
    }
    const one = await listTime(portfolioDir(1))
    const fifty = await listTime(portfolioDir(50))
    report(
      'portfolio_50',
      fifty / one,
      '≤ 2',
      fifty / one <= 2,
      `${fifty.toFixed(2)} ms for 50 vs ${one.toFixed(2)} ms for 1, through the web host`
    )

    // 6. start-up with the large company cached against an empty cache
    await core.stop()
    const startup = async (dir: string): Promise<number> =>
      timeAsync(async () => {
        const c = await createCore({ dataDir: dir, host: 'web', jobs: false })
        await c.start()
        await c.invoke('portfolio.list', undefined)
        await c.stop()
      })
    const emptyDir = tmp()
    dirs.push(emptyDir)
    const cold: number[] = []
    const warm: number[] = []
    for (let i = 0; i < 7; i++) {
      cold.push(await startup(emptyDir))
      warm.push(await startup(dataDir))
    }
    report(
      'startup_vs_empty',
      median(warm) / median(cold),
      '≤ 1.5',
      median(warm) / median(cold) <= 1.5,
      `${median(warm).toFixed(1)} ms vs ${median(cold).toFixed(1)} ms`
    )

    // 7. peak memory during the large first sync against an idle core (own process)
    const rssDir = tmp()
    dirs.push(rssDir)
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'tests/bench/rss-child.ts', rssDir, JSON.stringify(sandbox.info)],
      { encoding: 'utf8', timeout: 600_000 }
    )
    if (child.status !== 0) throw new Error(`rss child failed: ${child.stderr}`)
    const { idle, peak } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      idle: number
      peak: number
    }
    report(
      'rss_sync_vs_idle',
      peak / idle,
      '≤ 2',
      peak / idle <= 2,
      `peak ${(peak / 2 ** 20).toFixed(0)} MiB vs idle ${(idle / 2 ** 20).toFixed(0)} MiB`
    )

    // 8. cache writes against raw prepared inserts of the same values
    const source = openDataFolder(dataDir, { readonly: true })
    const records = (
      source.prepare('select raw_json from qbo_bills limit 20000').pluck().all() as string[]
    ).map((r) => JSON.parse(r) as Record<string, unknown>)
    source.close()
    const writeDir = tmp()
    dirs.push(writeDir)
    const writeCore = await createCore({ dataDir: writeDir, host: 'cli', jobs: false })
    await writeCore.stop()
    const db = openDataFolder(writeDir)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.prepare(
      `insert into companies (id, name, realm_id, environment, status, created_at) values ('w', 'w', '1', 'custom', 'connected', 'x')`
    ).run()
    const mapping = mappingFor('Bill' as EntityName)
    db.exec(`create table raw_bills as select * from qbo_bills where 0`)
    const cols = [
      'company_id',
      'qbo_id',
      'sync_token',
      'updated_at',
      'sync_run',
      'raw_json',
      ...mapping.columns
    ]
    const rawInsert = db.prepare(
      `insert into raw_bills (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`
    )
    const prepared = records.map((r) => ({
      company_id: 'w',
      qbo_id: r.Id as string,
      sync_token: String(r.SyncToken),
      updated_at: null,
      sync_run: 1,
      raw_json: JSON.stringify(r),
      ...mapping.row(r)
    }))
    const writer = new CacheWriter(db)
    const ours: number[] = []
    const raw: number[] = []
    for (let i = 0; i < 3; i++) {
      db.exec(`delete from qbo_bills; delete from raw_bills`)
      ours.push(time(() => writer.transaction(() => writer.upsert('w', 'Bill', records, 1))))
      raw.push(
        time(() =>
          db.transaction(() => {
            for (const p of prepared) rawInsert.run(p)
          })()
        )
      )
    }
    db.close()
    const ratio = median(raw) / median(ours)
    report(
      'upsert_vs_raw',
      ratio,
      '≥ 0.5',
      ratio >= 0.5,
      `${Math.round(records.length / (median(ours) / 1000))} rows/s vs raw ${Math.round(records.length / (median(raw) / 1000))} rows/s`
    )
  } finally {
    await sandbox.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  }
  const missed = results.filter((r) => !r.ok).length
  if (!json)
    process.stdout.write(`\nbench: ${results.length - missed} of ${results.length} cases on target\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
