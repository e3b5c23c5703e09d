// The weekly digest of one company: the runway summary and what changed, composed from the books
// and the runway engine (no per-domain digest helpers: it reads what the other screens read).

import { addDays, localDateAt, type LocalDate } from '../../../shared/dates'
import { companyTimeZone, companyToday, digestWeekEnd } from '../today'
import { formatMoney } from '../../../shared/money'
import {
  runwayLabel,
  type DigestView,
  type RunwayAlert,
  type RunwayStatus,
  type VarianceView
} from '../../../shared/views'
import type { Clock } from '../../../shared/dates'
import { activityBetween } from '../db/activity'
import type { BooksReader } from '../db/books-reader'
import type { CacheDb } from '../db/connect'
import { ledgerBefore, storedDigest } from '../db/digests'
import { explainChange, ledgerOf, type RunwayLedger } from '../runway/variance'
import { readSettings } from '../db/settings'
import { latestRunwayRow, snapshotBefore } from '../db/snapshots'
import type { CompanyExperience } from './company'

export interface AlertBaseline {
  status: RunwayStatus
  runwayDays: number | null
  ledger: RunwayLedger | null
}

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

  /** Why the runway moved since the last forecast kept before `day` (null: none was kept). */
  causesSince(companyId: string, day?: LocalDate): VarianceView | null {
    const before = ledgerBefore(this.cache.sqlite, companyId, day)
    if (!before) return null
    const ctx = this.company.context(companyId)
    return explainChange(
      JSON.parse(before.ledger_json) as RunwayLedger,
      ledgerOf(ctx.books, ctx.model),
      ctx.books
    )
  }

  /** Where a company stands before a sync: what `alertAfter` compares the sync's result with. */
  alertBaseline(companyId: string): AlertBaseline | null {
    const row = latestRunwayRow(this.cache.sqlite, companyId)
    if (!row) return null
    const ledger = ledgerBefore(this.cache.sqlite, companyId)
    return {
      status: row.status,
      runwayDays: row.runway_days,
      ledger: ledger ? (JSON.parse(ledger.ledger_json) as RunwayLedger) : null
    }
  }

  /**
   * An alert when the sync took more than `dropDays` off the runway (a runway past the horizon
   * counts as the horizon: only days inside the forecast are a drop), or moved the company into
   * another band; with why, from the forecast before the sync.
   */
  alertAfter(companyId: string, before: AlertBaseline, dropDays: number): RunwayAlert | null {
    const ctx = this.company.context(companyId)
    const runway = this.company.runway(companyId)
    if (runway.stale) return null
    const H = runway.horizonDays
    const drop = (before.runwayDays ?? H) - (runway.runwayDays ?? H)
    const crossed = before.status !== runway.status
    if (drop <= dropDays && !crossed) return null
    const causes = before.ledger
      ? explainChange(before.ledger, ledgerOf(ctx.books, ctx.model), ctx.books)
      : null
    const from = runwayLabel(before.runwayDays, H)
    const to = runwayLabel(runway.runwayDays, H)
    const why = causes ? causesText(causes) : ''
    const head =
      drop > 0 ? `Runway dropped ${plural(drop, 'day')} (${from} → ${to})` : `Runway ${from} → ${to}`
    const band = crossed ? `; now ${runway.status} (was ${before.status})` : ''
    return {
      companyId,
      companyName: runway.companyName,
      fromDays: before.runwayDays,
      toDays: runway.runwayDays,
      horizonDays: H,
      fromStatus: before.status,
      toStatus: runway.status,
      message: `${head}${band}${why ? `: ${why}` : ''}`,
      causes
    }
  }

  /** The digest for the seven days ending on `weekEnd`. */
  compose(companyId: string, weekEnd: LocalDate): DigestView {
    const weekStart = addDays(weekEnd, -6)
    const runway = this.company.runway(companyId)
    const causes = this.causesSince(companyId, weekStart)
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
      const why = causes ? causesText(causes) : ''
      variance.push(
        `Runway ${changeDays < 0 ? 'dropped' : 'grew'} ${plural(Math.abs(changeDays), 'day')}${why ? `: ${why}` : ''}`
      )
    }
    if (runway.cashZeroDate) variance.push(`Cash runs out on ${runway.cashZeroDate} unless something changes`)
    if (runway.belowMinCashDate && runway.minCashCents > 0)
      variance.push(
        `Cash falls below the ${money(runway.minCashCents)} minimum on ${runway.belowMinCashDate}`
      )
    if (runway.overdueArCents > 0) variance.push(`${money(runway.overdueArCents)} of invoices are overdue`)

    const hygiene = this.company.hygiene(companyId)
    const allBills = this.company.bills(companyId)
    const allInvoices = this.company.invoices(companyId)
    const bills = allBills.filter((b) => b.category === 'must-pay')
    const invoices = allInvoices.filter((i) => i.daysOverdue > 0)
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
        statusDays: runway.statusDays,
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
      hygieneScore: hygiene.score,
      stale: runway.stale,
      homeCurrency: runway.homeCurrency,
      causes,
      forecast: runway.forecast,
      minCashCents: runway.minCashCents,
      belowMinCashDate: runway.belowMinCashDate,
      hygieneFixes: hygiene.checks
        .filter((c) => c.count > 0 && c.errorDays > 0)
        .sort((a, b) => b.errorDays - a.errorDays)
        .slice(0, 3)
        .map((c) => ({ title: c.title, fix: c.fix, count: c.count, errorDays: c.errorDays })),
      openItems: [
        ...allBills.map((b) => ({
          kind: 'bill' as const,
          id: b.id,
          name: b.vendorName,
          docNumber: b.docNumber,
          balanceCents: b.balanceCents,
          dueDate: b.dueDate,
          daysOverdue: 0 - b.daysUntilDue,
          standing: b.category
        })),
        ...allInvoices.map((i) => ({
          kind: 'invoice' as const,
          id: i.id,
          name: i.customerName,
          docNumber: i.docNumber,
          balanceCents: i.balanceCents,
          dueDate: i.dueDate,
          daysOverdue: i.daysOverdue,
          standing: i.stage
        }))
      ],
      madeLate: companyToday(this.clock) > weekEnd ? { on: companyToday(this.clock) } : null
    }
  }
}

