// The audit trail of user actions: who did what, with the runway before and after where it moved.

import { randomUUID } from 'node:crypto'
import { logActivity } from '../db/activity'
import { actor } from './actor'
import type { ActionDeps } from './deps'

/** The entry, on this computer and (in a firm) for the firm, with the person signed in to it. */
export async function audit(
  deps: ActionDeps,
  companyId: string,
  action: string,
  details: Record<string, unknown>
): Promise<void> {
  const entry = { at: deps.ctx.clock.now().toISOString(), action, details }
  // Named now, in or out of a firm: an entry made before joining goes to the firm on joining.
  const firmItem = randomUUID()
  const shared = await deps.firm.shareAudit(companyId, firmItem, entry)
  await logActivity(deps.ctx.cache.db, {
    ...entry,
    companyId,
    actor: deps.firm.actor() ?? actor(),
    firmItem,
    firmSharedAt: shared ? entry.at : null
  })
}
