// Firm mode on this desktop's SQLite: where it stands with the server, the changes not pushed yet,
// and the newest known version of every shared field.

import type { Db } from '../schema'

export interface LocalChange {
  changeId: string
  clientId: string
  kind: string
  item: string
  field: string
  valueJson: string
  hlc: string
  actor: string
  at: string
}

export interface OutboxChange {
  seq: number
  changeId: string
  clientId: string
  kind: string
  item: string
  field: string
  valueJson: string
  hlc: string
}

export async function readFirmState(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom('firm_state').select(['key', 'value']).execute()
  return Object.fromEntries(rows.map((r) => [r.key, r.value]))
}

/** Sets (or, with null, removes) state keys. */
export async function writeFirmState(db: Db, patch: Record<string, string | null>): Promise<void> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) await db.deleteFrom('firm_state').where('key', '=', key).execute()
    else
      await db
        .insertInto('firm_state')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute()
  }
}

/** Removes a state key if it still holds `value` (not if it was set again since it was read). */
export async function clearFirmStateIf(db: Db, key: string, value: string): Promise<void> {
  await db.deleteFrom('firm_state').where('key', '=', key).where('value', '=', value).execute()
}

/**
 * Leaving the firm: its changes not pushed yet, what it shared and where the server was, all go.
 * The desktop's node id stays: joining again, it knows its own changes on the server as its own
 * (else it would pull them back as someone else's, and its audit trail would hold each twice).
 */
export async function forgetFirm(db: Db): Promise<void> {
  await db.deleteFrom('firm_outbox').execute()
  await db.deleteFrom('firm_fields').execute()
  await db.deleteFrom('firm_state').where('key', '<>', 'node').execute()
}

/** A change made here: the newest version of its field, and waiting to be pushed. */
export async function recordLocalChange(db: Db, c: LocalChange): Promise<void> {
  const field = { value_json: c.valueJson, hlc: c.hlc, actor: c.actor }
  await db
    .insertInto('firm_fields')
    .values({ client_id: c.clientId, kind: c.kind, item: c.item, field: c.field, ...field })
    .onConflict((oc) => oc.columns(['client_id', 'kind', 'item', 'field']).doUpdateSet(field))
    .execute()
  await queueForFirm(db, c)
}

/**
 * A change from the server: kept when it is newer than what this desktop knows of the field (by
 * hybrid logical clock, ties broken by the clock's node), else dropped. True when it was kept.
 */
