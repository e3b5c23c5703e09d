// The client list (Monday's overview): every company's latest runway snapshot, worst first, or the
// window of it a screen shows, sorted and filtered as it asks.

import { addDays } from '../../../shared/dates'
import type { PortfolioRow } from '../../../shared/views'
import type { PortfolioList, PortfolioQuery } from '../../../shared/contract'
import type { PortfolioExtras, PortfolioRowData, PortfolioRows } from '../db/snapshots'
import { assessBills, type RunwayContext } from '../runway'

/**
 * The row's figures beside the runway: the forecast's lowest point (the week's lowest, as the
 * weekly table shows it, on the day it falls) and what must be paid in the next 7 days, by the
 * console's must-pay rules and the dates the forecast pays each bill on.
 */
export function portfolioExtras(ctx: RunwayContext): PortfolioExtras {
  const { runway, model, today } = ctx
  let lowest = 0
  runway.forecast.forEach((week, w) => {
    if (week.lowestCashCents < runway.forecast[lowest]!.lowestCashCents) lowest = w
  })
  const lowestCashCents = runway.forecast[lowest]!.lowestCashCents as number
  const first = lowest * 7
  const day = model.cash.slice(first, first + 7).indexOf(lowestCashCents)
  const lowestCashDate = addDays(today, first + Math.max(day, 0))
  const weekEnd = addDays(today, 6)
  let mustPayWeekCents = 0
  let mustPayWeekCount = 0
  for (const bill of assessBills(ctx)) {
    if (bill.decision !== 'must-pay' || bill.plannedDate > weekEnd) continue
    mustPayWeekCents += bill.amountCents
    mustPayWeekCount += 1
  }
  return { lowestCashCents, lowestCashDate, mustPayWeekCents, mustPayWeekCount }
}

/** Windows kept per mark: the blocks a screen scrolls through, the tray's worst few, the CLI's whole list. */
const KEPT_WINDOWS = 32

export class PortfolioExperience {
  private kept = new Map<string, PortfolioList>()
  private keptAt = ''

  constructor(private readonly rows: PortfolioRows) {}

  /**
   * The window `query` asks for. The list is read far more often than it changes (every screen
   * and the tray ask again after each event), so an answer is kept until the database moves.
   * Answers are frozen: every caller gets the same object.
   */
  list(query: PortfolioQuery = {}): PortfolioList {
    const mark = this.rows.changeMark()
    if (mark !== this.keptAt) {
      this.kept.clear()
      this.keptAt = mark
    }
    const key = JSON.stringify(query)
    const kept = this.kept.get(key)
    if (kept) return kept
    const { rows, ...rest } = this.rows.window(query)
    const answer = deepFreeze({ ...rest, rows: rows.map(toRow) })
    if (this.kept.size >= KEPT_WINDOWS) this.kept.delete(this.kept.keys().next().value!)
    this.kept.set(key, answer)
    return answer
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

function toRow([
  companyId,
  name,
  connection,
  lastSyncAt,
  syncFailedAt,
  syncFailure,
  at,
  asOf,
  status,
  runwayDays,
  horizonDays,
  statusDays,
  cashZeroDate,
  cashCents,
  overdueArCents,
  apCents,
  weekChangeDays,
  lowestCashCents,
  lowestCashDate,
  mustPayWeekCents,
  mustPayWeekCount,
  demo
]: PortfolioRowData): PortfolioRow {
  return {
    companyId,
    name,
    connection,
    demo: demo === 1,
    lastSyncAt,
    stale:
      syncFailedAt === null ? null : { reason: syncFailure ?? 'the last sync failed', since: syncFailedAt },
    // No snapshot yet: the left join gives nulls for all of it.
    snapshot:
      at === null
        ? null
        : {
            at,
            asOf: asOf!,
            status: status!,
            runwayDays,
            horizonDays: horizonDays!,
            statusDays,
            cashZeroDate,
            cashCents: cashCents!,
            overdueArCents: overdueArCents!,
            apCents: apCents!,
            lowestCashCents: lowestCashCents!,
            lowestCashDate: lowestCashDate!,
            mustPayWeekCents: mustPayWeekCents!,
            mustPayWeekCount: mustPayWeekCount!,
            weekChangeDays: weekChangeDays === null ? null : Math.round(weekChangeDays)
          }
  }
}
