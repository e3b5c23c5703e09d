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
  status: OutboxItem['status'] | 'running'
  attempts: number
}

export class Outbox {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly events: EventBus
  ) {}

  /**
   * `running`: written before a live action asks QBO, so that if the app dies before the answer the
   * entry is still there for the replay to settle (the actions remove it, or let it wait, after).
   */
  async enqueue(entry: {
    companyId: string
    requestId: string
    action: string
    payload: unknown
    summary: string
    status?: 'pending' | 'running'
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
    this.events.emit('outbox.changed', { companyId: entry.companyId })
    return id
  }

  /** Waiting entries in the order they were made; 'running' ones are from a replay a crash cut short. */
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
      .set((eb) => ({
        status,
        updated_at: this.clock.now().toISOString(),
        attempts: status === 'running' ? eb('attempts', '+', 1) : eb.ref('attempts'),
        ...(extra.problem !== undefined ? { problem: extra.problem } : {}),
        ...(extra.result !== undefined ? { result_json: JSON.stringify(extra.result) } : {})
      }))
      .where('id', '=', id)
      .returning('company_id')
      .executeTakeFirst()
    if (row) this.events.emit('outbox.changed', { companyId: row.company_id })
  }

  async list(companyId?: string): Promise<OutboxItem[]> {
    let query = this.db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').limit(200)
    if (companyId) query = query.where('company_id', '=', companyId)
    return (await query.execute()).map((r) => ({
      id: r.id,
      companyId: r.company_id,
      action: r.action,
      summary: r.summary,
      status: r.status === 'running' ? 'pending' : r.status,
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

  /** An entry a live action settled itself (QBO answered): the audit trail keeps the record. */
  async remove(id: string): Promise<void> {
    const row = await this.db.deleteFrom('outbox').where('id', '=', id).returning('company_id').executeTakeFirst()
    if (row) this.events.emit('outbox.changed', { companyId: row.company_id })
  }

  async dismiss(id: string): Promise<boolean> {
    const row = await this.db.deleteFrom('outbox').where('id', '=', id).where('status', 'in', ['conflict', 'failed', 'done']).returning('company_id').executeTakeFirst()
    if (row) this.events.emit('outbox.changed', { companyId: row.company_id })
    return Boolean(row)
  }
}
