// The outbox table: actions waiting for QBO, with their request ids. What a status means, and the
// events that tell the windows, belong to the actions (actions/outbox.ts); this is only storage.

import type { Db, OutboxTable, Sqlite } from './schema'
import type { Selectable } from 'kysely'

export type OutboxRow = Selectable<OutboxTable>
type Status = OutboxTable['status']

export async function insertOutboxEntry(
  db: Db,
  row: {
    id: string
    companyId: string
    requestId: string
    action: string
    payloadJson: string
    summary: string
    status: Status
    now: string
  }
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: row.id,
      company_id: row.companyId,
      request_id: row.requestId,
      action: row.action,
      payload_json: row.payloadJson,
      summary: row.summary,
      status: row.status,
      problem: null,
      result_json: null,
      created_at: row.now,
      updated_at: row.now
    })
    .execute()
}

/** Moves every entry in `from` to `to`; returns the companies whose entries moved. */
export async function moveOutboxStatus(db: Db, from: Status, to: Status): Promise<string[]> {
  const rows = await db
    .updateTable('outbox')
    .set({ status: to })
    .where('status', '=', from)
    .returning('company_id')
    .execute()
  return rows.map((r) => r.company_id)
}

/** Takes an entry that is still waiting, counting the attempt; its company, or null if it was not waiting. */
export async function claimOutboxEntry(db: Db, id: string, now: string): Promise<string | null> {
  const row = await db
    .updateTable('outbox')
    .set((eb) => ({ status: 'running', updated_at: now, attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'running'])
    .returning('company_id')
    .executeTakeFirst()
  return row?.company_id ?? null
}

export function waitingOutboxEntries(db: Db, companyId: string): Promise<OutboxRow[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('status', 'in', ['pending', 'running'])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function markOutboxEntry(
  db: Db,
  id: string,
  patch: { status: Status; now: string; problem?: string | null; resultJson?: string }
): Promise<string | null> {
  const row = await db
    .updateTable('outbox')
    .set({
      status: patch.status,
      updated_at: patch.now,
      ...(patch.problem !== undefined ? { problem: patch.problem } : {}),
      ...(patch.resultJson !== undefined ? { result_json: patch.resultJson } : {})
    })
    .where('id', '=', id)
    .returning('company_id')
    .executeTakeFirst()
  return row?.company_id ?? null
}

/** The newest 200 entries that are not a live action's own, of one company or all. */
export function listOutboxEntries(db: Db, companyId?: string): Promise<OutboxRow[]> {
  let query = db
    .selectFrom('outbox')
    .selectAll()
    .where('status', '!=', 'live')
    .orderBy('created_at', 'desc')
    .limit(200)
  if (companyId) query = query.where('company_id', '=', companyId)
  return query.execute()
}

export async function deleteLiveOutboxEntry(db: Db, id: string): Promise<void> {
  await db.deleteFrom('outbox').where('id', '=', id).where('status', '=', 'live').execute()
}

/** Deletes a settled entry: what it was, or null when there was no settled entry with that id. */
export async function deleteSettledOutboxEntry(
  db: Db,
  id: string
): Promise<{ company_id: string; summary: string; status: string; problem: string | null } | null> {
  const row = await db
    .deleteFrom('outbox')
    .where('id', '=', id)
    .where('status', 'in', ['conflict', 'failed', 'done'])
    .returning(['company_id', 'summary', 'status', 'problem'])
    .executeTakeFirst()
  return row ?? null
}

/**
 * What the entries still waiting would act on: the bills a payment pays, the invoice a reminder is
 * for. Acting on them again now could do it twice.
 */
export function waitingTargets(
  sqlite: Sqlite,
  companyId: string,
  action: 'bills.pay' | 'collections.sendReminder' | 'collections.remindCustomer'
): Set<string> {
  const ids = new Set<string>()
  const payloads = sqlite
    .prepare(
      `select payload_json from outbox where company_id = ? and action = ? and status in ('pending', 'running')`
    )
    .pluck()
    .all(companyId, action) as string[]
  for (const json of payloads) {
    const payload = JSON.parse(json) as {
      bills?: { id: string }[]
      invoiceId?: string
      invoices?: { invoiceId: string }[]
    }
    if (action === 'bills.pay') for (const bill of payload.bills ?? []) ids.add(bill.id)
    else if (action === 'collections.remindCustomer')
      for (const invoice of payload.invoices ?? []) ids.add(invoice.invoiceId)
    else if (payload.invoiceId) ids.add(payload.invoiceId)
  }
  return ids
}
