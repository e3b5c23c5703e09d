// Shapes the runway screens of one company (overview, console, hygiene, scenarios) from the books
// and the runway engine. Reads only; the prepared runway is kept until the company's books change.

import { daysBetween, type LocalDate } from '../../../shared/dates'
import type { ScenarioChange } from '../../../shared/contract'
import type {
  BankAccountView,
  BillRow,
  ForecastTableView,
  ForecastWeekView,
  ForeignCashView,
  HygieneView,
  InvoiceRow,
  RunwayView,
  ScenarioView,
  StaleMark
} from '../../../shared/views'
import type { CoreContext } from '../context'
import { AppError } from '../errors'
import type { BooksReader } from '../db/books-reader'
import { requireCompany } from '../db/companies'
import { consistentBooks, unfinishedRead } from '../db/consistency'
import { waitingTargets } from '../db/outbox'
import type { CompanyRow } from '../db/schema'
import { readSettingsNow } from '../db/settings'
import {
  assessBills,
  checkHygiene,
  evaluateScenarioIn,
  LOCAL_DECISIONS,
  paymentHabits,
  planCollections,
  prepareRunway,
  type Books,
  type ForecastWeek,
  type RunwayContext
} from '../runway'
import { companyToday } from '../today'
import { otherSender } from '../runway/collections'
import { forecastTable, forecastTableCsv } from './forecast-table'
import { expectationView, invoiceForecastView, receivablesView, recurringView } from './expectations'

const week = (w: ForecastWeek, inTransitCents = 0): ForecastWeekView => ({
  weekStart: w.weekStart,
  weekEnd: w.weekEnd,
  inflowCents: w.inflowCents,
  inTransitCents,
  outflowCents: w.outflowCents,
  endingCashCents: w.endingCashCents,
  lowestCashCents: w.lowestCashCents
})

/** A company's runway as the screens serve it, with what its figures rest on. */
export interface PreparedRunway {
  today: LocalDate
  ctx: RunwayContext
  /** When the books the figures come from were last whole and up to date. */
  dataAsOf: string | null
  stale: StaleMark | null
  /** Read from the cache as it is, whole: worth keeping as the last consistent copy. */
  whole: boolean
}

export class CompanyExperience {
  private readonly prepared = new Map<string, PreparedRunway>()

  constructor(
    private readonly ctx: CoreContext,
    private readonly books: BooksReader,
    /** The firm's person on this computer (null outside a firm): whose reminders are not "by" anyone. */
    private readonly me: () => string | null = () => null
  ) {
    ctx.events.subscribe((event, payload) => {
      // A sync that ends, well or not, may change what the figures rest on even when it wrote nothing.
      if (event === 'runway.changed' || event === 'sync.finished' || event === 'sync.failed')
        this.forget((payload as { companyId: string }).companyId)
    })
  }

  /** Drops the prepared runway of a company whose books changed. */
  forget(companyId: string): void {
    this.prepared.delete(companyId)
  }

  /** Drops every prepared runway (the status bands changed). */
  forgetAll(): void {
    this.prepared.clear()
  }

  private company(companyId: string): CompanyRow {
    return requireCompany(this.ctx.cache.sqlite, companyId)
  }

  /** The engine's prepared context for today, built once per change of the books. */
  context(companyId: string): RunwayContext {
    return this.current(companyId).ctx
  }

  /**
   * The runway of the books as they stood the last time they were whole. While a full read is under
   * way or was left unfinished by a failed sync, the cache holds part of the books (bills without
   * the invoices against them): the copy kept from the last complete sync is read instead, with the
   * bookkeeper's own decisions taken fresh, and the figures say they are stale and why.
   */
  current(companyId: string): PreparedRunway {
    const company = this.company(companyId)
    const today = companyToday(this.ctx.clock)
    const cached = this.prepared.get(companyId)
    if (cached && cached.today === today) return cached
    const { sqlite } = this.ctx.cache
    const failed: StaleMark | null =
      company.sync_failed_at === null
        ? null
        : { reason: company.sync_failure ?? 'the last sync failed', since: company.sync_failed_at }
    const unfinished = unfinishedRead(sqlite, companyId)
    let books: Books
    let prepared: Omit<PreparedRunway, 'ctx'>
    if (unfinished === null) {
      books = this.books.books(companyId, today)
      prepared = { today, dataAsOf: company.last_sync_at, stale: failed, whole: true }
    } else {
      const kept = consistentBooks(sqlite, companyId)
      if (!kept) {
        throw new AppError(
          'stale',
          failed
            ? `No figures for ${company.name} yet: its first sync stopped part-way (${failed.reason}). Sync again.`
            : `No figures for ${company.name} yet: its books have not been copied in full. Sync to see them.`
        )
      }
      const fresh = this.books.books(companyId, today)
      const decisions = Object.fromEntries(LOCAL_DECISIONS.map((key) => [key, fresh[key]]))
      books = { ...kept.books, ...(decisions as Pick<Books, (typeof LOCAL_DECISIONS)[number]>) }
      prepared = {
        today,
        dataAsOf: kept.syncedAt,
        stale: failed ?? {
          reason: 'a sync is copying the books',
          since: unfinished.since ?? this.ctx.clock.now().toISOString()
        },
        whole: false
      }
    }
    const bands = readSettingsNow(sqlite).statusBands
    const result = { ...prepared, ctx: prepareRunway(books, today, { bands }) }
    this.prepared.set(companyId, result)
    return result
  }

