// No double action across a firm's people: before a payment or a reminder goes to QBO, it is claimed
// on the firm's server (one claim per client, item and action). Outside a firm, or with the server
// out of reach, nothing is claimed and the action goes on as it always has.

import { fromDayNumber, toDayNumber } from '../../../shared/dates'
import { AppError } from '../errors'
import { companyToday } from '../today'
import type { ActionDeps } from './deps'

/**
 * Claims the items for this request, or refuses naming who holds them. Returns what lets the claim
 * go again when the action fails in QBO.
 */
export async function claimFirmWide(
  deps: ActionDeps,
  row: { companyId: string; items: string[]; action: string; requestId: string },
  refusal: { doing: string; field: string }
): Promise<{ release(): Promise<void> }> {
  const held = await deps.firm.claim(row)
  if (held) {
    const since = held.at.slice(11, 16)
    throw new AppError('conflict', `${held.by} is ${refusal.doing} already (since ${since} UTC)`, {
      field: refusal.field,
      details: { claimedBy: held.by, claimedAt: held.at }
    })
  }
  return { release: () => deps.firm.release(row.requestId) }
}

/** The Monday of the company's week: a customer is reminded once a week, firm-wide too. */
export function reminderWeek(deps: ActionDeps): string {
  const day = toDayNumber(companyToday(deps.ctx.clock))
  // Day 0 (1 January 1970) was a Thursday.
  return fromDayNumber(day - ((day + 3) % 7))
}
