// Test Drive: a prospect explores everything on demo companies, no credentials. A local QBO sandbox
// runs inside the app with its state in the data folder (so a test drive survives a restart), and
// its three demo companies are connected and synced like real ones. The host starts the sandbox
// (CoreOptions.testDrive): the core never imports it.
//
// Unlike the other experiences this one acts (it connects companies and syncs them); it only ever
// touches its own sandbox, never a user's QuickBooks.

import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { CompanySummary, ConnectStart } from '../../../shared/contract'
import type { CompaniesService } from '../companies/service'
import type { QboConnections } from '../companies/connections'
import {
  companyIdsOf,
  connectedRealmsOf,
  getCompany,
  listCompanies,
  removeCompany,
  setEndpointsOf,
  setOrigin
} from '../db/companies'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import type { SyncCoordinator } from '../sync'

const REDIRECT = 'http://127.0.0.1/test-drive/callback'

/** A running local QBO with demo companies, as the sandbox package's test-drive entry starts one. */
export interface TestDriveSandbox {
  info: {
    apiBaseUrl: string
    oauth: {
      authorizeUrl: string
      tokenUrl: string
      revokeUrl: string
      clientId: string
      clientSecret: string
    }
    realms: { realmId: string }[]
  }
  close(): Promise<void>
}

export type StartTestDriveSandbox = (opts: {
  stateFile: string
  clock: () => number
}) => Promise<TestDriveSandbox>

export class TestDrive {
  private sandbox: TestDriveSandbox | null = null
  private starting: Promise<TestDriveSandbox> | null = null
  /** start, end and reset one after another: ending a test drive half set up would leave demo rows. */
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly ctx: CoreContext,
    private readonly companies: CompaniesService,
    private readonly connections: QboConnections,
    private readonly sync: SyncCoordinator,
    private readonly startSandbox: StartTestDriveSandbox | undefined
  ) {}

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn)
    this.queue = next.catch(() => undefined)
    return next
  }

  private ids(): string[] {
    return companyIdsOf(this.ctx.cache.sqlite, 'test-drive')
  }

  /** At start-up: bring the sandbox back for test-drive companies made in an earlier session. */
  async resume(): Promise<void> {
    if (this.startSandbox && this.ids().length > 0) await this.ensureSandbox()
  }

  start(): Promise<CompanySummary[]> {
    return this.serial(() => this.startNow())
  }

  /**
   * Leaves the test drive: every demo company goes with its cached books, its decisions and its
   * history (a demo's audit trail records nothing a firm has to keep), and so does the demo
   * sandbox's state, so a later test drive starts fresh. Real clients are not touched.
   */
  end(): Promise<{ removed: string[] }> {
    return this.serial(() => this.endNow())
  }

  /** The test drive from the beginning: the demo books as they were made, nothing decided on them. */
  reset(): Promise<CompanySummary[]> {
    return this.serial(async () => {
      await this.endNow()
      return this.startNow()
    })
  }

  /** A demo company signs in again through the demo sandbox's own consent page. */
  async reconnect(companyId: string): Promise<ConnectStart> {
    const sandbox = await this.ensureSandbox()
    const { oauth, apiBaseUrl } = sandbox.info
    return this.companies.reconnect(companyId, {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      redirectUri: '',
      apiBaseUrl,
      oauth: { authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, revokeUrl: oauth.revokeUrl }
    })
  }

  private async endNow(): Promise<{ removed: string[] }> {
    const ids = this.ids()
    const { db } = this.ctx.cache
    const at = this.ctx.clock.now().toISOString()
    for (const id of ids) {
      const row = await getCompany(db, id)
      // Its tokens are only good on the demo sandbox, which goes next: nothing to revoke.
      await this.companies.forgetConnection(id)
      await this.ctx.hooks.emit('company.removing', { companyId: id })
      await removeCompany(
        db,
        id,
        {
          at,
          companyId: id,
          actor: 'user',
          action: 'test-drive.company-removed',
          details: { name: row.name }
        },
        true
      )
    }
    await this.stop()
    rmSync(join(this.ctx.config.dataDir, 'test-drive'), { recursive: true, force: true })
    if (ids.length > 0) this.ctx.events.emit('companies.changed', { companyIds: ids })
    return { removed: ids }
  }

  private async startNow(): Promise<CompanySummary[]> {
    const sandbox = await this.ensureSandbox()
    const { sqlite } = this.ctx.cache
    const connected = connectedRealmsOf(sqlite, 'test-drive')
    const fresh: string[] = []
    for (const realm of sandbox.info.realms) {
      if (connected.has(realm.realmId)) continue
      const { authorizeUrl } = await this.companies.connect({
        environment: 'custom',
        custom: {
          apiBaseUrl: sandbox.info.apiBaseUrl,
          authorizeUrl: sandbox.info.oauth.authorizeUrl,
          tokenUrl: sandbox.info.oauth.tokenUrl,
          revokeUrl: sandbox.info.oauth.revokeUrl
        },
        clientId: sandbox.info.oauth.clientId,
        clientSecret: sandbox.info.oauth.clientSecret,
        redirectUri: REDIRECT
      })
      const consent = await fetch(`${authorizeUrl}&auto_consent=${encodeURIComponent(realm.realmId)}`, {
        redirect: 'manual'
      })
      const location = consent.headers.get('location')
      if (consent.status !== 302 || !location)
        throw new AppError('server', 'the test drive could not connect its demo company')
      const company = await this.companies.completeConnect(location)
      setOrigin(sqlite, company.id, 'test-drive')
      fresh.push(company.id)
      // Each demo company shows up by name as soon as it is connected, before its first sync ends.
      this.ctx.events.emit('companies.changed', { companyIds: [company.id] })
    }
    const ids = this.ids()
    await Promise.all(ids.map((id) => this.sync.service(id).sync('ON_DEMAND')))
    this.ctx.events.emit('companies.changed', { companyIds: ids })
    const all = await listCompanies(this.ctx.cache.db)
    return all.filter((c) => ids.includes(c.id))
  }

  private ensureSandbox(): Promise<TestDriveSandbox> {
    if (this.sandbox) return Promise.resolve(this.sandbox)
    const startSandbox = this.startSandbox
    if (!startSandbox) return Promise.reject(new AppError('server', 'this host has no test drive'))
    this.starting ??= (async () => {
      const dir = join(this.ctx.config.dataDir, 'test-drive')
      mkdirSync(dir, { recursive: true, mode: 0o700 })
      const sandbox = await startSandbox({
        stateFile: join(dir, 'sandbox.jsonl'),
        clock: () => this.ctx.clock.now().getTime()
      })
      // The sandbox listens on a new port each run: point the test-drive companies at it.
      const endpoints = JSON.stringify({
        apiBaseUrl: sandbox.info.apiBaseUrl,
        oauth: {
          authorizeUrl: sandbox.info.oauth.authorizeUrl,
          tokenUrl: sandbox.info.oauth.tokenUrl,
          revokeUrl: sandbox.info.oauth.revokeUrl
        }
      })
      setEndpointsOf(this.ctx.cache.sqlite, 'test-drive', endpoints, sandbox.info.apiBaseUrl)
      for (const id of this.ids()) this.connections.forget(id)
      this.sandbox = sandbox
      return sandbox
    })().finally(() => {
      this.starting = null
    })
    return this.starting
  }

  async stop(): Promise<void> {
    await this.sandbox?.close()
    this.sandbox = null
  }
}
