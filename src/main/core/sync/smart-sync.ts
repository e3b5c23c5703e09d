// SmartSyncService (one per company): orchestrates every read from QBO — timing, strategies,
// caching, user activity. First sync: full, paged, resumable. Later: one CDC request for all entity
// types; past the CDC window or after a truncated answer, a full re-sync of what is affected.

import type { SyncStatus, SyncSummary } from '../../../shared/contract'
import type { CoreContext } from '../context'
import { toErrorValue } from '../errors'
import type { QboConnections } from '../companies/connections'
import { SYNCED_ENTITIES, type EntityName, type Skipped } from '../qbo/entities'
import { logActivity } from '../db/activity'
import { recordSyncRun } from '../db/sync-runs'
import { appendLog } from '../log'
import { QboError } from '../qbo/errors'
import { EarlyPages, INTERACTIVE_RETRIES, type CdcResult, type QBOClient } from '../qbo/client'
import type { CacheWriter, SyncStateRow } from '../db/cache-writer'
import { findCompany, getCompany, updateCompany } from '../db/companies'
import { nextDue, type Due, type SyncStrategy, type TimingSettings } from './strategies'

const DAY_MS = 86_400_000
/** Intuit looks back 30 days at most; a day of margin for clocks and time zones. */
const CDC_WINDOW_MS = 29 * DAY_MS
/** CDC reads back a little before the cursor: upserts are idempotent, a missed change is not. */
const CDC_OVERLAP_MS = 60_000

interface FullRead {
  /** The CDC request that closes the read, when it went out early. */
  closing: Promise<CdcResult> | null
}

type Json = Record<string, unknown>

export interface SyncDeps {
  ctx: CoreContext
  connections: QboConnections
  writer: CacheWriter
  timing(): Promise<TimingSettings>
}

export class SmartSyncService {
  private running: Promise<SyncSummary> | null = null
  /** Malformed records met by the sync under way: logged with their ids when it ends. */
  private skipped: Skipped[] = []
  private lastActivityAt: number | null = null
  /** CDC answers written so far (a refresh must not write over one with what it read before it). */
  private cdcApplied = 0

  constructor(
    readonly companyId: string,
    private readonly deps: SyncDeps
  ) {}

  get isRunning(): boolean {
    return this.running !== null
  }

  /** Resolves once the sync under way, if any, has ended (well or not). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined)
  }

  recordUserActivity(): void {
    this.lastActivityAt = this.deps.ctx.clock.now().getTime()
  }

  /** Never two syncs of one company at once: a second caller shares the one under way. */
  sync(strategy: SyncStrategy = 'ON_DEMAND'): Promise<SyncSummary> {
    if (strategy === 'ON_DEMAND') this.recordUserActivity()
    this.running ??= this.run(strategy).finally(() => {
      this.running = null
    })
    return this.running
  }

  /** EVENT_TRIGGERED: after a user action, re-read just the records it touched. */
  async refreshRecords(refs: { entity: EntityName; id: string }[]): Promise<void> {
    if (refs.length === 0) return
    const client = await this.deps.connections.client(this.companyId)
    const read = (): Promise<{ ref: { entity: EntityName; id: string }; record: unknown }[]> =>
      Promise.all(
        refs.map(async (ref) => ({
          ref,
          record: await client.read(ref.entity, ref.id).catch(notFoundAsNull)
        }))
      )
    const seen = this.cdcApplied
    let records = await read()
    // A sync's CDC written while these were read may have removed one deleted since: writing the
    // copy read before would bring it back. Read them again after it (a second race is let be).
    if (this.cdcApplied !== seen) records = await read()
    const runs = new Map(this.states().map((s) => [s.entity, s.full_run]))
    this.deps.writer.transaction(() => {
      for (const { ref, record } of records) {
        if (record)
          this.deps.writer.upsert(this.companyId, ref.entity, [record as Json], runs.get(ref.entity) ?? 0)
        else this.deps.writer.remove(this.companyId, ref.entity, [ref.id])
      }
    })
    this.deps.ctx.events.emit('runway.changed', { companyId: this.companyId })
  }

  async due(): Promise<Due> {
    const row = await findCompany(this.deps.ctx.cache.db, this.companyId)
    return this.dueAfter(row?.last_sync_at ?? null, await this.deps.timing())
  }

  /** When the next sync is due, given when the last one ended and the intervals. */
  dueAfter(lastSyncAt: string | null, timing: TimingSettings): Due {
    const last = lastSyncAt ? Date.parse(lastSyncAt) : null
    return nextDue(last, this.lastActivityAt, this.deps.ctx.clock.now().getTime(), timing)
  }

