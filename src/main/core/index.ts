// createCore: the app without a face. Electron, the web host and the CLI all host what this returns.

import type { EventName } from '../../shared/contract'
import { systemClock, type Clock } from '../../shared/dates'
import { companyToday } from './today'
import type { Result } from '../../shared/errors'
import type { ActionDeps } from './actions/deps'
import { InFlight } from './actions/in-flight'
import { replayOutbox } from './actions/outbox-replay'
import { PlanService } from './actions/plan'
import { createHandlers, invoke, type Handlers, type Services } from './api'
import { QboConnections, type QboTuning } from './companies/connections'
import { IntuitKeysStore } from './companies/intuit-keys'
import { CompaniesService, DEFAULT_REDIRECT_URI } from './companies/service'
import type { CoreConfig, CoreContext } from './context'
import { openCache } from './db/connect'
import { DataGuard } from './data-guard'
import { EventBus } from './events'
import { Hooks } from './hooks'
import { SettingsService } from './settings'
import { listActivity } from './db/activity'
import { CompanyExperience } from './experiences/company'
import { DigestExperience } from './experiences/digest'
import { PortfolioExperience, portfolioExtras } from './experiences/portfolio'
import { TestDrive, type StartTestDriveSandbox } from './experiences/test-drive'
import { JobScheduler } from './jobs/scheduler'
import { DigestMailer } from './email/mailer'
import { chromiumPrinter, type PdfPrinter } from './reports/pdf'
import { DigestReports } from './reports/service'
import { readSettings } from './db/settings'
import { BooksReader } from './db/books-reader'
import { keepConsistentBooks, unfinishedRead } from './db/consistency'
import { keepLedger } from './db/digests'
import { ledgerOf } from './runway/variance'
import { PortfolioRows, Snapshots } from './db/snapshots'
import { FileSecretStore, type SecretStore } from './secrets/store'
import { SyncCoordinator } from './sync'
import { Outbox } from './actions/outbox'
import { FirmService, type FirmTuning } from './firm/service'
import { logsDir } from './log'
import { mkdir } from 'node:fs/promises'
import { mkdirSync } from 'node:fs'
import { lockDataFolder } from './db/folder-lock'
import { clearOwner, FolderInUseError, readOwner, serveFolder, writeOwner } from './owner'

export interface CoreOptions {
  dataDir: string
  host: CoreConfig['host']
  clock?: Clock
  appVersion?: string
  nativeBinding?: string
  /** Where tokens are sealed: Electron's safeStorage in the app, an encrypted file elsewhere. */
  secrets?: SecretStore
  /** Limits and timings of the QBO HTTP layer (tests shorten them). */
  qbo?: QboTuning
  /** Background jobs run while an app is open; a one-shot CLI call leaves them off. */
  jobs?: boolean
  /**
   * Starts the local QBO behind the test drive: the hosts pass the sandbox package's test-drive
   * entry (the core never imports the sandbox). Without it, the test drive is off.
   */
  testDrive?: StartTestDriveSandbox
  /** Timings of firm mode's reconnects and polls (tests shorten them). */
  firm?: FirmTuning
  /**
   * Where the host catches the browser's return from Intuit's consent page: the desktop shell's
   * loopback listener by default, the web host's own address in the preview (known once it listens).
   */
  redirectUri?: () => string
  /** Answer other processes' calls over the folder's socket (on unless a test says otherwise). */
  serve?: boolean
  /** Opens a folder in the system's file manager (the desktop shell); other hosts only say where it is. */
  openPath?: (path: string) => Promise<boolean>
  /** Prints reports to PDF: Electron's printToPDF in the app; a Chromium found on the machine by default. */
  pdf?: PdfPrinter
  /** Asks the user for a folder to export into (the app); headless hosts export into the data folder. */
  chooseFolder?: () => Promise<string | null>
  /** How long after start the data files are checked (CHECK_AFTER_MS; tests shorten it). */
  checkAfterMs?: number
}

