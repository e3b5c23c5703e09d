// The offline outbox: a user action attempted while QBO is unreachable waits here with its request
// id, shown as pending, and is replayed exactly once when the connection returns. This file says
// what an entry's state means and tells the windows; db/outbox.ts stores it, outbox-replay.ts
// replays it. Digest emails waiting for the mail server (or stopped by it) are listed here too, so
// the user sees everything not yet gone in one place; they stay in digest_sends and the mailer
// sends them (email/mailer.ts).

import { randomUUID } from 'node:crypto'
import type { OutboxItem } from '../../../shared/views'
import type { Clock } from '../../../shared/dates'
import {
  claimOutboxEntry,
  deleteLiveOutboxEntry,
  deleteSettledOutboxEntry,
  insertOutboxEntry,
  listOutboxEntries,
  markOutboxEntry,
  moveOutboxStatus,
  waitingOutboxEntries,
  waitingTargets
} from '../db/outbox'
import type { CacheDb } from '../db/connect'
import {
  forgetUnsentDigestBatch,
  PORTFOLIO_SCOPE,
  unsentDigestBatches,
  type UnsentDigestBatch
} from '../db/digests'
import { logActivity } from '../db/activity'
import { AppError } from '../errors'
import { actor } from './actor'
import type { EventBus } from '../events'
import { QboError } from '../qbo/errors'

/** Outbox ids of digest emails: their batch id, told apart from the QBO outbox's own ids. */
const DIGEST_PREFIX = 'digest:'

function digestEmail(b: UnsentDigestBatch): { companyId: string | null; summary: string } {
  const portfolio = b.scope === PORTFOLIO_SCOPE
  return {
    companyId: portfolio ? null : b.scope,
    summary: `Email the ${portfolio ? 'portfolio ' : ''}digest of the week ending ${b.week_end} to ${b.recipients}`
  }
}

export interface OutboxEntry<P = unknown> {
  id: string
  companyId: string
  requestId: string
  action: string
  payload: P
  summary: string
  status: OutboxItem['status'] | 'running' | 'live'
  attempts: number
}

export class Outbox {
  constructor(
    private readonly cache: CacheDb,
    private readonly clock: Clock,
    private readonly events: EventBus
  ) {}

  /**
   * `live`: written before a live action asks QBO. The replay and the lists leave it to the action,
   * which removes it or lets it wait; one found at start-up (the app died mid-way) waits for the
   * replay like any other.
   */
  async enqueue(entry: {
    companyId: string
    requestId: string
    action: string
    payload: unknown
    summary: string
    status?: 'pending' | 'live'
  }): Promise<string> {
    const id = randomUUID()
    await insertOutboxEntry(this.cache.db, {
      id,
      companyId: entry.companyId,
      requestId: entry.requestId,
      action: entry.action,
      payloadJson: JSON.stringify(entry.payload),
      summary: entry.summary,
      status: entry.status ?? 'pending',
      now: this.clock.now().toISOString()
    })
    if (entry.status !== 'live') this.events.emit('outbox.changed', { companyId: entry.companyId })
    return id
  }

  /** Live entries left by an app that died mid-way: they wait for the replay now. */
  async recoverLive(): Promise<void> {
    for (const companyId of new Set(await moveOutboxStatus(this.cache.db, 'live', 'pending'))) {
      this.events.emit('outbox.changed', { companyId })
    }
  }

  /**
   * Takes a waiting entry for a replay; false when it is no longer waiting (settled, or taken, since
   * the list was read).
   */
  async claim(id: string): Promise<boolean> {
    const companyId = await claimOutboxEntry(this.cache.db, id, this.clock.now().toISOString())
    if (companyId) this.events.emit('outbox.changed', { companyId })
    return companyId !== null
  }

  /** Waiting entries in the order they were made; 'running' ones are from a replay a crash cut short (live ones are their action's). */
  async waiting(companyId: string): Promise<OutboxEntry[]> {
    return (await waitingOutboxEntries(this.cache.db, companyId)).map((r) => ({
      id: r.id,
      companyId: r.company_id,
      requestId: r.request_id,
      action: r.action,
      payload: JSON.parse(r.payload_json) as unknown,
      summary: r.summary,
      status: r.status,
      attempts: r.attempts
    }))
  }

  async mark(
    id: string,
    status: OutboxEntry['status'],
    extra: { problem?: string | null; result?: unknown } = {}
  ): Promise<void> {
    const companyId = await markOutboxEntry(this.cache.db, id, {
      status,
      now: this.clock.now().toISOString(),
      ...(extra.problem !== undefined ? { problem: extra.problem } : {}),
      ...(extra.result !== undefined ? { resultJson: JSON.stringify(extra.result) } : {})
    })
    if (companyId) this.events.emit('outbox.changed', { companyId })
  }

