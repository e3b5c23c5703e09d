// The offline outbox: a user action attempted while QBO is unreachable waits here with its request
// id, shown as pending, and is replayed exactly once when the connection returns. This file keeps
// the records; the actions replay them (actions/outbox-replay.ts).

import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { OutboxItem } from '../../../shared/runway'
import type { Clock } from '../../../shared/dates'
import type { DB } from '../db/schema'
import type { EventBus } from '../events'

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
    private readonly db: Kysely<DB>,
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
    const now = this.clock.now().toISOString()
    await this.db
      .insertInto('outbox')
      .values({
        id,
        company_id: entry.companyId,
        request_id: entry.requestId,
        action: entry.action,
        payload_json: JSON.stringify(entry.payload),
        summary: entry.summary,
        status: entry.status ?? 'pending',
        problem: null,
        result_json: null,
        created_at: now,
        updated_at: now
      })
      .execute()
    if (entry.status !== 'live') this.events.emit('outbox.changed', { companyId: entry.companyId })
    return id
  }

  /** Live entries left by an app that died mid-way: they wait for the replay now. */
  async recoverLive(): Promise<void> {
    const rows = await this.db.updateTable('outbox').set({ status: 'pending' }).where('status', '=', 'live').returning('company_id').execute()
    for (const companyId of new Set(rows.map((r) => r.company_id))) this.events.emit('outbox.changed', { companyId })
  }

  /**
   * Takes a waiting entry for a replay; false when it is no longer waiting (settled, or taken, since
   * the list was read).
   */
  async claim(id: string): Promise<boolean> {
    const row = await this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'running', updated_at: this.clock.now().toISOString(), attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'running'])
      .returning('company_id')
      .executeTakeFirst()
    if (row) this.events.emit('outbox.changed', { companyId: row.company_id })
    return Boolean(row)
  }

  /** Waiting entries in the order they were made; 'running' ones are from a replay a crash cut short (live ones are their action's). */
  async waiting(companyId: string): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('company_id', '=', companyId)
      .where('status', 'in', ['pending', 'running'])
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map((r) => ({
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

  async mark(id: string, status: OutboxEntry['status'], extra: { problem?: string | null; result?: unknown } = {}): Promise<void> {
    const row = await this.db
      .updateTable('outbox')
      .set({
        status,
        updated_at: this.clock.now().toISOString(),
        ...(extra.problem !== undefined ? { problem: extra.problem } : {}),
        ...(extra.result !== undefined ? { result_json: JSON.stringify(extra.result) } : {})
      })
      .where('id', '=', id)
      .returning('company_id')
      .executeTakeFirst()
    if (row) this.events.emit('outbox.changed', { companyId: row.company_id })
  }

  async list(companyId?: string): Promise<OutboxItem[]> {
    let query = this.db.selectFrom('outbox').selectAll().where('status', '!=', 'live').orderBy('created_at', 'desc').limit(200)
    if (companyId) query = query.where('company_id', '=', companyId)
    return (await query.execute()).map((r) => ({
      id: r.id,
      companyId: r.company_id,
      action: r.action,
      summary: r.summary,
      status: r.status === 'running' || r.status === 'live' ? 'pending' : r.status,
      createdAt: r.created_at,
      attempts: r.attempts,
      problem: r.problem
    }))
  }

  /**
   * What entries still waiting would act on: the bills a payment pays, the invoice a reminder is
   * for. Acting on them again now could do it twice.
   */
  async pendingTargets(companyId: string, action: 'bills.pay' | 'collections.sendReminder'): Promise<Set<string>> {
    const ids = new Set<string>()
    for (const entry of await this.waiting(companyId)) {
      if (entry.action !== action) continue
      if (action === 'bills.pay') for (const bill of (entry.payload as { bills: { id: string }[] }).bills) ids.add(bill.id)
      else ids.add((entry.payload as { invoiceId: string }).invoiceId)
    }
    return ids
  }

  /** A live entry its action settled (QBO answered): the audit trail keeps the record. */
  async removeLive(id: string): Promise<void> {
    await this.db.deleteFrom('outbox').where('id', '=', id).where('status', '=', 'live').execute()
  }

  async dismiss(id: string): Promise<boolean> {
    const row = await this.db.deleteFrom('outbox').where('id', '=', id).where('status', 'in', ['conflict', 'failed', 'done']).returning('company_id').executeTakeFirst()
    if (row) this.events.emit('outbox.changed', { companyId: row.company_id })
    return Boolean(row)
  }
}
