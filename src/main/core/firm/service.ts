// Firm mode (issue 20): this desktop as one of the firm's, local-first. Decisions are written to the
// local database as before and, beside them, to an outbox of shared changes; the outbox is pushed
// whenever the firm's PostgreSQL is reachable, and what others pushed is pulled by the server's
// sequence, at once when the server notifies (LISTEN/NOTIFY), else on every reconnect and poll.
// Each shared field is a last-writer-wins register ordered by a hybrid logical clock, so every
// desktop that has seen the same changes holds the same values; every decision's audit entry is
// shared too, so the trail keeps both versions of a field two people changed at once.

import { randomUUID } from 'node:crypto'
import type { FirmStatus } from '../../../shared/contract'
import type { DigestView } from '../../../shared/views'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import type { SecretStore } from '../secrets/store'
import type { IntuitKeysStore } from '../companies/intuit-keys'
import { markActivityShared, unsharedActivity } from '../db/activity'
import {
  companiesOfRealm,
  dropPushed,
  clearFirmStateIf,
  forgetFirm,
  localDecisions,
  localSetting,
  recordEarlierChange,
  sharedItems,
  type LocalDecision,
  outboxBatch,
  pendingChanges,
  readFirmState,
  realmOfCompany,
  recordLocalChange,
  recordRemoteChange,
  sharedCompanies,
  sharedItem,
  writeFirmState,
  type OutboxChange
} from '../db/firm/local'
import { FirmServer, isRefusal, type Claim, type FirmLogin, type ServerChange } from '../db/firm/server'
import { EXPIRY_MARGIN_MS, type SharedTokens, type TokenSet } from '../qbo/oauth'
import { FirmSecret } from './app-keys'
import { hlcMadeAt, HybridClock } from './hlc'
import { openTokens, sealTokens } from './tokens'
import { materializeShared, SHARED_SETTINGS, type SharedChange } from './shared'

export interface FirmTuning {
  /** How long to wait before trying an unreachable server again. */
  retryMs?: number
  /** A pull now and then even without a notification (one lost with a dropped connection). */
  pollMs?: number
}

const PASSWORD = 'firm.password'
const FIRM_SECRET = 'firm.secret'
const BATCH = 200

export class FirmService {
  private server: FirmServer | null = null
  private connecting: Promise<void> | null = null
  private login: FirmLogin | null = null
  private role: FirmStatus['role'] = null
  private node = ''
  private lastSeq = 0
  private hlc: HybridClock | null = null
  private lastPushAt: string | null = null
  private lastPullAt: string | null = null
  private problem: string | null = null
  private cycle: Promise<void> | null = null
  private again = false
  private retry: NodeJS.Timeout | null = null
  private poll: NodeJS.Timeout | null = null
  private readonly registered = new Set<string>()
  private stopped = false
  private firmSecret: FirmSecret | null = null
  /** The companies (and '' for the firm-wide settings) brought into the firm: see adoptCompanies. */
  private adopted = new Set<string>()
  /** The clients the server showed this person at the last look (see backfillVisible). */
  private visible = new Set<string>()
  private recheckVisible = false

  constructor(
    private readonly ctx: CoreContext,
    private readonly secrets: SecretStore,
    /** This computer's copy of the firm's Intuit app keys. */
    private readonly appKeys: IntuitKeysStore,
    private readonly tuning: FirmTuning,
    /** Someone else's decision was written here: the company's figures changed. */
    private readonly applied: (companyId: string) => void
  ) {}

  private get db() {
    return this.ctx.cache.db
  }

  private now(): string {
    return this.ctx.clock.now().toISOString()
  }

  /** On start: a desktop that had joined takes up where it was. */
  async resume(): Promise<void> {
    const state = await readFirmState(this.db)
    if (!state.url || !state.user) return
    const password = await this.secrets.get(PASSWORD)
    if (password === null) {
      this.problem = 'the firm password is missing from this computer: join again'
      return
    }
    const secret = await this.secrets.get(FIRM_SECRET)
    this.firmSecret = secret === null ? null : new FirmSecret(secret)
    this.adopt(state, { url: state.url, user: state.user, password })
    void this.connect()
  }