  async status(): Promise<SyncStatus> {
    const company = await getCompany(this.deps.ctx.cache.db, this.companyId)
    const states = new Map(this.states().map((s) => [s.entity, s]))
    const due = await this.due()
    return {
      companyId: this.companyId,
      running: this.isRunning,
      lastSyncAt: company.last_sync_at,
      nextSyncAt: due.at === null ? null : new Date(due.at).toISOString(),
      nextStrategy: due.strategy,
      entities: SYNCED_ENTITIES.map((entity) => {
        const state = states.get(entity)
        return {
          entity,
          lastSyncedAt: state?.last_synced_at ?? null,
          rows: this.rowCount(entity),
          fullSyncInProgress: (state?.full_pages ?? null) !== null
        }
      })
    }
  }

  /** Freshness for a screen: has this entity type been synced within `ttlMs`? */
  isStale(entity: EntityName, ttlMs: number): boolean {
    const state = this.states().find((s) => s.entity === entity)
    if (!state?.last_synced_at) return true
    return this.deps.ctx.clock.now().getTime() - Date.parse(state.last_synced_at) > ttlMs
  }

  private states(): SyncStateRow[] {
    return this.deps.writer.states(this.companyId)
  }

  private rowCount(entity: EntityName): number {
    return this.deps.writer.rowCount(this.companyId, entity)
  }

  private async run(strategy: SyncStrategy): Promise<SyncSummary> {
    const { ctx } = this.deps
    const started = performance.now()
    const startedIso = ctx.clock.now().toISOString()
    const summary: SyncSummary = {
      companyId: this.companyId,
      ok: true,
      strategy,
      mode: 'none',
      fetched: 0,
      written: 0,
      deleted: 0,
      skipped: 0,
      requests: 0,
      durationMs: 0
    }
    let client: QBOClient | null = null
    let requestsBefore = 0
    try {
      client = await this.deps.connections.client(this.companyId)
      requestsBefore = client.http.stats.requests
      const startedAt = ctx.clock.now()
      const states = new Map(this.states().map((s) => [s.entity, s]))
      const needsFull = SYNCED_ENTITIES.filter((entity) => {
        const s = states.get(entity)
        if (!s || s.full_pages !== null || !s.cdc_since) return true
        return startedAt.getTime() - Date.parse(s.cdc_since) > CDC_WINDOW_MS
      })
      // Full reads, each followed by one CDC request for every type; a type whose CDC answer was
      // cut short, or that lost rows while it was being read (a deletion shifts later rows back a
      // page), is read in full again. A few rounds at most; what is left is caught by the next sync.
      let full: EntityName[] = needsFull
      const readNow = new Set<EntityName>()
      for (let round = 0; round < 3; round++) {
        let closing: Promise<CdcResult> | null = null
        if (full.length > 0) {
          summary.mode = 'full'
          const from = round === 0 ? startedAt : ctx.clock.now()
          const read = await this.fullSync(client, full, from, summary)
          for (const entity of full) readNow.add(entity)
          closing = read.closing
        }
        const { again, deleted } = await this.incremental(client, startedAt, summary, readNow, closing)
        if (again.length === 0) break
        this.deps.writer.transaction(() => {
          for (const entity of again)
            this.deps.writer.setCursor(this.companyId, {
              entity,
              fullPages: null,
              cdcSince: null,
              fullKnownDeleted: deleted.get(entity) ?? []
            })
        })
        full = again
      }
      if (summary.mode === 'none') summary.mode = 'incremental'
      const now = ctx.clock.now().toISOString()
      await updateCompany(ctx.cache.db, this.companyId, {
        last_sync_at: now,
        sync_failed_at: null,
        sync_failure: null
      })
    } catch (error) {
      summary.ok = false
      summary.error = toErrorValue(error)
      // Kept until a sync completes: the screens say why their figures are older than this sync.
      await updateCompany(ctx.cache.db, this.companyId, {
        sync_failed_at: ctx.clock.now().toISOString(),
        sync_failure: summary.error.message
      }).catch(() => undefined)
    }
    // A record met by both the full read and the CDC that follows it counts once.
    const records = [
      ...new Map(this.skipped.splice(0).map((r) => [`${r.entity}:${r.id ?? ''}:${r.problem}`, r])).values()
    ]
    summary.skipped = records.length
    if (records.length > 0) {
      await logActivity(ctx.cache.db, {
        at: ctx.clock.now().toISOString(),
        companyId: this.companyId,
        actor: 'system',
        action: 'sync.skipped-records',
        details: { count: records.length, records: records.slice(0, 100) }
      }).catch(() => undefined)
    }
    summary.requests = client ? client.http.stats.requests - requestsBefore : 0
    summary.durationMs = Math.round(performance.now() - started)
    // The history is for the user to read; a sync is not failed because its record could not be kept.
    await recordSyncRun(ctx.cache.db, summary, startedIso, ctx.clock.now().toISOString()).catch(
      () => undefined
    )
    if (summary.ok) {
      ctx.events.emit('sync.finished', summary)
      if (summary.written > 0 || summary.deleted > 0)
        ctx.events.emit('runway.changed', { companyId: this.companyId })
      // The connection works again: the outbox replays (its failures are the outbox's own to report).
      const changed = summary.mode !== 'incremental' || summary.written > 0 || summary.deleted > 0
      await ctx.hooks.emit('sync.completed', { companyId: this.companyId, changed }).catch(() => undefined)
    } else {
      appendLog(
        ctx.config.dataDir,
        ctx.clock.now().toISOString(),
        `sync failed: company ${this.companyId} (${summary.strategy}): ${summary.error!.kind}: ${summary.error!.message}`
      )
      ctx.events.emit('sync.failed', { companyId: this.companyId, error: summary.error! })
    }
    return summary
  }

