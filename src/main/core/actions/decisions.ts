// Decisions kept locally that change the forecast: planned payment dates ("delay"), reserves
// (earmarks), critical vendors, the minimum cash line. Each is audited with the runway it moved.

import { formatDay } from '../../../shared/dates'
import { randomUUID } from 'node:crypto'
import { runwayLabel, type BillRow, type ReserveView } from '../../../shared/views'
import { formatMoney, type Cents } from '../../../shared/money'
import { AppError } from '../errors'
import { companyToday } from '../today'
import { findBill, findVendorName } from '../db/books-reader'
import { requireCompany, requireWritable, updateCompany } from '../db/companies'
import {
  clearBillSchedule,
  deleteReserve,
  findReserve,
  insertReserve,
  listReserveRows,
  setBillSchedule,
  setVendorFlag,
  updateReserve
} from '../db/decisions'
import { reserveItem, type SharedChange } from '../firm/shared'
import { audit } from './audit'
import { type ActionDeps } from './deps'

const dollars = (cents: number): string => formatMoney(cents as Cents)

/**
 * A decision, audited with the runway it moved, before the windows hear of it; `shared` is what it
 * set, for the firm (nothing leaves this computer outside a firm).
 */
export async function withRunway(
  deps: ActionDeps,
  companyId: string,
  action: string,
  summary: string,
  details: Record<string, unknown>,
  change: () => Promise<void>,
  shared: SharedChange[]
): Promise<void> {
  const before = deps.runwayOf(companyId).runwayDays
  await change()
  await deps.firm.share(companyId, shared)
  deps.invalidate(companyId)
  const { runwayDays: after, horizonDays } = deps.runwayOf(companyId)
  const moved =
    after !== before
      ? ` (runway ${runwayLabel(before, horizonDays)} → ${runwayLabel(after, horizonDays)})`
      : ''
  await audit(deps, companyId, action, {
    summary: `${summary}${moved}`,
    ...details,
    runwayBefore: before,
    runwayAfter: after
  })
  deps.changed(companyId)
}

export async function scheduleBill(
  deps: ActionDeps,
  input: { companyId: string; billId: string; payOn: string | null }
): Promise<BillRow> {
  const { sqlite, db } = deps.ctx.cache
  requireWritable(sqlite, input.companyId)
  const bill = findBill(sqlite, input.companyId, input.billId)
  if (!bill) throw new AppError('not-found', `no bill ${input.billId} in this company`, { field: 'billId' })
  if (bill.balance_cents <= 0)
    throw new AppError('conflict', 'this bill is paid: there is nothing to schedule', { field: 'billId' })
  const today = companyToday(deps.ctx.clock)
  if (input.payOn !== null && input.payOn < today) {
    throw new AppError('validation', 'a payment cannot be planned in the past', { field: 'payOn' })
  }
  const label = `bill ${bill.doc_number ?? bill.qbo_id}`
  const summary = input.payOn
    ? `Planned ${label} for ${formatDay(input.payOn)}`
    : `Put ${label} back on its due date`
  await withRunway(
    deps,
    input.companyId,
    input.payOn ? 'bill.scheduled' : 'bill.unscheduled',
    summary,
    { billId: input.billId, payOn: input.payOn },
    async () => {
      if (input.payOn === null) await clearBillSchedule(db, input.companyId, input.billId)
      else
        await setBillSchedule(db, {
          companyId: input.companyId,
          billId: input.billId,
          payOn: input.payOn,
          now: deps.ctx.clock.now().toISOString()
        })
    },
    [{ kind: 'bill.schedule', item: input.billId, fields: { payOn: input.payOn } }]
  )
  const row = deps.billRow(input.companyId, input.billId)
  if (!row) throw new AppError('not-found', 'the bill is no longer open', { field: 'billId' })
  return row
}

export async function listReserves(deps: ActionDeps, companyId: string): Promise<ReserveView[]> {
  requireCompany(deps.ctx.cache.sqlite, companyId)
  const rows = await listReserveRows(deps.ctx.cache.db, companyId)
  return rows.map((r) => ({ id: r.id, name: r.name, amountCents: r.amount_cents, until: r.until }))
}