  private adopt(state: Record<string, string>, login: FirmLogin): void {
    this.login = login
    this.node = state.node ?? randomUUID()
    this.lastSeq = Number(state.lastSeq ?? 0)
    this.adopted = new Set(JSON.parse(state.adopted ?? '[]') as string[])
    this.visible = new Set(JSON.parse(state.visible ?? '[]') as string[])
    this.lastPushAt = state.lastPushAt ?? null
    this.lastPullAt = state.lastPullAt ?? null
    this.role = (state.role as FirmStatus['role']) ?? null
    this.hlc = new HybridClock(this.node, () => this.ctx.clock.now().getTime(), state.hlc)
    if (!this.poll) {
      this.poll = setInterval(() => this.kick(), this.tuning.pollMs ?? 30_000)
      this.poll.unref()
    }
  }

  async join(input: {
    url: string
    user: string
    password: string
    firmSecret?: string
  }): Promise<FirmStatus> {
    if (this.login)
      throw new AppError(
        'conflict',
        `this computer is in a firm already (${this.login.user}): leave it first`
      )
    let url: URL
    try {
      url = new URL(input.url)
      if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error()
    } catch {
      throw new AppError('validation', 'the firm server is a postgres:// address', { field: 'url' })
    }
    url.username = ''
    url.password = ''
    const login = { url: url.toString(), user: input.user, password: input.password }
    let server: FirmServer
    try {
      server = await FirmServer.open(login, () => {})
    } catch (error) {
      throw new AppError(isRefusal(error) ? 'auth' : 'offline', `the firm server refused: ${message(error)}`)
    }
    try {
      const role = await server.role()
      if (role === null)
        throw new AppError('auth', `${input.user} is not a partner or bookkeeper of the firm`)
      const { behind } = await server.migrate()
      if (behind.length > 0)
        throw new AppError(
          'conflict',
          'the firm server is not set up for this version yet: a partner joins first'
        )
      const state = await readFirmState(this.db)
      const node = state.node ?? randomUUID()
      // The firm secret is proven (it opens the firm's keys) or, the first time, sets them up.
      const secret = input.firmSecret ? new FirmSecret(input.firmSecret) : null
      const appKeysVersion = secret ? await this.syncAppKeys(server, secret, role, null, false, true) : null
      await this.secrets.set(PASSWORD, input.password)
      if (input.firmSecret) await this.secrets.set(FIRM_SECRET, input.firmSecret)
      await writeFirmState(this.db, { url: login.url, user: login.user, node, role, appKeysVersion })
      this.firmSecret = secret
      this.adopt({ ...state, node, role }, login)
      this.problem = null
    } finally {
      await server.close()
    }
    await this.connect()
    return this.status()
  }

  /**
   * Leaves the firm on this computer. What waits is sent first when the server answers; what
   * cannot be sent (offline, or a client taken away) is dropped only when the person says so,
   * since no one else has it.
   */
  async leave(input: { discard?: boolean } = {}): Promise<FirmStatus> {
    if (this.login) {
      this.kick()
      await this.settled()
      const pending = await pendingChanges(this.db)
      if (pending > 0 && !input.discard) {
        const why = this.server ? 'the server refused them' : 'the firm server is out of reach'
        throw new AppError(
          'conflict',
          pending === 1
            ? `1 change made here has not reached the firm (${why}): leave once it is sent, or leave anyway and drop it`
            : `${pending} changes made here have not reached the firm (${why}): leave once they are sent, or leave anyway and drop them`,
          { field: 'discard' }
        )
      }
    }
    this.disconnect()
    this.login = null
    this.role = null
    this.hlc = null
    this.problem = null
    this.lastPushAt = this.lastPullAt = null
    this.lastSeq = 0
    this.adopted = new Set()
    this.visible = new Set()
    this.lastHandlers = {}
    this.firmSecret = null
    await forgetFirm(this.db)
    await this.secrets.delete(PASSWORD)
    // The app keys stay: the clients connected with them go on syncing from this computer.
    await this.secrets.delete(FIRM_SECRET)
    return this.status()
  }

