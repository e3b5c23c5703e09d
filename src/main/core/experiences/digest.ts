// The weekly digest of one company: the runway summary and what changed, composed from the books
// and the runway engine (no per-domain digest helpers: it reads what the other screens read).

import { addDays, localDateAt, type LocalDate } from '../../../shared/dates'
import { companyTimeZone, companyToday, digestWeekEnd } from '../today'
import { formatMoney } from '../../../shared/money'
import { runwayLabel, type DigestView } from '../../../shared/views'
import type { Clock } from '../../../shared/dates'
import { activityBetween } from '../db/activity'
import type { BooksReader } from '../db/books-reader'
import type { CacheDb } from '../db/connect'
import { storedDigest } from '../db/digests'
import { readSettings } from '../db/settings'
import { snapshotBefore } from '../db/snapshots'
import type { CompanyExperience } from './company'

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
const money = (cents: number): string => formatMoney(cents as never)

export class DigestExperience {
  constructor(
    private readonly cache: CacheDb,
    private readonly clock: Clock,
    private readonly books: BooksReader,
    private readonly company: CompanyExperience
  ) {}

  /**
   * The digest of a week: one still under way is composed live (decisions keep coming); a finished
   * one is the digest the job made (the latest if none is named), or composed if the job never did.
   */
  async get(companyId: string, weekEnd?: LocalDate): Promise<DigestView> {
    const today = companyToday(this.clock)
    if (weekEnd !== undefined && weekEnd >= today) return this.compose(companyId, weekEnd)
    const stored = await storedDigest(this.cache.db, companyId, weekEnd)
    if (stored) return stored
    const settings = await readSettings(this.cache.db)
    return this.compose(companyId, weekEnd ?? digestWeekEnd(today, settings.digestWeekday))
  }

  /** The digest for the seven days ending on `weekEnd`. */
  compose(companyId: string, weekEnd: LocalDate): DigestView {
    const weekStart = addDays(weekEnd, -6)
    const runway = this.company.runway(companyId)
    const before = snapshotBefore(this.cache.sqlite, companyId, weekStart)
    const week = this.books.week(companyId, weekStart, weekEnd)
    const changeDays =
      before && before.runway_days !== null && runway.runwayDays !== null
        ? Math.round(runway.runwayDays - before.runway_days)
        : null
    const cashChange = before ? runway.cashCents - before.cash_cents : null

    const variance: string[] = []
    if (runway.stale) {
      const asOf = runway.dataAsOf
        ? `the last complete sync, on ${localDateAt(new Date(runway.dataAsOf), companyTimeZone())}`
        : 'an earlier sync'
      variance.push(
        `These figures are from ${asOf}: the sync after it did not finish (${runway.stale.reason})`
      )
    }
    // Into or out of "more than 13 weeks" has no number of days to say.
    if (before && changeDays === null && before.runway_days !== runway.runwayDays)
      variance.push(
        `Runway ${runwayLabel(before.runway_days, runway.horizonDays)} a week ago, ${runwayLabel(runway.runwayDays, runway.horizonDays)} now`
      )
    if (changeDays !== null && changeDays !== 0) {
      const causes: string[] = []
      if (week.newBills.count > 0)
        causes.push(`${plural(week.newBills.count, 'new bill')} (${money(week.newBills.totalCents)})`)
      if (week.paymentsReceived.count > 0)
        causes.push(
          `${plural(week.paymentsReceived.count, 'payment')} received (${money(week.paymentsReceived.totalCents)})`
        )
      variance.push(
        `Runway ${changeDays < 0 ? 'dropped' : 'grew'} ${plural(Math.abs(changeDays), 'day')}${causes.length ? `: ${causes.join(', ')}` : ''}`
      )
    }
    if (runway.cashZeroDate) variance.push(`Cash runs out on ${runway.cashZeroDate} unless something changes`)
    if (runway.belowMinCashDate && runway.minCashCents > 0)
      variance.push(
        `Cash falls below the ${money(runway.minCashCents)} minimum on ${runway.belowMinCashDate}`
      )
    if (runway.overdueArCents > 0) variance.push(`${money(runway.overdueArCents)} of invoices are overdue`)

    const bills = this.company.bills(companyId).filter((b) => b.category === 'must-pay')
    const invoices = this.company.invoices(companyId).filter((i) => i.daysOverdue > 0)
    // Entries are stamped in UTC; the week is company-local days: read a day either side, then keep
    // what falls inside the week where the company is.
    const decisions = activityBetween(
      this.cache.sqlite,
      companyId,
      addDays(weekStart, -1),
      addDays(weekEnd, 2)
    ).filter((d) => {
      const day = localDateAt(new Date(d.at), companyTimeZone())
      return day >= weekStart && day <= weekEnd
    })

    return {
      companyId,
      companyName: runway.companyName,
      weekStart,
      weekEnd,
      generatedAt: this.clock.now().toISOString(),
      headline: {
        status: runway.status,
        cashZeroDate: runway.cashZeroDate,
        runwayDays: runway.runwayDays,
        horizonDays: runway.horizonDays,
        simpleRunwayDays: runway.simpleRunwayDays,
        cashCents: runway.cashCents,
        availableCashCents: runway.availableCashCents,
        changeDays,
        cashChangeCents: cashChange
      },
      variance,
      week,
      mustPay: bills.slice(0, 5).map((b) => ({
        id: b.id,
        vendorName: b.vendorName,
        balanceCents: b.balanceCents,
        dueDate: b.dueDate,
        reasons: b.reasons
      })),
      toChase: invoices.slice(0, 5).map((i) => ({
        id: i.id,
        customerName: i.customerName,
        balanceCents: i.balanceCents,
        daysOverdue: i.daysOverdue,
        stage: i.stage
      })),
      decisions: decisions.map((d) => {
        const details = JSON.parse(d.details_json) as { summary?: string }
        return { at: d.at, action: d.action, summary: details.summary ?? d.action }
      }),
      hygieneScore: this.company.hygiene(companyId).score,
      stale: runway.stale
    }
  }
}