export interface Core {
  handlers: Handlers
  /** The services behind the handlers, for in-process hosts and tests; windows go through invoke. */
  services: Services
  /** Validates `input` against the contract, runs the handler, never throws. */
  invoke(channel: unknown, input: unknown): Promise<Result<unknown>>
  subscribe(listener: (event: EventName, payload: unknown) => void): () => void
  start(): Promise<void>
  /** Resolves once the check of the data files that follows start has run (data-guard.ts). */
  checkedAfterStart(): Promise<void>
  stop(): Promise<void>
}

const CLI_WAIT_MS = 30_000
/**
 * The data files' check waits this long after start: the window has asked for its first screen by
 * then, and the check (a thread of its own reading every page) no longer competes with it.
 */
const CHECK_AFTER_MS = 2_000

/**
 * The core over a data folder it owns. Only one process at a time opens a folder (its lock is the
 * operating system's, so a killed owner leaves none behind); the owner then answers the others
 * over the folder's socket (owner.ts), and a process that finds the folder taken gets a
 * FolderInUseError naming the owner. Migrations and the outbox's recovery run under the lock.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true })
  let lock = lockDataFolder(options.dataDir, options.nativeBinding)
  // A window's host waits for a one-shot CLI call to finish; it does not wait for another app.
  for (const until = Date.now() + CLI_WAIT_MS; !lock && options.host !== 'cli' && Date.now() < until;) {
    const owner = readOwner(options.dataDir)
    // No owner written yet: it has only just taken the lock.
    if (owner && owner.host !== 'cli') break
    await new Promise((resolve) => setTimeout(resolve, 100))
    lock = lockDataFolder(options.dataDir, options.nativeBinding)
  }
  if (!lock) throw new FolderInUseError(options.dataDir, readOwner(options.dataDir))
  let core: Core | undefined
  try {
    writeOwner(options.dataDir, {
      pid: process.pid,
      host: options.host,
      since: (options.clock ?? systemClock).now().toISOString()
    })
    core = await assemble(options)
    const owned = core
    const service = options.serve === false ? null : await serveFolder(options.dataDir, owned.invoke)
    let stopping: Promise<void> | undefined
    const stop = async (): Promise<void> => {
      try {
        // Calls handed over by other processes finish before the core goes.
        await service?.close()
        await owned.stop()
      } finally {
        clearOwner(options.dataDir)
        lock.release()
      }
    }
    return { ...owned, stop: () => (stopping ??= stop()) }
  } catch (error) {
    await core?.stop()
    clearOwner(options.dataDir)
    lock.release()
    throw error
  }
}

async function assemble(options: CoreOptions): Promise<Core> {
  // In order: what everything shares, then storage, QBO, sync, the screens, the actions that use
  // them all, the background jobs; services meet through hooks, never through late assignment.
  const clock = options.clock ?? systemClock
  const config: CoreConfig = {
    dataDir: options.dataDir,
    clock,
    host: options.host,
    appVersion: options.appVersion ?? '0.1.0',
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  }
  const cache = await openCache({
    dataDir: options.dataDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
  })
  const events = new EventBus()
  const hooks = new Hooks()
  const ctx: CoreContext = { config, clock, cache, events, hooks }

  const secrets = options.secrets ?? FileSecretStore.forDataDir(options.dataDir)
  // Others' decisions pulled from the firm's server move the figures as one's own do (the screens
  // below are built before any pull can run: pulls start with firm.resume or firm.join).
  const intuitKeys = new IntuitKeysStore(secrets, clock, options.redirectUri ?? (() => DEFAULT_REDIRECT_URI))
  const firm = new FirmService(ctx, secrets, intuitKeys, options.firm ?? {}, (companyId) => {
    company.forget(companyId)
    events.emit('runway.changed', { companyId })
    takeSnapshot(companyId)
  })
  const connections = new QboConnections(cache.db, secrets, clock, options.qbo ?? {}, hooks, firm.tokens)
  const companies = new CompaniesService(ctx, secrets, connections, intuitKeys)
  const sync = new SyncCoordinator(ctx, connections)

  const books = new BooksReader(cache.sqlite)
  const company = new CompanyExperience(ctx, books, () => firm.actor())
  const digest = new DigestExperience(cache, clock, books, company)
  const snapshots = new Snapshots(cache.sqlite, clock)
  const portfolioRows = new PortfolioRows(cache.sqlite)
  const takeSnapshot = (companyId: string): void => {
    try {
      const prepared = company.current(companyId)
      snapshots.take(companyId, prepared.ctx.runway, portfolioExtras(prepared.ctx))
      // The forecast as dated amounts: what a later digest or alert explains its change from.
      keepLedger(
        cache.sqlite,
        companyId,
        prepared.ctx.today,
        clock.now().toISOString(),
        JSON.stringify(ledgerOf(prepared.ctx.books, prepared.ctx.model))
      )
    } catch {
      // A company without synced books has no runway yet; its first sync takes the first snapshot.
    }
  }

  const outbox = new Outbox(cache, clock, events)
  // Actions an app that died mid-way left behind: the replay settles them by what QBO has.
  await outbox.recoverLive()
  const actions: ActionDeps = {
    ctx,
    connections,
    sync,
    outbox,
    firm,
    inFlight: new InFlight(),
    runwayOf: (companyId) => company.context(companyId).runway,
    contextOf: (companyId) => company.context(companyId),
    billRow: (companyId, billId) => company.bills(companyId).find((b) => b.id === billId),
    invoiceRows: (companyId) => company.invoices(companyId),
    recurring: (companyId) => company.runway(companyId).recurring,
    invalidate: (companyId) => company.forget(companyId),
    changed: (companyId) => {
      events.emit('runway.changed', { companyId })
      takeSnapshot(companyId)
    }
  }
  const portfolio = new PortfolioExperience(portfolioRows)
  const testDrive = new TestDrive(ctx, companies, connections, sync, options.testDrive)
  const reports = new DigestReports(ctx, digest, options.pdf ?? chromiumPrinter(), options.chooseFolder)
  const mailer = new DigestMailer(ctx, secrets, reports)
  mailer.recover()
  const jobs = new JobScheduler(ctx, sync, digest, firm, mailer)

  hooks.on('company.removing', async ({ companyId }) => {
    await sync.service(companyId).settled()
    sync.forget(companyId)
    company.forget(companyId)
  })
  // A company connected (or removed) while in a firm: the firm brings it in (firm/service.ts).
  events.subscribe((event) => {
    if (event === 'companies.changed') firm.kick()
  })
  hooks.on('connection.refused', ({ companyId, reason }) => companies.markNeedsReconnect(companyId, reason))
  // New bands re-band every company's row in the client list.
  hooks.on('bands.changed', () => {
    company.forgetAll()
    for (const [companyId] of portfolioRows.all()) takeSnapshot(companyId)
  })
  // The copy a failed sync falls back on, taken only when books that are whole are about to be
  // half written: a first read has nothing whole to keep, and CDC writes in one transaction. Taking
  // it after every sync and action cost each of a firm's syncs a serialisation of the whole books.
  hooks.on('sync.fullReadStarting', ({ companyId }) => {
    if (unfinishedRead(cache.sqlite, companyId) !== null) return
    try {
      const prepared = company.current(companyId)
      if (prepared.whole && prepared.dataAsOf !== null)
        keepConsistentBooks(cache.sqlite, companyId, prepared.dataAsOf, prepared.ctx.books)
    } catch {
      // Whole but never synced to completion: no figures to fall back on yet.
    }
  })
  hooks.on('sync.completed', async ({ companyId, changed }) => {
    // A sync that brought nothing new leaves today's figures where they are: without this, each of
    // a firm's hundreds of hourly syncs would forecast its company again for the same numbers.
    if (changed || !snapshots.takenOn(companyId, companyToday(clock))) {
      const before = digest.alertBaseline(companyId)
      takeSnapshot(companyId)
      if (before) {
        try {
          const alert = digest.alertAfter(companyId, before, (await readSettings(cache.db)).alertDropDays)
          if (alert) events.emit('runway.alert', alert)
        } catch {
          // No runway to compare (books not synced whole yet): nothing to alert on.
        }
      }
    }
    await jobs.catchUpDigests(companyId)
    if ((await outbox.waiting(companyId)).length > 0) await replayOutbox(actions, companyId)
  })

  const services: Services = {
    app: {
      info: () => ({
        name: 'Runway Desktop',
        version: config.appVersion,
        host: config.host,
        dataDir: config.dataDir,
        schemaVersion: cache.schemaVersion,
        now: clock.now().toISOString()
      }),
      openLogs: async () => {
        const path = logsDir(config.dataDir)
        await mkdir(path, { recursive: true })
        return { path, opened: options.openPath ? await options.openPath(path) : false }
      }
    },
    activity: { list: (filter) => listActivity(cache.db, filter) },
    companies,
    connections,
    sync,
    company,
    portfolio,
    outbox,
    actions,
    testDrive,
    jobs,
    digest,
    reports,
    mailer,
    settings: new SettingsService(ctx, firm),
    firm,
    plan: new PlanService(actions, (companyId) => company.context(companyId))
  }
  const handlers = createHandlers(services)
  const guard = new DataGuard(ctx, () => {
    company.forgetAll()
    for (const [companyId] of portfolioRows.all()) sync.forget(companyId)
  })
  // What openCache found damaged and dealt with goes into the audit trail and the log.
  for (const repair of cache.repairs) await guard.record(repair)
  if (cache.freshCache && !cache.repairs.some((r) => r.file === 'cache')) await guard.cacheMadeAnew()
  events.subscribe((event, payload) => {
    if (event === 'sync.failed')
      void guard.noticed((payload as { error: unknown }).error).catch(() => undefined)
  })
  let stopped = false
  return {
    handlers,
    services,
    invoke: (channel, input) => {
      if (stopped) {
        return Promise.resolve({ ok: false, error: { kind: 'internal', message: 'the core has stopped' } })
      }
      if (guard.userDamaged !== null) {
        return Promise.resolve({
          ok: false,
          error: {
            kind: 'internal',
            message: `The file of your own data is damaged (${guard.userDamaged}). Restart Runway Desktop: it restores the newest whole backup.`
          }
        })
      }
      return invoke(handlers, channel, input).then(async (result) => {
        if (!result.ok) await guard.noticed(result.error).catch(() => undefined)
        // A sync the user asked for says ok only over whole files; a damaged cache is made anew
        // and read again from QBO, and that sync's outcome is the answer.
        else if (channel === 'sync.now' && (await guard.verify())) return invoke(handlers, channel, input)
        return result
      })
    },
    subscribe: (listener) => events.subscribe(listener),
    start: async () => {
      // Snapshots dropped by a migration (or never taken) come back before the client list is read.
      for (const companyId of portfolioRows.withoutRow()) takeSnapshot(companyId)
      await testDrive.resume()
      await firm.resume()
      if (options.jobs ?? options.host !== 'cli') jobs.start()
      // The backup taken at start follows the check, of a file found whole. Abandoned sign-ins are
      // swept after both: finding them opens every company's sealed tokens, which with 500 clients
      // took a millisecond and a half of a start-up of ten, and the first screen shows none of it.
      guard.checkAfterStart(
        options.checkAfterMs ?? CHECK_AFTER_MS,
        () => companies.sweepPendingConnects(),
        () => connections.pages.reading
      )
    },
    checkedAfterStart: () => guard.checkedAfterStart(),
    stop: async () => {
      if (stopped) return
      stopped = true
      jobs.stop()
      await guard.stop()
      await firm.stop()
      await testDrive.stop()
      await connections.close()
      await cache.close()
    }
  }
}