  async status(): Promise<FirmStatus> {
    return {
      joined: this.login !== null,
      url: this.login?.url ?? null,
      user: this.login?.user ?? null,
      role: this.role,
      connected: this.server !== null,
      lastPushAt: this.lastPushAt,
      lastPullAt: this.lastPullAt,
      pending: this.login ? await pendingChanges(this.db) : 0,
      firmSecret: this.firmSecret !== null,
      problem: this.problem
    }
  }

  /** Who acts on this computer, as the firm knows them (null outside a firm). */
  actor(): string | null {
    return this.login?.user ?? null
  }

  /** Gives a client to a person of the firm (a partner's act; the server refuses anyone else). */
  async assign(input: { companyId: string; user: string }): Promise<{ companyId: string; user: string }> {
    const server = await this.online()
    const realm = await realmOfCompany(this.db, input.companyId)
    if (realm === undefined)
      throw new AppError('not-found', `no company ${input.companyId} to share`, { field: 'companyId' })
    try {
      await this.register(server, realm)
      await server.assign(realm, input.user)
    } catch (error) {
      if (isRefusal(error)) throw new AppError('auth', `the firm server refused: ${message(error)}`)
      throw error
    }
    return input
  }

  /** Who handles each company this person can see, by local company id (as last known offline). */
  async handlers(): Promise<Record<string, string[]>> {
    if (!this.login) return {}
    if (this.server) {
      try {
        const byRealm = await this.server.assignments()
        const out: Record<string, string[]> = {}
        for (const c of await sharedCompanies(this.db)) {
          const people = byRealm.get(c.realm_id)
          if (people) out[c.id] = people
        }
        this.lastHandlers = out
      } catch (error) {
        if (!isRefusal(error)) this.lost(error)
      }
    }
    return this.lastHandlers
  }

  private lastHandlers: Record<string, string[]> = {}

  /**
   * Claims an action on items before it goes to QBO, all or none: the claim someone else holds
   * when refused, null when claimed, or null too when the server cannot be reached (the action then
   * goes through as it does offline, and QBO's state decides at replay).
   */
  async claim(row: {
    companyId: string
    items: string[]
    action: string
    requestId: string
  }): Promise<Claim | null> {
    const server = this.server
    if (!this.login || !server) return null
    const realm = await realmOfCompany(this.db, row.companyId)
    if (realm === undefined) return null
    try {
      await this.register(server, realm)
      for (const item of row.items) {
        const claim = await server.claim({
          clientId: realm,
          item,
          action: row.action,
          requestId: row.requestId
        })
        if (!claim.claimed) {
          await server.release(row.requestId)
          return claim
        }
      }
      return null
    } catch (error) {
      if (isRefusal(error)) throw new AppError('auth', `the firm server refused: ${message(error)}`)
      this.lost(error)
      return null
    }
  }

  /** The action a request claimed failed in QBO: others may try it. */
  async release(requestId: string): Promise<void> {
    try {
      await this.server?.release(requestId)
    } catch (error) {
      // A claim left behind only holds this version of the item; the next sync moves it on.
      this.lost(error)
    }
  }

