// The one home of background work, on node-schedule, only while the app is open: scheduled and
// background syncs, and the reminder when a planned payment date arrives. On start it catches up
// on what was missed. Every run is logged in job_runs; a job never overlaps itself.

import schedule from 'node-schedule'
import type { CoreContext } from '../context'
import type { DigestExperience } from '../experiences/digest'
import type { FirmService } from '../firm/service'
import { finishJobRun, startJobRun } from '../db/activity'
import { duePlannedPayments, markPlannedPaymentsAnnounced } from '../db/decisions'
import { companiesWithBooks, digestWeeks, storeDigest } from '../db/digests'
import { readSettings } from '../db/settings'
import type { SyncCoordinator } from '../sync'
import { isDue, type Due } from '../sync/strategies'
import { addDays } from '../../../shared/dates'
import { appendLog } from '../log'
import { companyToday, digestWeekEnd, dueDigestWeekEnd } from '../today'

const HOUR_MS = 3_600_000
/** How many weeks back a closed app's missing digests are made when it opens again. */
const MISSED_WEEKS = 12
/**
 * Due syncs run this many at once: each parses and writes on the core's one thread, so a firm's
 * hundreds of companies coming due together queue here instead of crowding out the screens (and,
 * on two cores, the rest of the machine); a sync mostly waits on QBO, so two keep the queue short.
 */
export const SYNCS_AT_ONCE = 2

export class JobScheduler {
  private readonly running = new Set<string>()
  /** Companies whose digests are being made (by the hourly pass or a sync's catch-up). */
  private readonly digesting = new Set<string>()
  /** Companies whose due sync waits for a slot (a later tick must not queue them twice). */
  private readonly queued = new Set<string>()
  private syncing = 0
  private readonly slots: (() => void)[] = []
  private job: schedule.Job | null = null
  private lastPaymentDates = Number.NEGATIVE_INFINITY

  constructor(
    private readonly ctx: CoreContext,
    private readonly sync: SyncCoordinator,
    private readonly digest: DigestExperience,
    /** In a firm, one desktop makes each client's digest and the others keep that one. */
    private readonly firm: FirmService,
    /** Emails waiting for the mail server: tried every minute, each goes once. */
    private readonly mail?: { waiting(): boolean; retryQueued(): Promise<Record<string, unknown>> }
  ) {}

  start(): void {
    if (this.job) return
    // A tick that fails (the database closing under it at shutdown) is tried again next minute.
    this.job = schedule.scheduleJob(
      'runway-minute',
      '* * * * *',
      () => void this.tick().catch(() => undefined)
    )
    void this.tick().catch(() => undefined)
  }

  stop(): void {
    this.job?.cancel()
    this.job = null
  }

  /** One pass over every job that may be due: what the minute timer runs. */
  async tick(): Promise<void> {
    const syncs = await this.sync.dueSyncs()
    const now = this.ctx.clock.now().getTime()
    // Planned dates are calendar days: once an hour is often enough, and keeps the job log short.
    const datesDue = now - this.lastPaymentDates >= HOUR_MS
    if (datesDue) this.lastPaymentDates = now
    await Promise.all([
      ...syncs.filter(({ due }) => isDue(due, now)).map(({ companyId, due }) => this.runSync(companyId, due)),
      ...(datesDue ? [this.run('payment-dates', null, () => this.paymentDates())] : []),
      // The user file's online backup, when the newest is an hour old (db/data-files.ts).
      ...(datesDue
        ? [this.run('backup', null, async () => ({ file: await this.ctx.cache.backUpIfDue() }))]
        : [])
    ])
    // After the syncs, so a digest made now reads fresh books.
    if (datesDue) await this.run('digests', null, () => this.digests())
    const mail = this.mail
    if (mail?.waiting()) await this.run('digest-mail', null, () => mail.retryQueued())
  }

  /**
   * Every finished week's digest that is missing, for every company with books: this week's, and
   * the weeks the app was closed through (back to the week it first had the company's books, at
   * most MISSED_WEEKS). A missed week's digest is made late, from the books as they are now, and
   * says so; a week is never made twice, whatever restarts come between.
   */
  private async digests(only?: string): Promise<Record<string, unknown>> {
    const { sqlite } = this.ctx.cache
    const settings = await readSettings(this.ctx.cache.db)
    const weekEnd = dueDigestWeekEnd(this.ctx.clock.now(), settings.digestWeekday, settings.digestTime)
    let made = 0
    for (const { id: companyId, first } of companiesWithBooks(sqlite, only)) {
      // The hourly pass and a sync's catch-up may meet on one company: one of them makes its weeks.
      if (this.digesting.has(companyId)) continue
      this.digesting.add(companyId)
      try {
        made += await this.digestsOf(companyId, first, weekEnd, settings.digestWeekday)
      } finally {
        this.digesting.delete(companyId)
      }
    }
    return { weekEnd, made }
  }