export async function setReserve(
  deps: ActionDeps,
  input: { companyId: string; name: string; amountCents: number; until?: string | null | undefined }
): Promise<ReserveView[]> {
  const { db, sqlite } = deps.ctx.cache
  requireWritable(sqlite, input.companyId)
  const existing = await findReserve(db, input.companyId, { name: input.name })
  const summary = `Earmarked ${dollars(input.amountCents)} for ${input.name}${input.until ? ` until ${input.until}` : ''}`
  await withRunway(
    deps,
    input.companyId,
    'reserve.set',
    summary,
    { name: input.name, amountCents: input.amountCents, until: input.until ?? null },
    async () => {
      const until = input.until ?? null
      if (existing) await updateReserve(db, existing.id, { amountCents: input.amountCents, until })
      else {
        await insertReserve(db, {
          id: randomUUID(),
          companyId: input.companyId,
          name: input.name,
          amountCents: input.amountCents,
          until,
          now: deps.ctx.clock.now().toISOString()
        })
      }
    },
    [
      {
        kind: 'reserve',
        item: reserveItem(existing?.name ?? input.name),
        fields: {
          name: existing?.name ?? input.name,
          amountCents: input.amountCents,
          until: input.until ?? null,
          removed: false
        }
      }
    ]
  )
  return listReserves(deps, input.companyId)
}

export async function removeReserve(
  deps: ActionDeps,
  input: { companyId: string; reserveId: string }
): Promise<ReserveView[]> {
  const { db, sqlite } = deps.ctx.cache
  requireWritable(sqlite, input.companyId)
  const row = await findReserve(db, input.companyId, { id: input.reserveId })
  if (!row) throw new AppError('not-found', 'no such reserve', { field: 'reserveId' })
  await withRunway(
    deps,
    input.companyId,
    'reserve.removed',
    `Released the ${row.name} reserve`,
    { name: row.name },
    async () => {
      await deleteReserve(db, input.reserveId)
    },
    [{ kind: 'reserve', item: reserveItem(row.name), fields: { removed: true } }]
  )
  return listReserves(deps, input.companyId)
}

export async function setVendorCritical(
  deps: ActionDeps,
  input: { companyId: string; vendorId: string; critical: boolean }
): Promise<{ vendorId: string; critical: boolean }> {
  const { db, sqlite } = deps.ctx.cache
  requireWritable(sqlite, input.companyId)
  const vendor = findVendorName(sqlite, input.companyId, input.vendorId)
  if (vendor === undefined)
    throw new AppError('not-found', `no vendor ${input.vendorId} in this company`, { field: 'vendorId' })
  const summary = `${input.critical ? 'Marked' : 'Unmarked'} ${vendor} as a critical vendor`
  await withRunway(
    deps,
    input.companyId,
    'vendor.critical',
    summary,
    { vendorId: input.vendorId, vendor, critical: input.critical },
    async () => {
      await setVendorFlag(
        db,
        input.companyId,
        input.vendorId,
        input.critical,
        deps.ctx.clock.now().toISOString()
      )
    },
    [{ kind: 'vendor.critical', item: input.vendorId, fields: { critical: input.critical } }]
  )
  return { vendorId: input.vendorId, critical: input.critical }
}

export async function setMinCash(
  deps: ActionDeps,
  input: { companyId: string; minCashCents: number }
): Promise<{ minCashCents: number }> {
  requireWritable(deps.ctx.cache.sqlite, input.companyId)
  await withRunway(
    deps,
    input.companyId,
    'runway.min-cash',
    `Set the minimum cash to ${dollars(input.minCashCents)}`,
    { minCashCents: input.minCashCents },
    async () => {
      await updateCompany(deps.ctx.cache.db, input.companyId, {
        min_cash_cents: input.minCashCents,
        min_cash_set_at: deps.ctx.clock.now().toISOString()
      })
    },
    [{ kind: 'minCash', item: '', fields: { cents: input.minCashCents } }]
  )
  return { minCashCents: input.minCashCents }
}