  /** Each client's QuickBooks tokens as the firm has them, for the QBO connections. */
  readonly tokens: SharedTokens = {
    newer: async (companyId, mine) => {
      const server = this.server
      const realm = await this.sharedRealm(companyId)
      if (!server || realm === undefined) return null
      try {
        const sealed = await server.tokens(realm)
        const firm = sealed === null ? null : openTokens(sealed, mine.credentials, realm)
        return firm && firm.accessExpiresAt > mine.tokens.accessExpiresAt ? firm : null
      } catch (error) {
        if (!isRefusal(error)) this.lost(error)
        return null
      }
    },
    refresh: async (companyId, mine, refresh) => {
      const server = this.server
      const realm = await this.sharedRealm(companyId)
      if (!server || realm === undefined) return null
      let result: TokenSet | null = null
      let refreshing = false
      try {
        await this.register(server, realm)
        await server.underTokenLock(
          realm,
          sealTokens(mine.tokens, mine.credentials, realm),
          async (sealed) => {
            const firm = openTokens(sealed, mine.credentials, realm)
            // Another desktop refreshed while this one waited for the lock: its tokens serve.
            if (
              firm &&
              firm.refreshToken !== mine.tokens.refreshToken &&
              firm.accessExpiresAt - EXPIRY_MARGIN_MS > this.ctx.clock.now().getTime()
            ) {
              result = firm
              return null
            }
            const from = firm && firm.accessExpiresAt >= mine.tokens.accessExpiresAt ? firm : mine.tokens
            refreshing = true
            result = await refresh(from)
            refreshing = false
            return sealTokens(result, mine.credentials, realm)
          }
        )
        return result
      } catch (error) {
        // Refreshed, but the server went before it stored them: the tokens are good, keep them.
        if (result) return result
        // QuickBooks refused the refresh itself: doing it alone would be refused the same way.
        if (refreshing) throw error
        if (!isRefusal(error)) this.lost(error)
        return null
      }
    }
  }

  private async sharedRealm(companyId: string): Promise<string | undefined> {
    return this.login ? realmOfCompany(this.db, companyId) : undefined
  }

  /**
   * A client's digest for the week, made once firm-wide: the one another desktop made, or `compose`
   * (alone when there is no firm to ask). Stored locally by the caller either way.
   */
  async digestOnce(companyId: string, weekEnd: string, compose: () => DigestView): Promise<DigestView> {
    const server = this.server
    const realm = await this.sharedRealm(companyId)
    if (!server || realm === undefined) return compose()
    try {
      await this.register(server, realm)
      const { value } = await server.digestOnce(realm, weekEnd, () => ({
        changeId: randomUUID(),
        clientId: realm,
        kind: 'digest',
        item: weekEnd,
        field: 'view',
        value: compose(),
        hlc: this.hlc!.tick(),
        origin: this.node
      }))
      return { ...(value as DigestView), companyId }
    } catch (error) {
      if (isRefusal(error)) return compose()
      this.lost(error)
      return compose()
    }
  }

  /** Decisions just made on this computer: kept for the firm and pushed when it can be. */
  async share(companyId: string, changes: SharedChange[]): Promise<void> {
    if (!this.login) return
    const realm = await realmOfCompany(this.db, companyId)
    if (realm === undefined) return
    await this.record(
      realm,
      changes.flatMap((c) =>
        Object.entries(c.fields).map(([field, value]) => ({ kind: c.kind, item: c.item, field, value }))
      )
    )
  }

  /** A firm-wide setting changed here (the reminder templates). */
  async shareSetting(key: string, value: unknown): Promise<void> {
    if (!this.login) return
    await this.record('', [{ kind: 'settings', item: key, field: 'value', value }])
  }

  /**
   * An audit entry written here, shared under its name `item` so the firm's trail says who did
   * what. False when there is no firm to share it with (it goes when the company is brought in).
   */
  async shareAudit(
    companyId: string | null,
    item: string,
    entry: { at: string; action: string; details: Record<string, unknown> }
  ): Promise<boolean> {
    if (!this.login || companyId === null) return false
    const realm = await realmOfCompany(this.db, companyId)
    if (realm === undefined) return false
    await this.record(realm, [{ kind: 'audit', item, field: 'entry', value: entry }])
    return true
  }

  private async record(
    clientId: string,
    fields: { kind: string; item: string; field: string; value: unknown }[]
  ): Promise<void> {
    const hlc = this.hlc!
    const actor = this.login!.user
    const at = this.now()
    await this.db.transaction().execute(async (trx) => {
      for (const f of fields)
        await recordLocalChange(trx, {
          changeId: randomUUID(),
          clientId,
          kind: f.kind,
          item: f.item,
          field: f.field,
          valueJson: JSON.stringify(f.value ?? null),
          hlc: hlc.tick(),
          actor,
          at
        })
      await writeFirmState(trx, { hlc: hlc.current() })
    })
    this.kick()
  }

