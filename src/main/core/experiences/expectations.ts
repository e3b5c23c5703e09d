// How the engine's receivables and recurring series read on screen: the invoice's place in the
// forecast, the user's word on it, the receivables' base and upside, the recurring outflows.

import type {
  ExpectationView,
  InvoiceForecastView,
  ReceivablesView,
  RecurringView
} from '../../../shared/views'
import type { Receivable, RecurringSeries } from '../runway'

export function invoiceForecastView(r: Receivable): InvoiceForecastView {
  return {
    status: r.status,
    expectedDate: r.status === 'wont-collect' ? null : r.date,
    dateBasis: r.dateBasis,
    chance: r.chance,
    chanceBasis: r.chanceBasis,
    collectibleCents: r.collectibleCents,
    expectedCents: r.expectedCents
  }
}

export function expectationView(r: Receivable): ExpectationView | null {
  if (!r.override) return null
  const e = r.override.expectation
  return {
    scope: r.override.scope,
    expectOn: 'expectOn' in e ? e.expectOn : null,
    wontCollect: 'wontCollect' in e,
    lapsed: r.override.lapsed
  }
}

export function receivablesView(receivables: readonly Receivable[]): ReceivablesView {
  const view: ReceivablesView = {
    collectibleCents: 0,
    expectedCents: 0,
    discountCents: 0,
    upsideCents: 0,
    wontCollectCents: 0,
    outOfBase: []
  }
  for (const r of receivables) {
    view.collectibleCents += r.collectibleCents
    if (r.status === 'base') {
      view.expectedCents += r.expectedCents
      view.discountCents += r.collectibleCents - r.expectedCents
      continue
    }
    if (r.status === 'upside') view.upsideCents += r.collectibleCents
    else view.wontCollectCents += r.collectibleCents
    view.outOfBase.push({
      invoiceId: r.invoice.id,
      customerId: r.invoice.customerId,
      customerName: r.invoice.customerName,
      docNumber: r.invoice.docNumber ?? null,
      collectibleCents: r.collectibleCents,
      daysPastDue: r.daysPastDue,
      chance: r.chance,
      reason: r.status === 'upside' ? 'past-collection' : 'wont-collect'
    })
  }
  view.outOfBase.sort((a, b) => b.daysPastDue - a.daysPastDue)
  return view
}

export function recurringView(s: RecurringSeries): RecurringView {
  return {
    key: s.key,
    payeeName: s.payeeName,
    source: s.source,
    payroll: s.payroll,
    cadence: s.cadence,
    amountCents: s.amountCents,
    lastDate: s.lastDate,
    nextDate: s.nextDate,
    active: s.active,
    decision: s.decision,
    inForecast: s.projected
  }
}