const signedDays = (days: number): string => `${days > 0 ? '+' : '−'}${plural(Math.abs(days), 'day')}`

/** "a week went by (−7 days), 3 new bills, $15,000.00 (−9 days), other (+1 day)": biggest first. */
export function causesText(v: VarianceView): string {
  return v.causes
    .filter((c) => c.days !== 0)
    .sort((a, b) => Math.abs(b.days) - Math.abs(a.days))
    .map((c) => `${causePhrase(c)} (${signedDays(c.days)})`)
    .join(', ')
}

export function causePhrase(c: VarianceView['causes'][number]): string {
  const amount = c.amountCents !== null ? `, ${money(Math.abs(c.amountCents))}` : ''
  switch (c.kind) {
    case 'time':
      return c.count === 7 ? 'a week went by' : `${plural(c.count, 'day')} went by`
    case 'new-bills':
      return `${plural(c.count, 'new bill')}${amount}`
    case 'new-invoices':
      return `${plural(c.count, 'new invoice')}${amount}`
    case 'payments-in':
      return `payments received${amount}`
    case 'payments-out':
      return `bills paid${amount}`
    case 'decisions':
      return `${plural(c.count, 'decision')} taken`
    case 'recurring':
      return `recurring outflows${amount}`
    case 'invoices-redated':
      return `${plural(c.count, 'invoice')} gone overdue or re-dated${amount}`
    case 'bills-redated':
      return `${plural(c.count, 'bill')} still open past the forecast's date${amount}`
    case 'other-spending':
      return `other spending${amount}`
    case 'other':
      return 'other changes'
  }
}
