// What every user action needs: QBO through the company's client, the sync service (activity and
// the event-triggered refresh of touched records), the outbox for when QBO is unreachable, and the
// runway before and after for the audit trail.

import { userInfo } from 'node:os'
import type { QboConnections } from '../companies/connections'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import { logActivity } from '../db/activity'
import { QboError } from '../qbo/errors'
import type { EntityName } from '../qbo/entities'
import type { RunwayResult } from '../runway'
import type { Outbox } from './outbox'
import type { SyncCoordinator } from '../sync'

export interface ActionDeps {
  ctx: CoreContext
  connections: QboConnections
  sync: SyncCoordinator
  outbox: Outbox
  runwayOf(companyId: string): RunwayResult
  /** The books changed: forget the prepared runway (quietly, before the audit entry is written). */
  invalidate(companyId: string): void
  /** The books changed: forget prepared runways, take a snapshot, tell the windows. */
  changed(companyId: string): void
}

let actorName: string | null = null
/** Who did it, for the audit trail: the person signed in to this computer. */
export function actor(): string {
  if (actorName === null) {
    try {
      actorName = userInfo().username || 'user'
    } catch {
      actorName = 'user'
    }
  }
  return actorName
}

/** What has an action on its way to QBO right now, by company and kind ("bill", "invoice"). */
const inFlight = new Map<string, Set<string>>()

/**
 * Runs `fn` unless one of `ids` already has an action of this kind on its way to QBO (a second click
 * while the first is sent): that one is refused as a conflict with `message`.
 */
export async function oneAtATime<T>(
  companyId: string,
  kind: string,
  ids: string[],
  refusal: { message: string; field: string },
  fn: () => Promise<T>
): Promise<T> {
  const key = `${companyId}:${kind}`
  const busy = inFlight.get(key) ?? new Set<string>()
  inFlight.set(key, busy)
  if (ids.some((id) => busy.has(id)))
    throw new AppError('conflict', refusal.message, { field: refusal.field })
  for (const id of ids) busy.add(id)
  try {
    return await fn()
  } finally {
    for (const id of ids) busy.delete(id)
    if (busy.size === 0) inFlight.delete(key)
  }
}

/**
 * A live action with its outbox entry written first: if the app dies while QBO is being asked, the
 * entry is there after a restart (the bills or invoice show it waiting, a second try is refused) and
 * the replay settles it by what QBO has. QBO answered: the entry goes. Unreachable: it waits for
 * the replay. Refused by QBO: it goes, and the error is the caller's.
 */
export async function withOutboxEntry<T>(
  deps: ActionDeps,
  entry: { companyId: string; requestId: string; action: string; payload: unknown; summary: string },
  send: () => Promise<T>
): Promise<{ sent: T } | { queued: QboError }> {
  const id = await deps.outbox.enqueue({ ...entry, status: 'live' })
  try {
    const sent = await send()
    await deps.outbox.removeLive(id)
    return { sent }
  } catch (error) {
    if (!isOffline(error)) {
      await deps.outbox.removeLive(id)
      throw error
    }
    await deps.outbox.mark(id, 'pending')
    return { queued: error as QboError }
  }
}

/**
 * QBO could not be reached, or kept failing on its side (5xx after retries): the action can wait in
 * the outbox. Its request id and the marker in the payment make a replay safe even if QBO did apply
 * it before failing.
 */
export function isOffline(error: unknown): boolean {
  return error instanceof QboError && (error.qboKind === 'network' || error.qboKind === 'server')
}

export function effectiveDays(runway: RunwayResult): number | null {
  return runway.effectiveRunwayDays
}

export async function audit(
  deps: ActionDeps,
  companyId: string,
  action: string,
  details: Record<string, unknown>
): Promise<void> {
  await logActivity(deps.ctx.cache.db, {
    at: deps.ctx.clock.now().toISOString(),
    companyId,
    actor: actor(),
    action,
    details
  })
}

/** EVENT_TRIGGERED refresh of what an action touched; the next sync catches up if it fails now. */
export async function refreshTouched(
  deps: ActionDeps,
  companyId: string,
  refs: { entity: EntityName; id: string }[]
): Promise<void> {
  const service = deps.sync.service(companyId)
  service.recordUserActivity()
  try {
    await service.refreshRecords(refs)
  } catch {
    // The action itself succeeded in QBO; stale local rows are corrected by the next sync.
  }
}