  /** Pushes what waits and pulls what is new, one run at a time; a kick during a run runs it again. */
  kick(): void {
    if (!this.login || this.stopped) return
    if (this.cycle) {
      this.again = true
      return
    }
    this.cycle = (async () => {
      do {
        this.again = false
        const server = this.server
        if (!server) return void this.connect()
        try {
          await this.adoptCompanies()
          await this.push(server)
          await this.pull(server)
          if (this.firmSecret) {
            const state = await readFirmState(this.db)
            const known = state.appKeysVersion ?? null
            const pending = state.appKeysPending ?? null
            const version = await this.syncAppKeys(
              server,
              this.firmSecret,
              this.role,
              known,
              pending !== null,
              false
            )
            if (version !== known) await writeFirmState(this.db, { appKeysVersion: version })
            // Keys changed again meanwhile are still to go: only this change is done.
            if (pending !== null) await clearFirmStateIf(this.db, 'appKeysPending', pending)
          }
        } catch (error) {
          this.lost(error)
          return
        }
      } while (this.again && !this.stopped)
    })().finally(() => {
      this.cycle = null
    })
  }

  /** Resolves once what was queued so far has been pushed and pulled (tests, and leaving cleanly). */
  async settled(): Promise<void> {
    while (this.cycle) await this.cycle
  }

  private async push(server: FirmServer): Promise<void> {
    let refused = 0
    for (;;) {
      const batch = await outboxBatch(this.db, BATCH)
      const mine = batch.filter((c) => !this.refusedClients.has(c.clientId))
      if (mine.length === 0) break
      const byClient = new Map<string, OutboxChange[]>()
      for (const c of mine) byClient.set(c.clientId, [...(byClient.get(c.clientId) ?? []), c])
      for (const [clientId, changes] of byClient) {
        try {
          await this.register(server, clientId)
          await server.push(
            changes.map((c) => ({
              changeId: c.changeId,
              clientId: c.clientId,
              kind: c.kind,
              item: c.item,
              field: c.field,
              value: JSON.parse(c.valueJson) as unknown,
              hlc: c.hlc,
              origin: this.node
            }))
          )
        } catch (error) {
          if (!isRefusal(error)) throw error
          // Not this person's client (any more): its changes wait, and the others go on.
          this.refusedClients.add(clientId)
          refused += changes.length
          continue
        }
        await dropPushed(
          this.db,
          changes.map((c) => c.seq)
        )
        this.lastPushAt = this.now()
        await writeFirmState(this.db, { lastPushAt: this.lastPushAt })
      }
    }
    this.problem =
      refused > 0
        ? `${refused} changes wait: the firm server refuses them (a client not assigned to you)`
        : null
    this.refusedClients.clear()
  }

  private readonly refusedClients = new Set<string>()

  private async pull(server: FirmServer): Promise<void> {
    if (this.recheckVisible) await this.backfillVisible(server)
    for (;;) {
      const changes = await server.pull(this.lastSeq, BATCH)
      if (changes.length === 0) break
      const touched = await this.apply(changes)
      this.lastSeq = changes.at(-1)!.seq
      this.lastPullAt = this.now()
      await writeFirmState(this.db, { lastPullAt: this.lastPullAt })
      for (const companyId of touched) this.applied(companyId)
      if (changes.length < BATCH) break
    }
    this.lastPullAt = this.now()
  }

  /**
   * A client this person may see now and could not before (assigned to them since): its changes
   * that the pulls passed by while hidden, fetched by themselves.
   */
  private async backfillVisible(server: FirmServer): Promise<void> {
    this.recheckVisible = false
    const visible = await server.visibleClients()
    // Before the first pull there is nothing the pulls passed by.
    const fresh = this.lastSeq === 0 ? [] : visible.filter((c) => !this.visible.has(c))
    for (const clientId of fresh) {
      let after = 0
      for (;;) {
        const changes = await server.pull(after, BATCH, { clientId, upTo: this.lastSeq })
        if (changes.length === 0) break
        for (const companyId of await this.apply(changes, false)) this.applied(companyId)
        after = changes.at(-1)!.seq
        if (changes.length < BATCH) break
      }
    }
    this.visible = new Set(visible)
    await writeFirmState(this.db, { visible: JSON.stringify(visible) })
  }