  async list(companyId?: string): Promise<OutboxItem[]> {
    const actions: OutboxItem[] = (await listOutboxEntries(this.cache.db, companyId)).map((r) => ({
      id: r.id,
      companyId: r.company_id,
      action: r.action,
      summary: r.summary,
      status: r.status === 'running' || r.status === 'live' ? 'pending' : r.status,
      createdAt: r.created_at,
      attempts: r.attempts,
      problem: r.problem
    }))
    const emails: OutboxItem[] = unsentDigestBatches(this.cache.sqlite, companyId).map((b) => ({
      id: `${DIGEST_PREFIX}${b.batch_id}`,
      ...digestEmail(b),
      action: 'digest.send',
      status: b.status === 'failed' ? 'failed' : 'pending',
      createdAt: b.requested_at,
      attempts: b.attempts,
      problem: b.problem,
      digest: { weekEnd: b.week_end, to: b.recipients.split(', ') }
    }))
    return [...actions, ...emails].sort((a, b) => a.createdAt.localeCompare(b.createdAt))
  }

  /**
   * What entries still waiting would act on: the bills a payment pays, the invoice a reminder is
   * for. Acting on them again now could do it twice.
   */
  pendingTargets(
    companyId: string,
    action: 'bills.pay' | 'collections.sendReminder' | 'collections.remindCustomer'
  ): Set<string> {
    return waitingTargets(this.cache.sqlite, companyId, action)
  }

  /** Invoices a reminder waiting here would email about, one invoice's or a customer's. */
  pendingReminderTargets(companyId: string): Set<string> {
    return new Set([
      ...this.pendingTargets(companyId, 'collections.sendReminder'),
      ...this.pendingTargets(companyId, 'collections.remindCustomer')
    ])
  }

  /** A live entry its action settled (QBO answered): the audit trail keeps the record. */
  async removeLive(id: string): Promise<void> {
    await deleteLiveOutboxEntry(this.cache.db, id)
  }

  /** Forgets a settled entry (done, failed, conflict); one still waiting or unknown is not found. */
  async dismiss(id: string): Promise<{ dismissed: true }> {
    const entry = id.startsWith(DIGEST_PREFIX)
      ? this.forgetDigestEmail(id.slice(DIGEST_PREFIX.length))
      : await deleteSettledOutboxEntry(this.cache.db, id)
    if (!entry) throw new AppError('not-found', 'no finished outbox entry with that id', { field: 'id' })
    const companyId = entry.company_id
    // The entry goes; the audit trail keeps that it was dismissed, and what it had come to.
    await logActivity(this.cache.db, {
      at: this.clock.now().toISOString(),
      companyId,
      actor: actor(),
      action: 'outbox.dismissed',
      details: { summary: `Dismissed: ${entry.summary}`, outcome: entry.status, problem: entry.problem }
    })
    if (companyId) this.events.emit('outbox.changed', { companyId })
    return { dismissed: true }
  }

  /**
   * A digest email is dismissed whether it failed or still waits: a waiting one is cancelled, and
   * can be sent again from the Digests screen. One being sent right now is not found.
   */
  private forgetDigestEmail(
    batchId: string
  ): { company_id: string | null; summary: string; status: string; problem: string | null } | null {
    const batch = forgetUnsentDigestBatch(this.cache.sqlite, batchId)
    if (!batch) return null
    const { companyId, summary } = digestEmail(batch)
    return {
      company_id: companyId,
      summary,
      status: batch.status === 'failed' ? 'failed' : 'cancelled',
      problem: batch.problem
    }
  }

  /**
   * A live action with its entry written first: if the app dies while QBO is being asked, the entry
   * is there after a restart (the bills or invoice show it waiting, a second try is refused) and the
   * replay settles it by what QBO has. QBO answered: the entry goes. Unreachable: it waits for the
   * replay. Refused by QBO: it goes, and the error is the caller's.
   */
  async around<T>(
    entry: { companyId: string; requestId: string; action: string; payload: unknown; summary: string },
    send: () => Promise<T>
  ): Promise<{ sent: T } | { queued: QboError }> {
    const id = await this.enqueue({ ...entry, status: 'live' })
    try {
      const sent = await send()
      await this.removeLive(id)
      return { sent }
    } catch (error) {
      if (!isOffline(error)) {
        await this.removeLive(id)
        throw error
      }
      await this.mark(id, 'pending')
      return { queued: error as QboError }
    }
  }
}

/**
 * QBO could not be reached, or kept failing on its side (5xx after retries): the action can wait in
 * the outbox. Its request id and the marker in the payment make a replay safe even if QBO did apply
 * it before failing.
 */
export function isOffline(error: unknown): boolean {
  return error instanceof QboError && (error.qboKind === 'network' || error.qboKind === 'server')
}
