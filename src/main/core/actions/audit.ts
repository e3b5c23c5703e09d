// The audit trail of user actions: who did what, with the runway before and after where it moved.

import { userInfo } from 'node:os'
import { logActivity } from '../db/activity'
import type { ActionDeps } from './deps'

let actorName: string | null = null
/** Who did it: the person signed in to this computer. */
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

/** The entry, on this computer and (in a firm) for the firm, with the person signed in to it. */
export async function audit(
  deps: ActionDeps,
  companyId: string,
  action: string,
  details: Record<string, unknown>
): Promise<void> {
  const entry = { at: deps.ctx.clock.now().toISOString(), action, details }
  await logActivity(deps.ctx.cache.db, { ...entry, companyId, actor: deps.firm.actor() ?? actor() })
  await deps.firm.shareAudit(companyId, entry)
}
