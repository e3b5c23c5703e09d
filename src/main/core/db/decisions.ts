// What the bookkeeper decided, kept locally because QBO has no place for it: planned payment dates,
// reserves, critical vendors, the minimum cash line, and the reminders sent.

import type { Db, Sqlite } from './schema'

export async function setBillSchedule(
  db: Db,
  row: { companyId: string; billId: string; payOn: string; now: string }
): Promise<void> {
  await db
    .insertInto('bill_schedules')
    .values({
      company_id: row.companyId,
      bill_id: row.billId,
      pay_on: row.payOn,
      scheduled_at: row.now,
      reminded_at: null
    })
    .onConflict((oc) =>
      oc
        .columns(['company_id', 'bill_id'])
        .doUpdateSet({ pay_on: row.payOn, scheduled_at: row.now, reminded_at: null })
    )
    .execute()
}

export async function clearBillSchedule(db: Db, companyId: string, billId: string): Promise<void> {
  await db
    .deleteFrom('bill_schedules')
    .where('company_id', '=', companyId)
    .where('bill_id', '=', billId)
    .execute()
}

/** Planned payments that fell due by `today` for bills still open, not yet announced. */
export function duePlannedPayments(sqlite: Sqlite, today: string): { company_id: string; bill_id: string }[] {
  return sqlite
    .prepare(
      `select s.company_id, s.bill_id from bill_schedules s
       join qbo_bills b on b.company_id = s.company_id and b.qbo_id = s.bill_id and b.balance_cents > 0
       where s.pay_on <= ? and s.reminded_at is null`
    )
    .all(today) as { company_id: string; bill_id: string }[]
}

export function markPlannedPaymentsAnnounced(
  sqlite: Sqlite,
  companyId: string,
  billIds: string[],
  now: string
): void {
  const mark = sqlite.prepare(
    'update bill_schedules set reminded_at = ? where company_id = ? and bill_id = ?'
  )
  sqlite.transaction(() => {
    for (const billId of billIds) mark.run(now, companyId, billId)
  })()
}

export interface ReserveRow {
  id: string
  name: string
  amount_cents: number
  until: string | null
}

export function listReserveRows(db: Db, companyId: string): Promise<ReserveRow[]> {
  return db
    .selectFrom('reserves')
    .select(['id', 'name', 'amount_cents', 'until'])
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .execute()
}

export function findReserve(
  db: Db,
  companyId: string,
  where: { id: string } | { name: string }
): Promise<ReserveRow | undefined> {
  let query = db
    .selectFrom('reserves')
    .select(['id', 'name', 'amount_cents', 'until'])
    .where('company_id', '=', companyId)
  // Names are matched as a person would: "Payroll" and "payroll" are one reserve.
  query =
    'id' in where
      ? query.where('id', '=', where.id)
      : query.where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(where.name)])))
  return query.executeTakeFirst()
}

export async function insertReserve(
  db: Db,
  row: { id: string; companyId: string; name: string; amountCents: number; until: string | null; now: string }
): Promise<void> {
  await db
    .insertInto('reserves')
    .values({
      id: row.id,
      company_id: row.companyId,
      name: row.name,
      amount_cents: row.amountCents,
      until: row.until,
      created_at: row.now
    })
    .execute()
}

export async function updateReserve(
  db: Db,
  id: string,
  patch: { amountCents: number; until: string | null }
): Promise<void> {
  await db
    .updateTable('reserves')
    .set({ amount_cents: patch.amountCents, until: patch.until })
    .where('id', '=', id)
    .execute()
}

export async function deleteReserve(db: Db, id: string): Promise<void> {
  await db.deleteFrom('reserves').where('id', '=', id).execute()
}

export async function setVendorFlag(
  db: Db,
  companyId: string,
  vendorId: string,
  critical: boolean,
  at: string
): Promise<void> {
  const flag = { critical: critical ? 1 : 0, set_at: at }
  await db
    .insertInto('vendor_flags')
    .values({ company_id: companyId, vendor_id: vendorId, ...flag })
    .onConflict((oc) => oc.columns(['company_id', 'vendor_id']).doUpdateSet(flag))
    .execute()
}

export function reminderHistory(
  sqlite: Sqlite,
  companyId: string,
  invoiceId: string
): { last: string | null; n: number } {
  return sqlite
    .prepare('select max(sent_at) last, count(*) n from reminders where company_id = ? and invoice_id = ?')
    .get(companyId, invoiceId) as { last: string | null; n: number }
}

/** Records a reminder once per request id; false when that request was recorded already. */
export async function insertReminder(
  db: Db,
  row: {
    companyId: string
    invoiceId: string
    stage: string
    sentTo: string | null
    sentAt: string
    requestId: string
    sentBy: string | null
  }
): Promise<boolean> {
  const inserted = await db
    .insertInto('reminders')
    .values({
      company_id: row.companyId,
      invoice_id: row.invoiceId,
      stage: row.stage,
      sent_to: row.sentTo,
      sent_at: row.sentAt,
      request_id: row.requestId,
      sent_by: row.sentBy
    })
    .onConflict((oc) => oc.column('request_id').where('request_id', 'is not', null).doNothing())
    .executeTakeFirst()
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
}