  private async fullSync(
    client: QBOClient,
    entities: EntityName[],
    startedAt: Date,
    summary: SyncSummary
  ): Promise<FullRead> {
    // A hundred megabytes may follow: the WAL is copied into the database on a thread of its own.
    const release = this.deps.ctx.cache.checkpoints.hold()
    // The thread that parses the pages starts while the first request is out.
    const pagesRead = client.pages.hold?.()
    const early = new EarlyPages()
    try {
      return await this.readInFull(client, entities, startedAt, summary, early)
    } finally {
      await early.drop()
      pagesRead?.()
      release()
    }
  }

  private async readInFull(
    client: QBOClient,
    entities: EntityName[],
    startedAt: Date,
    summary: SyncSummary,
    early: EarlyPages
  ): Promise<FullRead> {
    const { writer, ctx } = this.deps
    // The first request answers quickly whether QBO is there at all; a person may be waiting.
    const answer = client.overview(
      entities,
      undefined,
      summary.strategy === 'ON_DEMAND' ? INTERACTIVE_RETRIES : undefined
    )
    // The first page of each type goes out beside it (QBO takes ten requests at once): a small
    // company's first read is then two round trips, not three. Not a first page an interrupted read
    // has written already.
    const pagesWritten = new Map(this.states().map((s) => [s.entity, s.full_pages]))
    client.askFirstPages(
      early,
      entities.filter((e) => !(JSON.parse(pagesWritten.get(e) ?? '[]') as number[]).includes(1))
    )
    const overview = await answer
    const home =
      (
        (overview.preferences.CurrencyPrefs as Json | undefined)?.HomeCurrency as
          { value?: string } | undefined
      )?.value ?? null
    writer.transaction(() => {
      writer.upsert(this.companyId, 'CompanyInfo', [overview.info as Json], 0)
      writer.setHomeCurrency(this.companyId, home)
    })
    await updateCompany(ctx.cache.db, this.companyId, { name: overview.info.CompanyName })
    // Changes made while the pages are read come in through CDC from when the read began, by QBO's
    // clock where it says its time (a laptop clock may run fast), never later than ours.
    const server = overview.serverTime ? Date.parse(overview.serverTime) : Number.NaN
    const readStart = new Date(
      Number.isFinite(server) ? Math.min(server, startedAt.getTime()) : startedAt.getTime()
    )

    // A run per entity type: a new one starts from nothing, an interrupted one keeps the pages it wrote.
    await ctx.hooks.emit('sync.fullReadStarting', { companyId: this.companyId })
    const states = new Map(this.states().map((s) => [s.entity, s]))
    const plans = entities.map((entity) => {
      const state = states.get(entity)
      let run = state?.full_run ?? 0
      let done = new Set<number>()
      // A run that starts on an empty table is fresh: nothing to replace, nothing to sweep. A resumed
      // one is not (a row shifted by a deletion may come twice).
      let fresh = false
      // A read interrupted longer ago than CDC looks back starts over: what changed since it began
      // could no longer be asked for.
      const resumable =
        state?.full_pages &&
        state.full_started_at &&
        readStart.getTime() - Date.parse(state.full_started_at) <= CDC_WINDOW_MS
      if (resumable) {
        done = new Set(JSON.parse(state.full_pages!) as number[])
      } else {
        fresh = writer.isEmpty(this.companyId, entity)
        run += 1
      }
      return {
        entity,
        run,
        done,
        fresh,
        begins: !resumable,
        total: overview.counts.get(entity) ?? 0,
        rows: 0
      }
    })
    // The runs begin in one commit: one per type wrote the cursors' page to the WAL a dozen times
    // over in every first sync (a firm syncs two hundred).
    writer.transaction(() => {
      for (const plan of plans)
        if (plan.begins)
          writer.setCursor(this.companyId, {
            entity: plan.entity,
            fullRun: plan.run,
            fullPages: [],
            fullStartedAt: readStart.toISOString(),
            fullDoneAt: null
          })
    })
    const byEntity = new Map(plans.map((p) => [p.entity, p]))
    for (const plan of plans)
      ctx.events.emit('sync.progress', {
        companyId: this.companyId,
        entity: plan.entity,
        done: 0,
        total: plan.total
      })

    // The CDC request that closes the read goes out once QBO has answered every page, from where
    // the cursors will start: its round trip overlaps the writing of the pages still waiting.
    const begun = new Map(this.states().map((s) => [s.entity, s.full_started_at]))
    const cursors = new Map(plans.map((p) => [p.entity, begun.get(p.entity) ?? readStart.toISOString()]))
    let closing: Promise<CdcResult> | null = null
    const onFetched = (): void => {
      closing = this.requestCdc(client, summary, cursors)
      closing?.catch(() => undefined) // awaited by incremental, or below when the read fails
    }

    // Pages of every entity type share one pool (the limiter keeps it at 10 in flight) and are
    // written as they arrive, each with its place in the cursor, in one transaction.
    try {
      await client.readAll(
        plans.map((p) => ({ entity: p.entity, total: p.total, skip: p.done })),
        (page) => {
          const plan = byEntity.get(page.entity)!
          writer.transaction(() => {
            const { skipped } = page.parsed
            const written = writer.upsertPage(
              this.companyId,
              page.entity,
              { rows: page.parsed.rows, bytes: page.bytes },
              plan.run,
              plan.fresh
            )
            // A record QBO still has but that fails validation keeps its last good copy, not swept.
            writer.keep(
              this.companyId,
              page.entity,
              skipped.flatMap((r) => (r.id ? [r.id] : [])),
              plan.run
            )
            summary.written += written
            this.skipped.push(...skipped)
            plan.done.add(page.startPosition)
            writer.setCursor(this.companyId, { entity: page.entity, fullPages: [...plan.done] })
          })
          summary.fetched += page.rowCount
          plan.rows += page.rowCount
          ctx.events.emit('sync.progress', {
            companyId: this.companyId,
            entity: page.entity,
            done: plan.rows,
            total: Math.max(plan.total, plan.rows)
          })
        },
        // A small company's dozen pages arrive together: one commit for those waiting at once.
        { onFetched, together: (write) => writer.transaction(write), early }
      )

      const now = ctx.clock.now().toISOString()
      writer.transaction(() => {
        for (const plan of plans) {
          if (!plan.fresh) summary.deleted += writer.sweep(this.companyId, plan.entity, plan.run)
          writer.setCursor(this.companyId, {
            entity: plan.entity,
            fullPages: null,
            // Open until the closing CDC answer tells when, by QBO's clock (ours may run behind it).
            fullDoneAt: null,
            // Changes made while the pages were being read arrive through CDC from when it began.
            cdcSince: cursors.get(plan.entity)!,
            lastSyncedAt: now
          })
        }
      })
    } catch (error) {
      // No request outlives the sync that made it.
      await (closing as Promise<CdcResult> | null)?.catch(() => undefined)
      throw error
    }
    return { closing }
  }

