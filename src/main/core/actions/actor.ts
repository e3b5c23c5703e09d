// Who did it, for the audit trail.

import { userInfo } from 'node:os'

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