export async function recordRemoteChange(db: Db, c: Omit<LocalChange, 'changeId' | 'at'>): Promise<boolean> {
  const field = { value_json: c.valueJson, hlc: c.hlc, actor: c.actor }
  const result = await db
    .insertInto('firm_fields')
    .values({ client_id: c.clientId, kind: c.kind, item: c.item, field: c.field, ...field })
    .onConflict((oc) =>
      oc
        .columns(['client_id', 'kind', 'item', 'field'])
        .doUpdateSet(field)
        .where('firm_fields.hlc', '<', c.hlc)
    )
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** The newest known value of each field of a shared item. */
export async function sharedItem(
  db: Db,
  clientId: string,
  kind: string,
  item: string
): Promise<Record<string, unknown>> {
  const rows = await db
    .selectFrom('firm_fields')
    .select(['field', 'value_json'])
    .where('client_id', '=', clientId)
    .where('kind', '=', kind)
    .where('item', '=', item)
    .execute()
  return Object.fromEntries(rows.map((r) => [r.field, JSON.parse(r.value_json) as unknown]))
}

export async function outboxBatch(db: Db, limit: number): Promise<OutboxChange[]> {
  const rows = await db.selectFrom('firm_outbox').selectAll().orderBy('seq').limit(limit).execute()
  return rows.map((r) => ({
    seq: r.seq,
    changeId: r.change_id,
    clientId: r.client_id,
    kind: r.kind,
    item: r.item,
    field: r.field,
    valueJson: r.value_json,
    hlc: r.hlc
  }))
}

/** The server has these: they leave the outbox. */
export async function dropPushed(db: Db, seqs: number[]): Promise<void> {
  if (seqs.length > 0) await db.deleteFrom('firm_outbox').where('seq', 'in', seqs).execute()
}

export async function pendingChanges(db: Db): Promise<number> {
  const row = await db
    .selectFrom('firm_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The firm's name for a company is its QuickBooks realm; test-drive companies are never shared. */
export async function realmOfCompany(db: Db, companyId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('companies')
    .select('realm_id')
    .where('id', '=', companyId)
    .where('origin', '=', 'user')
    .executeTakeFirst()
  return row?.realm_id
}

export async function companiesOfRealm(db: Db, realmId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('companies')
    .select(['id', 'name'])
    .where('realm_id', '=', realmId)
    .where('origin', '=', 'user')
    .execute()
}

/** The companies shared with the firm, with their realms. */
export async function sharedCompanies(db: Db): Promise<{ id: string; realm_id: string; name: string }[]> {
  return db.selectFrom('companies').select(['id', 'realm_id', 'name']).where('origin', '=', 'user').execute()
}

/** A decision this desktop holds, as the firm shares it, with when it was made (null: not kept). */
export interface LocalDecision {
  kind: string
  item: string
  field: string
  value: unknown
  at: string | null
}

/**
 * Every decision kept for a company, in the shapes the firm shares (firm/shared.ts): what a
 * company brings into the firm when it first meets it (a desktop joining, a company added).
 */
export async function localDecisions(db: Db, companyId: string): Promise<LocalDecision[]> {
  const out: LocalDecision[] = []
  const put = (kind: string, item: string, fields: Record<string, unknown>, at: string | null): void => {
    for (const [field, value] of Object.entries(fields)) out.push({ kind, item, field, value, at })
  }
  for (const r of await db
    .selectFrom('bill_schedules')
    .selectAll()
    .where('company_id', '=', companyId)
    .execute())
    put('bill.schedule', r.bill_id, { payOn: r.pay_on }, r.scheduled_at)
  for (const r of await db
    .selectFrom('vendor_flags')
    .selectAll()
    .where('company_id', '=', companyId)
    .execute())
    put('vendor.critical', r.vendor_id, { critical: r.critical === 1 }, r.set_at)
  for (const r of await db.selectFrom('reserves').selectAll().where('company_id', '=', companyId).execute())
    put(
      'reserve',
      r.name.toLowerCase(),
      { name: r.name, amountCents: r.amount_cents, until: r.until, removed: false },
      r.created_at
    )
  const company = await db
    .selectFrom('companies')
    .select(['min_cash_cents', 'min_cash_set_at'])
    .where('id', '=', companyId)
    .executeTakeFirst()
  if (company && (company.min_cash_cents !== 0 || company.min_cash_set_at !== null))
    put('minCash', '', { cents: company.min_cash_cents }, company.min_cash_set_at)
  for (const r of await db
    .selectFrom('receivable_expectations')
    .selectAll()
    .where('company_id', '=', companyId)
    .execute())
    put(
      'expectation',
      `${r.target}:${r.target_id}`,
      { word: { expectOn: r.wont_collect === 1 ? null : r.expect_on } },
      r.set_at
    )
  for (const r of await db
    .selectFrom('recurring_decisions')
    .selectAll()
    .where('company_id', '=', companyId)
    .execute())
    put(
      'recurring',
      r.series_key,
      { verdict: { decision: r.decision, payeeName: r.payee_name } },
      r.decided_at
    )
  // Reminders sent: records, each once; one recorded before request ids has its row as its name.
  for (const r of await db.selectFrom('reminders').selectAll().where('company_id', '=', companyId).execute())
    put(
      'reminder',
      r.request_id ?? `${companyId}:${r.id}`,
      {
        sent: {
          invoiceId: r.invoice_id,
          stage: r.stage,
          sentTo: r.sent_to,
          sentAt: r.sent_at,
          sentBy: r.sent_by
        }
      },
      r.sent_at
    )
  for (const r of await db
    .selectFrom('payment_plans')
    .selectAll()
    .where('company_id', '=', companyId)
    .execute()) {
    put('plan', r.id, { appliedAt: r.applied_at, bills: JSON.parse(r.bills_json) as unknown }, r.applied_at)
    if (r.undone_at) put('plan', r.id, { undoneAt: r.undone_at }, r.undone_at)
  }
  return out
}

/** A firm-wide setting changed here from its default (the reminder templates), with when. */
export async function localSetting(db: Db, key: string): Promise<LocalDecision | undefined> {
  const row = await db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst()
  return row
    ? {
        kind: 'settings',
        item: key,
        field: 'value',
        value: JSON.parse(row.value_json) as unknown,
        at: row.updated_at
      }
    : undefined
}

/**
 * A decision made before the firm knew of it: kept as the field's version, and queued for the
 * server, only when newer than the version this desktop has from the firm. True when kept.
 */
export async function recordEarlierChange(db: Db, c: LocalChange): Promise<boolean> {
  const kept = await recordRemoteChange(db, c)
  if (!kept) return false
  await queueForFirm(db, c)
  return true
}

/** Every shared field this desktop knows of a client, item by item. */
export async function sharedItems(
  db: Db,
  clientId: string
): Promise<{ kind: string; item: string; fields: Record<string, unknown>; actor: string }[]> {
  const rows = await db
    .selectFrom('firm_fields')
    .select(['kind', 'item', 'field', 'value_json', 'actor'])
    .where('client_id', '=', clientId)
    .orderBy('kind')
    .orderBy('item')
    .orderBy('hlc')
    .execute()
  const items = new Map<
    string,
    { kind: string; item: string; fields: Record<string, unknown>; actor: string }
  >()
  for (const r of rows) {
    const key = JSON.stringify([r.kind, r.item])
    const item = items.get(key) ?? { kind: r.kind, item: r.item, fields: {}, actor: r.actor }
    item.fields[r.field] = JSON.parse(r.value_json) as unknown
    item.actor = r.actor
    items.set(key, item)
  }
  return [...items.values()]
}

/** Puts a change in the outbox the next push sends. */
async function queueForFirm(db: Db, c: LocalChange): Promise<void> {
  await db
    .insertInto('firm_outbox')
    .values({
      change_id: c.changeId,
      client_id: c.clientId,
      kind: c.kind,
      item: c.item,
      field: c.field,
      value_json: c.valueJson,
      hlc: c.hlc,
      created_at: c.at
    })
    .execute()
}
