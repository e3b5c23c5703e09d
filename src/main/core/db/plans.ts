// Applied payment plans: each bill's new date and the date it had before (null: none), for undo.

import type { Db } from './schema'

export interface AppliedPlanBill {
  billId: string
  payOn: string
  previous: string | null
}

export async function recordAppliedPlan(
  db: Db,
  row: { id: string; companyId: string; appliedAt: string; bills: AppliedPlanBill[] }
): Promise<void> {
  await db
    .insertInto('payment_plans')
    .values({
      id: row.id,
      company_id: row.companyId,
      applied_at: row.appliedAt,
      undone_at: null,
      bills_json: JSON.stringify(row.bills)
    })
    // The same plan again (shared by the firm and pulled back) is the same plan.
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

/** The applied plan, unless it was undone already. */
export async function appliedPlan(
  db: Db,
  companyId: string,
  id: string
): Promise<AppliedPlanBill[] | undefined> {
  const row = await db
    .selectFrom('payment_plans')
    .select('bills_json')
    .where('id', '=', id)
    .where('company_id', '=', companyId)
    .where('undone_at', 'is', null)
    .executeTakeFirst()
  return row ? (JSON.parse(row.bills_json) as AppliedPlanBill[]) : undefined
}

export async function markPlanUndone(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('payment_plans').set({ undone_at: at }).where('id', '=', id).execute()
}
