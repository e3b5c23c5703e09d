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
