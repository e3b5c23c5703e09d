// What the firm shares of a client's decisions, and how a shared item is written back into this
// desktop's database: through the data layer's own functions, the same the actions use, so where
// those tables live is the data layer's business.

import { logActivity } from '../db/activity'
import { keepDigest } from '../db/digests'
import { updateCompany } from '../db/companies'
import {
  clearBillSchedule,
  deleteReserve,
  findReserve,
  insertReminder,
  insertReserve,
  setBillSchedule,
  setVendorFlag,
  updateReserve
} from '../db/decisions'
import {
  clearExpectation,
  clearRecurringDecision,
  setExpectation,
  setRecurringDecision
} from '../db/expectations'
import { markPlanUndone, recordAppliedPlan, type AppliedPlanBill } from '../db/plans'
import type { Db } from '../db/schema'
import { writeSettings } from '../db/settings'
import type { Settings } from '../../../shared/contract'
import type { DigestView } from '../../../shared/views'

/**
 * One shared item and the fields a decision set on it. Each field is its own last-writer-wins
 * register: two people changing different fields of one reserve both keep their change.
 */
export type SharedChange =
  | { kind: 'bill.schedule'; item: string; fields: { payOn: string | null } }
  | { kind: 'vendor.critical'; item: string; fields: { critical: boolean } }
  | {
      kind: 'reserve'
      /** The reserve's name in lower case: names are how a person tells reserves apart. */
      item: string
      fields:
        { name: string; amountCents: number; until: string | null; removed: boolean } | { removed: true }
    }
  | { kind: 'minCash'; item: ''; fields: { cents: number } }
  | { kind: 'expectation'; item: string; fields: { word: { expectOn: string | null } | null } }
  | {
      kind: 'recurring'
      item: string
      fields: { verdict: { decision: 'confirmed' | 'dismissed'; payeeName: string } | null }
    }
  | {
      kind: 'reminder'
      /** The reminder's request id: a reminder recorded twice (a replay, a pull) is one. */
      item: string
      fields: { sent: SentReminder }
    }
  | {
      kind: 'plan'
      item: string
      fields: { appliedAt: string; bills: AppliedPlanBill[] } | { undoneAt: string }
    }

/** A reminder that went to a customer: a record, so every desktop counts it and escalates from it. */
export interface SentReminder {
  invoiceId: string
  stage: string
  sentTo: string | null
  sentAt: string
  /** The firm's person who sent it (absent in records from before it was kept: who shared it). */
  sentBy?: string | null
}

/** Firm-wide decisions (client ''): the reminder templates every bookkeeper sends from. */
export const SHARED_SETTINGS = ['reminderTemplates'] as const satisfies readonly (keyof Settings)[]

export const reserveItem = (name: string): string => name.toLowerCase()
export const expectationItem = (target: 'invoice' | 'customer', id: string): string => `${target}:${id}`

/** Writes a shared item's newest fields into the company's local tables (`actor`: who shared them). */
export async function materialize(
  db: Db,
  companyId: string,
  kind: string,
  item: string,
  fields: Record<string, unknown>,
  now: string,
  actor: string
): Promise<void> {
  switch (kind) {
    case 'bill.schedule': {
      const payOn = fields.payOn as string | null | undefined
      if (payOn) await setBillSchedule(db, { companyId, billId: item, payOn, now })
      else await clearBillSchedule(db, companyId, item)
      return
    }
    case 'vendor.critical':
      await setVendorFlag(db, companyId, item, fields.critical === true, now)
      return
    case 'reserve': {
      const existing = await findReserve(db, companyId, { name: (fields.name as string | undefined) ?? item })
      if (fields.removed === true) {
        if (existing) await deleteReserve(db, existing.id)
        return
      }
      if (typeof fields.amountCents !== 'number' || typeof fields.name !== 'string') return
      const until = (fields.until as string | null | undefined) ?? null
      if (existing) await updateReserve(db, existing.id, { amountCents: fields.amountCents, until })
      else
        await insertReserve(db, {
          id: `${companyId}:${item}`,
          companyId,
          name: fields.name,
          amountCents: fields.amountCents,
          until,
          now
        })
      return
    }
    case 'minCash':
      if (typeof fields.cents === 'number')
        await updateCompany(db, companyId, { min_cash_cents: fields.cents, min_cash_set_at: now })
      return
    case 'expectation': {
      const [target, ...rest] = item.split(':')
      if (target !== 'invoice' && target !== 'customer') return
      const targetId = rest.join(':')
      const word = fields.word as { expectOn: string | null } | null | undefined
      if (!word) await clearExpectation(db, companyId, target, targetId)
      else await setExpectation(db, { companyId, target, targetId, expectOn: word.expectOn, now })
      return
    }
    case 'recurring': {
      const verdict = fields.verdict as { decision: 'confirmed' | 'dismissed'; payeeName: string } | null
      if (!verdict) await clearRecurringDecision(db, companyId, item)
      else await setRecurringDecision(db, { companyId, seriesKey: item, ...verdict, now })
      return
    }
    case 'reminder': {
      const sent = fields.sent as SentReminder | undefined
      if (sent)
        await insertReminder(db, { companyId, ...sent, requestId: item, sentBy: sent.sentBy ?? actor })
      return
    }
    case 'plan':
      if (typeof fields.appliedAt === 'string' && Array.isArray(fields.bills))
        await recordAppliedPlan(db, {
          id: item,
          companyId,
          appliedAt: fields.appliedAt,
          bills: fields.bills as AppliedPlanBill[]
        })
      if (typeof fields.undoneAt === 'string') await markPlanUndone(db, item, fields.undoneAt)
      return
  }
}

export async function materializeFirmWide(
  db: Db,
  kind: string,
  item: string,
  fields: Record<string, unknown>,
  now: string
): Promise<boolean> {
  if (kind !== 'settings' || !(SHARED_SETTINGS as readonly string[]).includes(item)) return false
  await writeSettings(db, { [item]: fields.value } as Partial<Settings>, now)
  return true
}

/**
 * Someone's audit entry, pulled: kept here (once, by its name `item`) with the person who acted:
 * the one who shared it, or for an entry made before its desktop joined, that computer's user then.
 */
export async function materializeAudit(
  db: Db,
  companyId: string | null,
  item: string,
  entry: { at: string; action: string; details: Record<string, unknown>; actor?: string },
  actor: string,
  now: string
): Promise<void> {
  await logActivity(db, {
    at: entry.at,
    companyId,
    actor: entry.actor ?? actor,
    action: entry.action,
    details: entry.details,
    firmItem: item,
    firmSharedAt: now
  })
}

/**
 * Writes one shared item into a company (null: firm-wide): a decision, someone's audit entry, or
 * the week's digest another desktop made (kept as it was made, under this desktop's company id).
 */
export async function materializeShared(
  db: Db,
  companyId: string | null,
  shared: { kind: string; item: string; fields: Record<string, unknown>; actor: string },
  now: string
): Promise<void> {
  const { kind, item, fields, actor } = shared
  if (kind === 'digest') {
    if (companyId !== null) await keepDigest(db, { ...(fields.view as DigestView), companyId })
    return
  }
  if (kind === 'audit') {
    await materializeAudit(
      db,
      companyId,
      item,
      fields.entry as Parameters<typeof materializeAudit>[3],
      actor,
      now
    )
    return
  }
  if (companyId === null) await materializeFirmWide(db, kind, item, fields, now)
  else await materialize(db, companyId, kind, item, fields, now, actor)
}