  runway(companyId: string): RunwayView {
    const company = this.company(companyId)
    const { ctx, dataAsOf, stale } = this.current(companyId)
    const { runway, books, model } = ctx
    return {
      companyId,
      companyName: company.name,
      asOf: runway.asOf,
      homeCurrency: runway.homeCurrency,
      dataAsOf,
      stale,
      cashCents: runway.cashCents,
      foreignCash: foreignCash(books),
      reservedCents: runway.reservedCents,
      availableCashCents: runway.availableCashCents,
      undepositedCents: runway.undepositedCents,
      undepositedLeftOutCents: runway.undepositedLeftOutCents,
      creditCardDebtCents: runway.creditCardDebtCents,
      arCents: runway.arCents,
      arGrossCents: runway.arGrossCents,
      unappliedPaymentsCents: runway.unappliedPaymentsCents,
      apCents: runway.apCents,
      apGrossCents: runway.apGrossCents,
      vendorCreditsCents: runway.vendorCreditsCents,
      overdueArCents: runway.overdueArCents,
      overdueApCents: runway.overdueApCents,
      dailyBurnCents: runway.dailyBurnCents,
      netPositionCents: runway.netPositionCents,
      runwayDays: runway.runwayDays,
      horizonDays: runway.horizonDays,
      simpleRunwayDays: runway.simpleRunwayDays,
      statusDays: runway.statusDays,
      statusBasis: runway.statusBasis,
      status: runway.status,
      cashZeroDate: runway.cashZeroDate,
      minCashCents: books.minCashCents,
      belowMinCashDate: runway.belowMinCashDate,
      forecast: runway.forecast.map((w) => week(w, w.inTransitCents)),
      recurring: model.recurring.map(recurringView),
      receivables: receivablesView(model.receivables),
      kpis: {
        dsoDays: runway.kpis.dsoDays,
        dpoDays: runway.kpis.dpoDays,
        arAging: { ...runway.kpis.arAging },
        apAging: { ...runway.kpis.apAging },
        burnCents: runway.kpis.burnCents,
        netBurnCents: runway.kpis.netBurnCents
      }
    }
  }

  /** The console's bills; one with a payment waiting in the outbox is marked so (paying it again could pay twice). */
  bills(companyId: string): BillRow[] {
    const ctx = this.context(companyId)
    const pendingBillIds = waitingTargets(this.ctx.cache.sqlite, companyId, 'bills.pay')
    const bills = new Map(ctx.books.openBills.map((b) => [b.id, b]))
    const vendors = new Map(ctx.books.vendors.map((v) => [v.id, v]))
    return assessBills(ctx).map((a): BillRow => {
      const bill = bills.get(a.billId)!
      return {
        id: a.billId,
        vendorId: a.vendorId,
        vendorName: a.vendorName,
        docNumber: a.docNumber ?? null,
        totalCents: bill.totalCents,
        balanceCents: a.amountCents,
        dueDate: bill.dueDate,
        plannedDate: a.plannedDate,
        scheduledPayOn: ctx.books.plannedDates[a.billId] ?? null,
        daysUntilDue: a.daysUntilDue,
        category: a.decision,
        reasons: [...a.mustPayReasons, ...a.canDelayReasons],
        priority: a.priorityScore,
        risk: a.risk,
        criticalVendor:
          (vendors.get(a.vendorId)?.critical ?? false) || a.mustPayReasons.includes('critical-vendor'),
        impact: {
          simpleImpactDays: a.impact.simpleImpactDays,
          payNowDays: a.impact.payNowDays,
          delayTo: a.impact.delayTo,
          delayTodayDays: a.impact.delayDays.today,
          delayAfterDays: a.impact.delayDays.after,
          delayGainDays: a.impact.delayGainDays
        },
        pending: pendingBillIds.has(a.billId)
      }
    })
  }

