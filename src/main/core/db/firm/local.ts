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

/** Leaving the firm: its changes not pushed yet, what it shared and where the server was, all go. */
export async function forgetFirm(db: Db): Promise<void> {
  await db.deleteFrom('firm_outbox').execute()
  await db.deleteFrom('firm_fields').execute()
  await db.deleteFrom('firm_state').execute()
}

/** A change made here: the newest version of its field, and waiting to be pushed. */
export async function recordLocalChange(db: Db, c: LocalChange): Promise<void> {
  const field = { value_json: c.valueJson, hlc: c.hlc, actor: c.actor }
  await db
    .insertInto('firm_fields')
    .values({ client_id: c.clientId, kind: c.kind, item: c.item, field: c.field, ...field })
    .onConflict((oc) => oc.columns(['client_id', 'kind', 'item', 'field']).doUpdateSet(field))
    .execute()
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