  /**
   * Others' changes, in one transaction with the place reached in the server's sequence (unless
   * they are a backfill, from behind it).
   */
  private async apply(changes: ServerChange[], advance = true): Promise<Set<string>> {
    const hlc = this.hlc!
    const now = this.now()
    const touched = new Set<string>()
    await this.db.transaction().execute(async (trx) => {
      const dirty = new Map<string, { clientId: string; kind: string; item: string; actor: string }>()
      for (const c of changes) {
        hlc.receive(c.hlc)
        if (c.origin === this.node) continue
        const kept = await recordRemoteChange(trx, {
          clientId: c.clientId,
          kind: c.kind,
          item: c.item,
          field: c.field,
          valueJson: JSON.stringify(c.value),
          hlc: c.hlc,
          actor: c.actor
        })
        if (kept) dirty.set(JSON.stringify([c.clientId, c.kind, c.item]), c)
      }
      for (const d of dirty.values()) {
        const shared = { ...d, fields: await sharedItem(trx, d.clientId, d.kind, d.item) }
        if (d.clientId === '') {
          await materializeShared(trx, null, shared, now)
          continue
        }
        // A company this desktop has not brought into the firm yet gets everything when it does.
        for (const company of await companiesOfRealm(trx, d.clientId)) {
          if (!this.adopted.has(company.id)) continue
          await materializeShared(trx, company.id, shared, now)
          touched.add(company.id)
        }
      }
      await writeFirmState(trx, {
        ...(advance ? { lastSeq: String(changes.at(-1)!.seq) } : {}),
        hlc: hlc.current()
      })
    })
    return touched
  }

  /**
   * Brings companies into the firm the first time this desktop shares them (on joining, or a
   * company connected since): the decisions they hold go to the firm, dated when they were made
   * (where the table keeps it; else as old as can be, so a decision the firm has stands), and the
   * firm's decisions and audit trail for the client come into them. The reminder templates too,
   * once. Runs before each push and pull, so nothing pulled meanwhile passes a company by.
   */
  private async adoptCompanies(): Promise<void> {
    const fresh = (await sharedCompanies(this.db)).filter((c) => !this.adopted.has(c.id))
    const firmWide = !this.adopted.has('')
    if (fresh.length === 0 && !firmWide) return
    const actor = this.login!.user
    const now = this.now()
    const adopted = new Set(this.adopted)
    await this.db.transaction().execute(async (trx) => {
      const bring = async (clientId: string, decisions: LocalDecision[]): Promise<void> => {
        for (const d of decisions)
          await recordEarlierChange(trx, {
            changeId: randomUUID(),
            clientId,
            kind: d.kind,
            item: d.item,
            field: d.field,
            valueJson: JSON.stringify(d.value ?? null),
            hlc: hlcMadeAt(d.at, this.node),
            actor,
            at: now
          })
      }
      if (firmWide) {
        for (const key of SHARED_SETTINGS) {
          const setting = await localSetting(trx, key)
          if (setting) await bring('', [setting])
        }
        adopted.add('')
      }
      for (const company of fresh) {
        await bring(company.realm_id, await localDecisions(trx, company.id))
        // Its audit entries from before: with who acted then (this computer's user), and when.
        const earlier = await unsharedActivity(trx, company.id)
        await bring(
          company.realm_id,
          earlier.map((e) => ({
            kind: 'audit',
            item: e.firmItem,
            field: 'entry',
            value: { at: e.at, action: e.action, details: e.details, actor: e.actor },
            at: e.at
          }))
        )
        await markActivityShared(
          trx,
          earlier.map((e) => e.id),
          now
        )
        for (const shared of await sharedItems(trx, company.realm_id))
          await materializeShared(trx, company.id, shared, now)
        adopted.add(company.id)
      }
      await writeFirmState(trx, { adopted: JSON.stringify([...adopted]) })
    })
    this.adopted = adopted
    for (const company of fresh) this.applied(company.id)
  }

