// Shapes the runway screens of one company (overview, console, hygiene, scenarios) from the books
// and the runway engine. Reads only; the prepared runway is kept until the company's books change.

import { daysBetween, type LocalDate } from '../../../shared/dates'
import type { ScenarioChange } from '../../../shared/contract'
import type {
  BankAccountView,
  BillRow,
  ForecastTableView,
  ForecastWeekView,
  HygieneView,
  InvoiceRow,
  RunwayView,
  ScenarioView
} from '../../../shared/runway'
import type { CoreContext } from '../context'
import type { BooksReader } from '../db/books-reader'
import { requireCompany } from '../db/companies'
import { waitingTargets } from '../db/outbox'
import type { CompanyRow } from '../db/schema'
import {
  assessBills,
  checkHygiene,
  evaluateScenarioIn,
  paymentHabits,
  planCollections,
  prepareRunway,
  type ForecastWeek,
  type RunwayContext
} from '../runway'
import { companyToday } from '../today'
import { forecastTable, forecastTableCsv } from './forecast-table'
import { expectationView, invoiceForecastView, receivablesView, recurringView } from './expectations'

const week = (w: ForecastWeek): ForecastWeekView => ({
  weekStart: w.weekStart,
  weekEnd: w.weekEnd,
  inflowCents: w.inflowCents,
  outflowCents: w.outflowCents,
  endingCashCents: w.endingCashCents,
  lowestCashCents: w.lowestCashCents
})

export class CompanyExperience {
  private readonly prepared = new Map<string, { today: LocalDate; ctx: RunwayContext }>()

  constructor(
    private readonly ctx: CoreContext,
    private readonly books: BooksReader
  ) {
    ctx.events.subscribe((event, payload) => {
      if (event === 'runway.changed') this.forget((payload as { companyId: string }).companyId)
    })
  }

  /** Drops the prepared runway of a company whose books changed. */
  forget(companyId: string): void {
    this.prepared.delete(companyId)
  }

  private company(companyId: string): CompanyRow {
    return requireCompany(this.ctx.cache.sqlite, companyId)
  }

  /** The engine's prepared context for today, built once per change of the books. */
  context(companyId: string): RunwayContext {
    this.company(companyId)
    const today = companyToday(this.ctx.clock)
    const cached = this.prepared.get(companyId)
    if (cached && cached.today === today) return cached.ctx
    const ctx = prepareRunway(this.books.books(companyId, today), today)
    this.prepared.set(companyId, { today, ctx })
    return ctx
  }

  runway(companyId: string): RunwayView {
    const company = this.company(companyId)
    const { runway, books, model } = this.context(companyId)
    return {
      companyId,
      companyName: company.name,
      asOf: runway.asOf,
      homeCurrency: runway.homeCurrency,
      dataAsOf: company.last_sync_at,
      cashCents: runway.cashCents,
      reservedCents: runway.reservedCents,
      availableCashCents: runway.availableCashCents,
      creditCardDebtCents: runway.creditCardDebtCents,
      arCents: runway.arCents,
      apCents: runway.apCents,
      overdueArCents: runway.overdueArCents,
      overdueApCents: runway.overdueApCents,
      dailyBurnCents: runway.dailyBurnCents,
      netPositionCents: runway.netPositionCents,
      runwayDays: runway.runwayDays,
      forecastRunwayDays: runway.forecastRunwayDays,
      effectiveRunwayDays: runway.effectiveRunwayDays,
      status: runway.status,
      cashZeroDate: runway.cashZeroDate,
      minCashCents: books.minCashCents,
      belowMinCashDate: runway.belowMinCashDate,
      forecast: runway.forecast.map(week),
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
    const result = evaluateScenarioIn(this.context(companyId), changes)
    const side = (s: typeof result.base) => ({
      cashZeroDate: s.cashZeroDate,
      runwayDays: s.runwayDays,
      forecast: s.forecast.map(week)
    })
    return {
      base: side(result.base),
      scenario: side(result.scenario),
      deltaDays: result.delta.cashZeroDays ?? result.delta.runwayDays,
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
        balanceCents: a.balanceCents
      })),
      ...books.creditCards.map((a): BankAccountView => ({
        id: a.id,
        name: a.name,
        type: 'Credit Card',
        balanceCents: a.balanceCents
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
