// What the bookkeeper knows about money to come and money to go that the books do not say: when an
// invoice or a customer will pay (or that they will not), and which detected recurring outflows
// really recur. The books reader hands both to the engine.

import type { Db } from './schema'

export type ExpectationTarget = 'invoice' | 'customer'

export interface ExpectationRow {
  expect_on: string | null
  wont_collect: number
  set_at: string
}

export function findExpectation(
  db: Db,
  companyId: string,
  target: ExpectationTarget,
  targetId: string
): Promise<ExpectationRow | undefined> {
  return db
    .selectFrom('receivable_expectations')
    .select(['expect_on', 'wont_collect', 'set_at'])
    .where('company_id', '=', companyId)
    .where('target', '=', target)
    .where('target_id', '=', targetId)
    .executeTakeFirst()
}

export async function setExpectation(
  db: Db,
  row: {
    companyId: string
    target: ExpectationTarget
    targetId: string
    expectOn: string | null
    now: string
  }
): Promise<void> {
  const values = { expect_on: row.expectOn, wont_collect: row.expectOn === null ? 1 : 0, set_at: row.now }
  await db
    .insertInto('receivable_expectations')
    .values({ company_id: row.companyId, target: row.target, target_id: row.targetId, ...values })
    .onConflict((oc) => oc.columns(['company_id', 'target', 'target_id']).doUpdateSet(values))
    .execute()
}

export async function clearExpectation(
  db: Db,
  companyId: string,
  target: ExpectationTarget,
  targetId: string
): Promise<void> {
  await db
    .deleteFrom('receivable_expectations')
    .where('company_id', '=', companyId)
    .where('target', '=', target)
    .where('target_id', '=', targetId)
    .execute()
}

export async function setRecurringDecision(
  db: Db,
  row: {
    companyId: string
    seriesKey: string
    decision: 'confirmed' | 'dismissed'
    payeeName: string
    now: string
  }
): Promise<void> {
  const values = { decision: row.decision, payee_name: row.payeeName, decided_at: row.now }
  await db
    .insertInto('recurring_decisions')
    .values({ company_id: row.companyId, series_key: row.seriesKey, ...values })
    .onConflict((oc) => oc.columns(['company_id', 'series_key']).doUpdateSet(values))
    .execute()
}

export async function clearRecurringDecision(db: Db, companyId: string, seriesKey: string): Promise<void> {
  await db
    .deleteFrom('recurring_decisions')
    .where('company_id', '=', companyId)
    .where('series_key', '=', seriesKey)
    .execute()
}