  /** One company's missing weeks (see `digests`); how many it made. */
  private async digestsOf(
    companyId: string,
    first: string,
    weekEnd: string,
    weekday: number
  ): Promise<number> {
    const { sqlite } = this.ctx.cache
    const done = new Set(digestWeeks(sqlite, companyId))
    // The first week that ends once the company's books are here: a digest of a week before them
    // would be today's figures under an earlier date (and each desktop of a firm would make its own).
    const firstWeek = digestWeekEnd(addDays(first, 6), weekday)
    let made = 0
    for (let w = MISSED_WEEKS; w >= 0; w -= 1) {
      const end = addDays(weekEnd, -7 * w)
      if (end < firstWeek || done.has(end)) continue
      storeDigest(
        sqlite,
        await this.firm.digestOnce(companyId, end, () => this.digest.compose(companyId, end))
      )
      this.ctx.events.emit('digest.ready', { companyId, weekEnd: end })
      made += 1
    }
    return made
  }

  /**
   * The synced company's missing digests now, not at the next hourly pass: a sync on the digest day
   * makes the week's at once. Only its own: the hourly pass covers the rest, and a firm's "sync all"
   * would otherwise look at every company after each of its hundreds of syncs.
   */
  async catchUpDigests(companyId: string): Promise<void> {
    await this.run('digests', companyId, () => this.digests(companyId))
  }

  private async runSync(companyId: string, due: Due): Promise<void> {
    const service = this.sync.service(companyId)
    if (this.queued.has(companyId) || service.isRunning) return
    this.queued.add(companyId)
    try {
      await this.slot()
    } finally {
      this.queued.delete(companyId)
    }
    try {
      await this.run(`sync:${due.strategy}`, companyId, async () => {
        const summary = await service.sync(due.strategy)
        if (!summary.ok) throw new Error(summary.error?.message ?? 'sync failed')
        return {
          mode: summary.mode,
          fetched: summary.fetched,
          written: summary.written,
          requests: summary.requests
        }
      })
    } finally {
      this.release()
    }
  }

  private slot(): Promise<void> {
    if (this.syncing < SYNCS_AT_ONCE) {
      this.syncing += 1
      return Promise.resolve()
    }
    return new Promise((resolve) => this.slots.push(resolve))
  }

  /** Hands the slot straight to the next waiting sync, if any. */
  private release(): void {
    const next = this.slots.shift()
    if (next) next()
    else this.syncing -= 1
  }

  /** Planned payment dates that have arrived: tell the user once per date. */
  private async paymentDates(): Promise<Record<string, unknown>> {
    const today = companyToday(this.ctx.clock)
    const { sqlite } = this.ctx.cache
    const due = duePlannedPayments(sqlite, today)
    const byCompany = new Map<string, string[]>()
    for (const row of due)
      byCompany.set(row.company_id, [...(byCompany.get(row.company_id) ?? []), row.bill_id])
    const now = this.ctx.clock.now().toISOString()
    for (const [companyId, billIds] of byCompany) {
      markPlannedPaymentsAnnounced(sqlite, companyId, billIds, now)
      this.ctx.events.emit('bills.payDue', { companyId, billIds })
    }
    return { reminded: due.length }
  }

  /** Runs a job unless the same job is already running, and logs start, end and outcome. */
  private async run(
    job: string,
    companyId: string | null,
    fn: () => Promise<Record<string, unknown>>
  ): Promise<void> {
    const key = `${job}:${companyId ?? ''}`
    if (this.running.has(key)) return
    this.running.add(key)
    const { sqlite } = this.ctx.cache
    const id = startJobRun(sqlite, job, companyId, this.ctx.clock.now().toISOString())
    try {
      const details = await fn()
      finishJobRun(sqlite, id, this.ctx.clock.now().toISOString(), 'ok', details)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const at = this.ctx.clock.now().toISOString()
      finishJobRun(sqlite, id, at, 'failed', { error: message })
      appendLog(
        this.ctx.config.dataDir,
        at,
        `job ${job}${companyId ? ` (company ${companyId})` : ''} failed: ${message}`
      )
    } finally {
      this.running.delete(key)
    }
  }
}
