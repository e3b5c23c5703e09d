// The one home of background work, on node-schedule, only while the app is open: scheduled and
// background syncs, and the reminder when a planned payment date arrives. On start it catches up
// on what was missed. Every run is logged in job_runs; a job never overlaps itself.

import schedule from 'node-schedule'
import { addDays, toDayNumber, type LocalDate } from '../../../shared/dates'
import type { CoreContext } from '../context'
import type { DigestExperience } from '../experiences/digest'
import { readSettings } from '../settings/repository'
import type { SyncCoordinator } from '../sync'
import { isDue } from '../sync/strategies'
import { companyToday } from '../today'

/** The last day of the digest week that ends on or before `today` (weekday 0 = Sunday). */
export function digestWeekEnd(today: LocalDate, weekday: number): LocalDate {
  // 1970-01-01 was a Thursday (weekday 4).
  const todayWeekday = (((toDayNumber(today) + 4) % 7) + 7) % 7
  return addDays(today, -((todayWeekday - weekday + 7) % 7))
}

const HOUR_MS = 3_600_000

export class JobScheduler {
  private readonly running = new Set<string>()
  private job: schedule.Job | null = null
  private lastPaymentDates = Number.NEGATIVE_INFINITY

  constructor(
    private readonly ctx: CoreContext,
    private readonly sync: SyncCoordinator,
    private readonly digest: DigestExperience
  ) {}

  start(): void {
    if (this.job) return
    // A tick that fails (the database closing under it at shutdown) is tried again next minute.
    this.job = schedule.scheduleJob('runway-minute', '* * * * *', () => void this.tick().catch(() => undefined))
    void this.tick().catch(() => undefined)
  }

  stop(): void {
    this.job?.cancel()
    this.job = null
  }

  /** One pass over every job that may be due: what the minute timer runs. */
  async tick(): Promise<void> {
    const companyIds = await this.sync.connectedCompanyIds()
    const now = this.ctx.clock.now().getTime()
    // Planned dates are calendar days: once an hour is often enough, and keeps the job log short.
    const datesDue = now - this.lastPaymentDates >= HOUR_MS
    if (datesDue) this.lastPaymentDates = now
    await Promise.all([
      ...companyIds.map((companyId) => this.runSyncIfDue(companyId)),
      ...(datesDue ? [this.run('payment-dates', null, () => this.paymentDates())] : [])
    ])
    // After the syncs, so a digest made now reads fresh books.
    if (datesDue) await this.run('digests', null, () => this.digests())
  }

  /** This week's digest for every company that has books and has none yet (catch-up included). */
  private async digests(): Promise<Record<string, unknown>> {
    const { sqlite } = this.ctx.cache
    const settings = await readSettings(this.ctx.cache.db)
    const weekEnd = digestWeekEnd(companyToday(this.ctx.clock), settings.digestWeekday)
    const missing = sqlite
      .prepare(
        `select c.id from companies c
         where exists (select 1 from runway_snapshots s where s.company_id = c.id)
           and not exists (select 1 from digests d where d.company_id = c.id and d.week_end = ?)`
      )
      .pluck()
      .all(weekEnd) as string[]
    const insert = sqlite.prepare('insert or ignore into digests (company_id, week_end, generated_at, digest_json) values (?, ?, ?, ?)')
    for (const companyId of missing) {
      const view = this.digest.compose(companyId, weekEnd)
      insert.run(companyId, weekEnd, view.generatedAt, JSON.stringify(view))
      this.ctx.events.emit('digest.ready', { companyId, weekEnd })
    }
    return { weekEnd, made: missing.length }
  }

  private async runSyncIfDue(companyId: string): Promise<void> {
    const service = this.sync.service(companyId)
    const due = await service.due()
    if (!isDue(due, this.ctx.clock.now().getTime()) || service.isRunning) return
    await this.run(`sync:${due.strategy}`, companyId, async () => {
      const summary = await service.sync(due.strategy)
      if (!summary.ok) throw new Error(summary.error?.message ?? 'sync failed')
      return { mode: summary.mode, fetched: summary.fetched, written: summary.written, requests: summary.requests }
    })
  }

  /** Planned payment dates that have arrived: tell the user once per date. */
  private async paymentDates(): Promise<Record<string, unknown>> {
    const today = companyToday(this.ctx.clock)
    const { sqlite } = this.ctx.cache
    const due = sqlite
      .prepare(
        `select s.company_id, s.bill_id from bill_schedules s
         join qbo_bills b on b.company_id = s.company_id and b.qbo_id = s.bill_id and b.balance_cents > 0
         where s.pay_on <= ? and s.reminded_at is null`
      )
      .all(today) as { company_id: string; bill_id: string }[]
    const byCompany = new Map<string, string[]>()
    for (const row of due) byCompany.set(row.company_id, [...(byCompany.get(row.company_id) ?? []), row.bill_id])
    const now = this.ctx.clock.now().toISOString()
    const mark = sqlite.prepare('update bill_schedules set reminded_at = ? where company_id = ? and bill_id = ?')
    for (const [companyId, billIds] of byCompany) {
      for (const billId of billIds) mark.run(now, companyId, billId)
      this.ctx.events.emit('bills.payDue', { companyId, billIds })
    }
    return { reminded: due.length }
  }

  /** Runs a job unless the same job is already running, and logs start, end and outcome. */
  private async run(job: string, companyId: string | null, fn: () => Promise<Record<string, unknown>>): Promise<void> {
    const key = `${job}:${companyId ?? ''}`
    if (this.running.has(key)) return
    this.running.add(key)
    const { sqlite } = this.ctx.cache
    const id = sqlite
      .prepare('insert into job_runs (job, company_id, started_at) values (?, ?, ?)')
      .run(job, companyId, this.ctx.clock.now().toISOString()).lastInsertRowid
    const finish = sqlite.prepare('update job_runs set finished_at = ?, outcome = ?, details_json = ? where id = ?')
    try {
      const details = await fn()
      finish.run(this.ctx.clock.now().toISOString(), 'ok', JSON.stringify(details), id)
    } catch (error) {
      finish.run(this.ctx.clock.now().toISOString(), 'failed', JSON.stringify({ error: error instanceof Error ? error.message : String(error) }), id)
    } finally {
      this.running.delete(key)
    }
  }
}