  /** A partner changed this computer's Intuit app keys: they become the firm's (pushed when it can be). */
  async shareAppKeys(): Promise<void> {
    if (!this.login || !this.firmSecret || this.role !== 'partner') return
    await writeFirmState(this.db, { appKeysPending: randomUUID() })
    this.kick()
  }

  /**
   * Brings this computer's app keys and the firm's together: a partner's go up when the firm has
   * none yet, or when `pending` (changed here since); the firm's come down when their version is
   * not the one this computer has. The version now held, or null when the firm has none.
   */
  private async syncAppKeys(
    server: FirmServer,
    secret: FirmSecret,
    role: FirmStatus['role'],
    known: string | null,
    pending: boolean,
    joining: boolean
  ): Promise<string | null> {
    let row = await server.appKeys()
    if (role === 'partner' && (row === null || pending)) {
      const mine = await this.appKeys.read()
      if (mine) {
        const version = await server.setAppKeys(await secret.seal(mine, row?.salt), row === null)
        if (version !== null) return String(version)
        // Another partner set the firm's up first: theirs they are.
        row = await server.appKeys()
      }
    }
    if (row === null) return null
    if (String(row.version) === known) return known
    const keys = await secret.open(row)
    if (!keys) {
      const problem =
        "this firm secret does not open the firm's Intuit app keys: ask a partner for the firm's secret"
      if (joining) throw new AppError('validation', problem, { field: 'firmSecret' })
      this.problem = problem
      return known
    }
    await this.appKeys.keep(keys)
    return String(row.version)
  }

  private async register(server: FirmServer, clientId: string): Promise<void> {
    if (clientId === '' || this.registered.has(clientId)) return
    const company = (await companiesOfRealm(this.db, clientId))[0]
    await server.addClient(clientId, company?.name ?? clientId)
    this.registered.add(clientId)
  }

  private async online(): Promise<FirmServer> {
    if (!this.login) throw new AppError('conflict', 'this computer is not in a firm: join one first')
    if (!this.server) await this.connect()
    if (!this.server)
      throw new AppError(
        'offline',
        `the firm server is not reachable${this.problem ? `: ${this.problem}` : ''}`
      )
    return this.server
  }

  private connect(): Promise<void> {
    if (this.server || !this.login || this.stopped) return Promise.resolve()
    this.connecting ??= (async () => {
      const login = this.login!
      try {
        const server = await FirmServer.open(login, (error) => {
          if (this.server === server) this.lost(error)
        })
        if (this.login !== login || this.stopped) {
          await server.close()
          return
        }
        // A partner's desktop brings the server up to this version's schema; a bookkeeper's waits.
        const { behind } = await server.migrate()
        await server.onChange((assignments) => {
          if (assignments) this.recheckVisible = true
          this.kick()
        })
        // What was assigned while this desktop was away is seen to on the first pull.
        this.recheckVisible = true
        this.server = server
        if (behind.length > 0) {
          this.problem = 'the firm server is on an older schema: a partner opens the app to update it'
          this.kick()
          return
        }
        this.problem = null
        this.kick()
      } catch (error) {
        this.problem = message(error)
        this.scheduleRetry()
      }
    })().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  private lost(error: unknown): void {
    const server = this.server
    this.server = null
    this.registered.clear()
    this.problem = message(error)
    if (server) void server.close()
    this.scheduleRetry()
  }

  private scheduleRetry(): void {
    if (this.retry || !this.login || this.stopped) return
    this.retry = setTimeout(() => {
      this.retry = null
      void this.connect()
    }, this.tuning.retryMs ?? 5_000)
    this.retry.unref()
  }

  private disconnect(): void {
    if (this.retry) clearTimeout(this.retry)
    if (this.poll) clearInterval(this.poll)
    this.retry = this.poll = null
    const server = this.server
    this.server = null
    this.registered.clear()
    if (server) void server.close()
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.cycle?.catch(() => {})
    this.disconnect()
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
