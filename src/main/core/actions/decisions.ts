// Decisions kept locally that change the forecast: planned payment dates ("delay"), reserves
// (earmarks), critical vendors, the minimum cash line. Each is audited with the runway it moved.

import { randomUUID } from 'node:crypto'
import type { ReserveView } from '../../../shared/runway'
import { formatMoney, type Cents } from '../../../shared/money'
import { AppError } from '../errors'
import { companyToday } from '../today'
import { audit, effectiveDays, requireCompany, type ActionDeps } from './context'

const dollars = (cents: number): string => formatMoney(cents as Cents)

/** A decision, audited with the runway it moved, before the windows hear of it. */
async function withRunway(
  deps: ActionDeps,
  companyId: string,
  action: string,
  summary: string,
  details: Record<string, unknown>,
  change: () => Promise<void>
): Promise<void> {
  const before = effectiveDays(deps.runwayOf(companyId))
  await change()
  deps.invalidate(companyId)
  const after = effectiveDays(deps.runwayOf(companyId))
  const moved = before !== null && after !== null && after !== before ? ` (runway ${after > before ? '+' : '−'}${Math.abs(after - before)} days)` : ''
  await audit(deps, companyId, action, { summary: `${summary}${moved}`, ...details, runwayBefore: before, runwayAfter: after })
  deps.changed(companyId)
}

export async function scheduleBill(deps: ActionDeps, input: { companyId: string; billId: string; payOn: string | null }): Promise<void> {
  const { sqlite, db } = deps.ctx.cache
  requireCompany(sqlite, input.companyId)
  const bill = sqlite
    .prepare('select qbo_id, balance_cents, doc_number from qbo_bills where company_id = ? and qbo_id = ?')
    .get(input.companyId, input.billId) as { qbo_id: string; balance_cents: number; doc_number: string | null } | undefined
  if (!bill) throw new AppError('not-found', `no bill ${input.billId} in this company`, { field: 'billId' })
  if (bill.balance_cents <= 0) throw new AppError('conflict', 'this bill is paid: there is nothing to schedule', { field: 'billId' })
  const today = companyToday(deps.ctx.clock)
  if (input.payOn !== null && input.payOn < today) {
    throw new AppError('validation', 'a payment cannot be planned in the past', { field: 'payOn' })
  }
  const label = `bill ${bill.doc_number ?? bill.qbo_id}`
  const summary = input.payOn ? `Planned ${label} for ${input.payOn}` : `Put ${label} back on its due date`
  await withRunway(deps, input.companyId, input.payOn ? 'bill.scheduled' : 'bill.unscheduled', summary, { billId: input.billId, payOn: input.payOn }, async () => {
    if (input.payOn === null) {
      await db.deleteFrom('bill_schedules').where('company_id', '=', input.companyId).where('bill_id', '=', input.billId).execute()
    } else {
      const now = deps.ctx.clock.now().toISOString()
      await db
        .insertInto('bill_schedules')
        .values({ company_id: input.companyId, bill_id: input.billId, pay_on: input.payOn, scheduled_at: now, reminded_at: null })
        .onConflict((oc) => oc.columns(['company_id', 'bill_id']).doUpdateSet({ pay_on: input.payOn!, scheduled_at: now, reminded_at: null }))
        .execute()
    }
  })
}

export async function listReserves(deps: ActionDeps, companyId: string): Promise<ReserveView[]> {
  requireCompany(deps.ctx.cache.sqlite, companyId)
  const rows = await deps.ctx.cache.db.selectFrom('reserves').selectAll().where('company_id', '=', companyId).orderBy('created_at').execute()
  return rows.map((r) => ({ id: r.id, name: r.name, amountCents: r.amount_cents, until: r.until }))
}

export async function setReserve(
  deps: ActionDeps,
  input: { companyId: string; name: string; amountCents: number; until?: string | null | undefined }
): Promise<ReserveView[]> {
  const { db, sqlite } = deps.ctx.cache
  requireCompany(sqlite, input.companyId)
  const existing = sqlite
    .prepare('select id from reserves where company_id = ? and lower(name) = lower(?)')
    .get(input.companyId, input.name) as { id: string } | undefined
  const summary = `Earmarked ${dollars(input.amountCents)} for ${input.name}${input.until ? ` until ${input.until}` : ''}`
  await withRunway(deps, input.companyId, 'reserve.set', summary, { name: input.name, amountCents: input.amountCents, until: input.until ?? null }, async () => {
    if (existing) {
      await db.updateTable('reserves').set({ amount_cents: input.amountCents, until: input.until ?? null }).where('id', '=', existing.id).execute()
    } else {
      await db
        .insertInto('reserves')
        .values({
          id: randomUUID(),
          company_id: input.companyId,
          name: input.name,
          amount_cents: input.amountCents,
          until: input.until ?? null,
          created_at: deps.ctx.clock.now().toISOString()
        })
        .execute()
    }
  })
  return listReserves(deps, input.companyId)
}

export async function removeReserve(deps: ActionDeps, input: { companyId: string; reserveId: string }): Promise<ReserveView[]> {
  const { db, sqlite } = deps.ctx.cache
  requireCompany(sqlite, input.companyId)
  const row = await db.selectFrom('reserves').select(['id', 'name']).where('id', '=', input.reserveId).where('company_id', '=', input.companyId).executeTakeFirst()
  if (!row) throw new AppError('not-found', 'no such reserve', { field: 'reserveId' })
  await withRunway(deps, input.companyId, 'reserve.removed', `Released the ${row.name} reserve`, { name: row.name }, async () => {
    await db.deleteFrom('reserves').where('id', '=', input.reserveId).execute()
  })
  return listReserves(deps, input.companyId)
}

export async function setVendorCritical(
  deps: ActionDeps,
  input: { companyId: string; vendorId: string; critical: boolean }
): Promise<{ vendorId: string; critical: boolean }> {
  const { db, sqlite } = deps.ctx.cache
  requireCompany(sqlite, input.companyId)
  const vendor = sqlite.prepare('select display_name from qbo_vendors where company_id = ? and qbo_id = ?').get(input.companyId, input.vendorId) as
    | { display_name: string }
    | undefined
  if (!vendor) throw new AppError('not-found', `no vendor ${input.vendorId} in this company`, { field: 'vendorId' })
  const summary = `${input.critical ? 'Marked' : 'Unmarked'} ${vendor.display_name} as a critical vendor`
  await withRunway(deps, input.companyId, 'vendor.critical', summary, { vendorId: input.vendorId, vendor: vendor.display_name, critical: input.critical }, async () => {
    await db
      .insertInto('vendor_flags')
      .values({ company_id: input.companyId, vendor_id: input.vendorId, critical: input.critical ? 1 : 0 })
      .onConflict((oc) => oc.columns(['company_id', 'vendor_id']).doUpdateSet({ critical: input.critical ? 1 : 0 }))
      .execute()
  })
  return { vendorId: input.vendorId, critical: input.critical }
}

export async function setMinCash(deps: ActionDeps, input: { companyId: string; minCashCents: number }): Promise<{ minCashCents: number }> {
  requireCompany(deps.ctx.cache.sqlite, input.companyId)
  await withRunway(deps, input.companyId, 'runway.min-cash', `Set the minimum cash to ${dollars(input.minCashCents)}`, { minCashCents: input.minCashCents }, async () => {
    await deps.ctx.cache.db.updateTable('companies').set({ min_cash_cents: input.minCashCents }).where('id', '=', input.companyId).execute()
  })
  return { minCashCents: input.minCashCents }
}
