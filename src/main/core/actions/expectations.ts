// The bookkeeper's word on money to come and to go, kept locally, audited with the runway it moved
// and used by the forecast at once: when an invoice's (or a customer's) money will come or that it
// will not, and whether a detected recurring outflow really recurs.

import { formatDay } from '../../../shared/dates'
import type { InvoiceRow, RecurringView } from '../../../shared/views'
import { formatMoney, type Cents } from '../../../shared/money'
import { AppError } from '../errors'
import { companyToday } from '../today'
import { findCustomerName, findInvoice } from '../db/books-reader'
import { requireWritable } from '../db/companies'
import {
  clearExpectation,
  clearRecurringDecision,
  findExpectation,
  setExpectation,
  setRecurringDecision,
  type ExpectationTarget
} from '../db/expectations'
import { expectationItem } from '../firm/shared'
import { withRunway } from './decisions'
import type { ActionDeps } from './deps'

type Word = { expectOn?: string | undefined; wontCollect?: true | undefined }

function validDate(deps: ActionDeps, word: Word): string | null {
  if (word.expectOn === undefined) return null
  if (word.expectOn < companyToday(deps.ctx.clock))
    throw new AppError('validation', 'money cannot be expected in the past', { field: 'expectOn' })
  return word.expectOn
}

async function record(
  deps: ActionDeps,
  companyId: string,
  target: ExpectationTarget,
  targetId: string,
  label: string,
  word: Word | null
): Promise<void> {
  const { db } = deps.ctx.cache
  const expectOn = word ? validDate(deps, word) : null
  if (!word && !(await findExpectation(db, companyId, target, targetId))) return
  const summary = !word
    ? `Gave ${label} back to its payment history`
    : expectOn
      ? `Expecting ${label} on ${formatDay(expectOn)}`
      : `Not expecting ${label} to be collected`
  await withRunway(
    deps,
    companyId,
    word ? `${target}.expectation` : `${target}.expectation-cleared`,
    summary,
    { [`${target}Id`]: targetId, expectOn, wontCollect: word ? expectOn === null : null },
    async () => {
      if (!word) await clearExpectation(db, companyId, target, targetId)
      else
        await setExpectation(db, {
          companyId,
          target,
          targetId,
          expectOn,
          now: deps.ctx.clock.now().toISOString()
        })
    },
    [
      {
        kind: 'expectation',
        item: expectationItem(target, targetId),
        fields: { word: word ? { expectOn } : null }
      }
    ]
  )
}

function openInvoiceLabel(deps: ActionDeps, companyId: string, invoiceId: string): string {
  const invoice = findInvoice(deps.ctx.cache.sqlite, companyId, invoiceId)
  if (!invoice)
    throw new AppError('not-found', `no invoice ${invoiceId} in this company`, { field: 'invoiceId' })
  if (invoice.balance_cents <= 0)
    throw new AppError('conflict', 'this invoice is paid: there is nothing to expect', { field: 'invoiceId' })
  return `invoice ${invoice.doc_number ?? invoice.qbo_id} (${invoice.customer_name}, ${formatMoney(invoice.balance_cents as Cents)})`
}

function invoiceRow(deps: ActionDeps, companyId: string, invoiceId: string): InvoiceRow {
  const row = deps.invoiceRows(companyId).find((r) => r.id === invoiceId)
  if (!row) throw new AppError('not-found', 'the invoice is no longer open', { field: 'invoiceId' })
  return row
}

export async function setInvoiceExpectation(
  deps: ActionDeps,
  input: { companyId: string; invoiceId: string } & Word
): Promise<InvoiceRow> {
  requireWritable(deps.ctx.cache.sqlite, input.companyId)
  const label = openInvoiceLabel(deps, input.companyId, input.invoiceId)
  await record(deps, input.companyId, 'invoice', input.invoiceId, label, input)
  return invoiceRow(deps, input.companyId, input.invoiceId)
}

export async function clearInvoiceExpectation(
  deps: ActionDeps,
  input: { companyId: string; invoiceId: string }
): Promise<InvoiceRow> {
  requireWritable(deps.ctx.cache.sqlite, input.companyId)
  const label = openInvoiceLabel(deps, input.companyId, input.invoiceId)
  await record(deps, input.companyId, 'invoice', input.invoiceId, label, null)
  return invoiceRow(deps, input.companyId, input.invoiceId)
}

function customerName(deps: ActionDeps, companyId: string, customerId: string): string {
  const name = findCustomerName(deps.ctx.cache.sqlite, companyId, customerId)
  if (name === undefined)
    throw new AppError('not-found', `no customer ${customerId} in this company`, { field: 'customerId' })
  return name
}

export async function setCustomerExpectation(
  deps: ActionDeps,
  input: { companyId: string; customerId: string } & Word
): Promise<InvoiceRow[]> {
  requireWritable(deps.ctx.cache.sqlite, input.companyId)
  const name = customerName(deps, input.companyId, input.customerId)
  await record(deps, input.companyId, 'customer', input.customerId, `${name}'s invoices`, input)
  return deps.invoiceRows(input.companyId).filter((r) => r.customerId === input.customerId)
}

export async function clearCustomerExpectation(
  deps: ActionDeps,
  input: { companyId: string; customerId: string }
): Promise<InvoiceRow[]> {
  requireWritable(deps.ctx.cache.sqlite, input.companyId)
  const name = customerName(deps, input.companyId, input.customerId)
  await record(deps, input.companyId, 'customer', input.customerId, `${name}'s invoices`, null)
  return deps.invoiceRows(input.companyId).filter((r) => r.customerId === input.customerId)
}

/**
 * Confirm (keep projecting it even when a payment seems overdue) or dismiss (stop projecting it) a
 * series the forecast found; null takes the verdict back. Only a series the books show can be
 * judged: its key names where it is paid from and to whom.
 */
export async function decideRecurring(
  deps: ActionDeps,
  input: { companyId: string; seriesKey: string; decision: 'confirmed' | 'dismissed' | null }
): Promise<RecurringView[]> {
  const { db, sqlite } = deps.ctx.cache
  requireWritable(sqlite, input.companyId)
  const series = deps.recurring(input.companyId).find((s) => s.key === input.seriesKey)
  if (!series)
    throw new AppError('not-found', 'no such recurring outflow in this company', { field: 'seriesKey' })
  if (series.decision === input.decision) return deps.recurring(input.companyId)
  const what = `${series.payeeName}'s ${series.cadence} ${formatMoney(series.amountCents as Cents)}`
  const summary =
    input.decision === 'confirmed'
      ? `Confirmed ${what} as recurring`
      : input.decision === 'dismissed'
        ? `Dismissed ${what}: not recurring`
        : `Left ${what} to the detector again`
  await withRunway(
    deps,
    input.companyId,
    input.decision ? `recurring.${input.decision}` : 'recurring.undecided',
    summary,
    { seriesKey: input.seriesKey, payee: series.payeeName, decision: input.decision },
    async () => {
      if (input.decision === null) await clearRecurringDecision(db, input.companyId, input.seriesKey)
      else
        await setRecurringDecision(db, {
          companyId: input.companyId,
          seriesKey: input.seriesKey,
          decision: input.decision,
          payeeName: series.payeeName,
          now: deps.ctx.clock.now().toISOString()
        })
    },
    [
      {
        kind: 'recurring',
        item: input.seriesKey,
        fields: {
          verdict: input.decision ? { decision: input.decision, payeeName: series.payeeName } : null
        }
      }
    ]
  )
  return deps.recurring(input.companyId)
}