  invoices(companyId: string): InvoiceRow[] {
    const ctx = this.context(companyId)
    const pendingReminders = waitingTargets(this.ctx.cache.sqlite, companyId, 'collections.sendReminder')
    const habits = paymentHabits(ctx.books)
    const open = new Map(ctx.books.openInvoices.map((i) => [i.id, i]))
    const planned = new Map(planCollections(ctx.books, ctx.today).map((c) => [c.invoiceId, c]))
    const receivables = new Map(ctx.model.receivables.map((r) => [r.invoice.id, r]))
    // Every open invoice, overdue ones first by collection score, then the rest by due date.
    return [...open.values()]
      .map((inv): InvoiceRow => {
        const item = planned.get(inv.id)
        const receivable = receivables.get(inv.id)
        const due = inv.dueDate
        const daysOverdue = due ? Math.max(0, daysBetween(due, ctx.today)) : 0
        return {
          id: inv.id,
          customerId: inv.customerId,
          customerName: inv.customerName,
          docNumber: inv.docNumber ?? null,
          totalCents: inv.totalCents,
          balanceCents: inv.balanceCents,
          dueDate: due,
          daysOverdue: item?.daysOverdue ?? daysOverdue,
          email: item?.email ?? inv.email,
          priority: item?.priority ?? 'low',
          score: item?.score ?? 0,
          stage: item?.stage ?? 'gentle',
          reminderCount: inv.reminderCount ?? 0,
          lastReminderAt: inv.lastReminderAt ?? null,
          lastReminderBy: otherSender(inv.lastReminderBy, this.me()),
          reminder: item?.reminder ?? { action: 'none', reason: 'not-overdue' },
          reminderPending: pendingReminders.has(inv.id),
          customerAvgDaysLate: habits.byCustomer.get(inv.customerId)?.avgDaysLate ?? null,
          forecast: receivable ? invoiceForecastView(receivable) : null,
          expectation: receivable ? expectationView(receivable) : null
        }
      })
      .sort((a, b) => b.score - a.score || (a.dueDate ?? '').localeCompare(b.dueDate ?? ''))
  }

  hygiene(companyId: string): HygieneView {
    const ctx = this.context(companyId)
    const report = checkHygiene(ctx.books, ctx.today)
    return {
      score: report.score,
      totalErrorDays: report.totalErrorDays,
      topFixesErrorDays: report.topFixesErrorDays,
      checks: report.checks.map((c) => ({
        id: c.id,
        title: c.title,
        fix: c.fix,
        count: c.count,
        errorDays: c.errorDays,
        items: c.items.map((i) => ({ ...i }))
      })),
      topFixes: report.topFixes.map((c) => c.id)
    }
  }

  scenario(companyId: string, changes: ScenarioChange[]): ScenarioView {
    const ctx = this.context(companyId)
    const result = evaluateScenarioIn(ctx, changes)
    // What is in transit is money already received: no scenario moves it.
    const inTransit = ctx.runway.forecast.map((w) => w.inTransitCents)
    const side = (s: typeof result.base) => ({
      cashZeroDate: s.cashZeroDate,
      runwayDays: s.runwayDays,
      status: s.status,
      forecast: s.forecast.map((w, i) => week(w, inTransit[i]))
    })
    return {
      base: side(result.base),
      scenario: side(result.scenario),
      horizonDays: ctx.runway.horizonDays,
      deltaDays: result.delta.runwayDays,
      ignored: result.ignored.map((i) => ({ change: i.change, reason: i.reason }))
    }
  }

  accounts(companyId: string): BankAccountView[] {
    const { books } = this.context(companyId)
    return [
      ...books.bankAccounts.map((a): BankAccountView => ({
        id: a.id,
        name: a.name,
        type: 'Bank',
        balanceCents: a.balanceCents,
        foreign: a.foreign ? { ...a.foreign } : null
      })),
      ...books.creditCards.map((a): BankAccountView => ({
        id: a.id,
        name: a.name,
        type: 'Credit Card',
        balanceCents: a.balanceCents,
        foreign: a.foreign ? { ...a.foreign } : null
      }))
    ]
  }

  /** The forecast week by week, from the same prepared model as runway(): the two never disagree. */
  forecastTable(companyId: string): ForecastTableView {
    const company = this.company(companyId)
    return forecastTable(this.context(companyId), { id: companyId, name: company.name })
  }

  forecastCsv(companyId: string): string {
    return forecastTableCsv(this.forecastTable(companyId))
  }
}

/** Every account kept in another currency: converted ones with their rate, the rest left out. */
function foreignCash(books: Books): ForeignCashView[] {
  const converted = (type: ForeignCashView['type']) => (a: Books['bankAccounts'][number]) =>
    a.foreign
      ? [
          {
            accountId: a.id,
            name: a.name,
            type,
            currency: a.foreign.currency,
            balanceCents: a.foreign.balanceCents,
            homeCents: a.balanceCents,
            rate: a.foreign.rate,
            rateDate: a.foreign.rateDate
          }
        ]
      : []
  return [
    ...books.bankAccounts.flatMap(converted('Bank')),
    ...books.creditCards.flatMap(converted('Credit Card')),
    ...(books.accountsLeftOut ?? []).map((a) => ({
      accountId: a.id,
      name: a.name,
      type: a.type,
      currency: a.currency,
      balanceCents: a.balanceCents,
      homeCents: null,
      rate: null,
      rateDate: null
    }))
  ]
}