  /**
   * One CDC request for every entity type, from the earliest cursor (a little before it); `pending`:
   * cursors a full read under way will set. Null when no type has a cursor yet.
   */
  private requestCdc(
    client: QBOClient,
    summary: SyncSummary,
    pending?: ReadonlyMap<EntityName, string>
  ): Promise<CdcResult> | null {
    const cursors = this.states().map((s) => pending?.get(s.entity as EntityName) ?? s.cdc_since)
    const since = Math.min(...cursors.map((c) => (c ? Date.parse(c) : Number.NaN)).filter(Number.isFinite))
    if (!Number.isFinite(since)) return null
    const changedSince = new Date(since - CDC_OVERLAP_MS).toISOString()
    return client.cdc(
      SYNCED_ENTITIES,
      changedSince,
      undefined,
      summary.strategy === 'ON_DEMAND' ? INTERACTIVE_RETRIES : undefined
    )
  }

  /**
   * Applies one CDC answer (`closing`: the one a full read sent early; `readNow`: the types read in
   * full during this sync). Returns the types to read in full again, and the ids each type's
   * deletions in this answer carried (known before that read begins, so never its cause).
   */
  private async incremental(
    client: QBOClient,
    startedAt: Date,
    summary: SyncSummary,
    readNow: ReadonlySet<EntityName>,
    closing: Promise<CdcResult> | null
  ): Promise<{ again: EntityName[]; deleted: Map<EntityName, string[]> }> {
    const { writer } = this.deps
    const request = closing ?? this.requestCdc(client, summary)
    if (!request) return { again: [], deleted: new Map() }
    const cdc = await request
    const states = this.states()
    const now = this.deps.ctx.clock.now().toISOString()
    // The next cursor by QBO's clock where it says its time, never later than ours.
    const server = cdc.serverTime ? Date.parse(cdc.serverTime) : Number.NaN
    const cursor = new Date(
      Number.isFinite(server) ? Math.min(server, startedAt.getTime()) : startedAt.getTime()
    ).toISOString()
    // A read of this sync ended, by QBO's clock, no later than its closing CDC answer.
    const readUntil = Number.isFinite(server) ? new Date(server).toISOString() : null
    const refull = new Set<EntityName>(cdc.truncated)
    writer.transaction(() => {
      for (const entity of SYNCED_ENTITIES) {
        if (refull.has(entity)) continue
        const changed = (cdc.changed[entity] ?? []) as Json[]
        summary.fetched += changed.length
        summary.written += writer.upsert(
          this.companyId,
          entity,
          changed,
          states.find((s) => s.entity === entity)?.full_run ?? 0
        )
        const gone = cdc.deleted.filter((d) => d.entity === entity).map((d) => d.id)
        summary.deleted += writer.remove(this.companyId, entity, gone)
        // This answer closes the types read since the last one (a type read in an earlier round
        // keeps the end its own closing answer gave it).
        const closes = readNow.has(entity) && !states.find((s) => s.entity === entity)?.full_done_at
        writer.setCursor(this.companyId, {
          entity,
          cdcSince: cursor,
          lastSyncedAt: now,
          ...(closes && readUntil ? { fullDoneAt: readUntil } : {})
        })
      }
      this.cdcApplied += 1
    })
    this.skipped.push(...cdc.skipped)
    // A deletion while a type's pages were being read shifts later rows back by one, so a page may
    // have skipped a row. The type is read again when CDC shows a deletion made during its last full
    // read, whichever sync's CDC shows it: from when the read began (a resumed read began before it
    // was interrupted) until QBO answered the CDC that closed it, in QBO's time. QBO stamps a
    // deletion to the second, so one stamped in the second the read began counts (the read's start
    // carries milliseconds), and one stamped after the closing answer cannot have been during it,
    // however soon after. A deletion QBO had shown before the read began is what caused it: never
    // again. With no closing answer (it failed), every later deletion counts, once. A deletion of
    // unknown time counts only for a type read during this sync.
    const deleted = new Map<EntityName, string[]>()
    for (const d of cdc.deleted) deleted.set(d.entity, [...(deleted.get(d.entity) ?? []), d.id])
    for (const d of cdc.deleted) {
      const state = states.find((s) => s.entity === d.entity)
      if (!state?.full_started_at) continue
      if (state.full_known_deleted && (JSON.parse(state.full_known_deleted) as string[]).includes(d.id))
        continue
      if (d.at === null) {
        if (readNow.has(d.entity)) refull.add(d.entity)
        continue
      }
      const at = Date.parse(d.at)
      const from = Math.floor(Date.parse(state.full_started_at) / 1000) * 1000
      const done = state.full_done_at ?? (readNow.has(d.entity) ? readUntil : null)
      const until = done ? Date.parse(done) : Number.POSITIVE_INFINITY
      if (at >= from && at <= until) refull.add(d.entity)
    }
    return { again: [...refull], deleted }
  }
}

function notFoundAsNull(error: unknown): null {
  if (error instanceof QboError && error.qboKind === 'not-found') return null
  throw error
}
