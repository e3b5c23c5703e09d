// collections.preview / collections.remindCustomer: one reminder per customer for all of their
// overdue invoices.
//
// How it goes out: QBO's v3 API has no way to email a statement (statements are made and sent only
// in QBO's own screens), and sending every overdue invoice would mail the customer N times for one
// reminder. So QBO emails ONE invoice, the oldest overdue one, whose stage sets the tone, and its
// message to the customer (CustomerMemo, which QBO prints on the invoice the email carries) lists
// every overdue invoice with what is left on it and the total. The invoice's own message is put back
// once the email has gone. The subject is QBO's for that invoice (its email settings decide it).
//
// Never twice: a second click is refused while the first is on its way (in-flight, over every invoice
// it covers, shared with the single-invoice reminder), while it waits in the outbox, and for a week
// after it went (the reminders table has a row per invoice it covered). An answer lost on the way is
// settled by QBO's delivery time on the oldest invoice, and every write carries a request id.
// Reminders stop as soon as money arrives: QBO's balances are read just before sending, and a
// customer who has paid anything since the books were read is not emailed on stale figures.

import { randomUUID } from 'node:crypto'
import type {
  CustomerProfile,
  CustomerReminderPreview,
  CustomerReminderResult,
  CustomerReminderRow,
  CustomerReminderStage,
  ReminderInvoice
} from '../../../shared/collections'
import { AppError } from '../errors'
import type { Entity } from '../qbo/entities'
import { QboError } from '../qbo/errors'
import { customerProfile, customerReminders, otherSender, previewReminder } from '../runway/collections'
import { requireCompany, requireConnected } from '../db/companies'
import { lastCustomerPayment } from '../db/customers'
import { insertReminder } from '../db/decisions'
import type { SharedChange } from '../firm/shared'
import { readSettingsNow } from '../db/settings'
import { audit } from './audit'
import { claimFirmWide, reminderWeek } from './claim'
import { refreshTouched, type ActionDeps } from './deps'

export interface CustomerReminderPayload {
  customerId: string
  customerName: string
  sendTo: string
  stage: CustomerReminderStage
  /** The invoice QBO emails (the oldest overdue one) and the message it carries. */
  sendInvoiceId: string
  memo: string
  invoices: (ReminderInvoice & { balanceCents: number })[]
  /** When the reminder was prepared: QBO delivering the invoice after this means it went. */
  preparedAt: string
}

type Input = { companyId: string; customerId: string; sendTo?: string | undefined }

function customerRows(deps: ActionDeps, companyId: string): CustomerReminderRow[] {
  const ctx = deps.contextOf(companyId)
  const me = deps.firm.actor()
  return customerReminders(ctx.books, ctx.today, deps.outbox.pendingReminderTargets(companyId)).map((r) => ({
    ...r,
    lastReminderBy: otherSender(r.lastReminderBy, me)
  }))
}

/** Every customer with money overdue, worst first, with whether their reminder is due this week. */
export function listCustomerReminders(deps: ActionDeps, companyId: string): CustomerReminderRow[] {
  requireCompany(deps.ctx.cache.sqlite, companyId)
  return customerRows(deps, companyId)
}

function customerRow(deps: ActionDeps, companyId: string, customerId: string): CustomerReminderRow {
  const row = customerRows(deps, companyId).find((r) => r.customerId === customerId)
  if (!row)
    throw new AppError('conflict', 'this customer owes nothing overdue: no reminder is sent', {
      field: 'customerId'
    })
  return row
}

export function previewCustomerReminder(deps: ActionDeps, input: Input): CustomerReminderPreview {
  const company = requireCompany(deps.ctx.cache.sqlite, input.companyId)
  const row = customerRow(deps, input.companyId, input.customerId)
  const { reminderTemplates } = readSettingsNow(deps.ctx.cache.sqlite)
  const preview = previewReminder(
    input.sendTo ? { ...row, email: input.sendTo } : row,
    reminderTemplates,
    company.name,
    deps.contextOf(input.companyId).books.homeCurrency
  )
  return preview
}

export function profileOf(deps: ActionDeps, companyId: string, customerId: string): CustomerProfile {
  requireCompany(deps.ctx.cache.sqlite, companyId)
  const ctx = deps.contextOf(companyId)
  const last = lastCustomerPayment(deps.ctx.cache.sqlite, companyId, customerId, ctx.today)
  const profile = customerProfile(ctx.books, customerId, ctx.today, last)
  if (!profile)
    throw new AppError('not-found', `no customer ${customerId} in this company`, { field: 'customerId' })
  return profile
}

export async function remindCustomer(deps: ActionDeps, input: Input): Promise<CustomerReminderResult> {
  const row = customerRow(deps, input.companyId, input.customerId)
  return deps.inFlight.run(
    input.companyId,
    'invoice',
    row.invoices.map((i) => i.invoiceId),
    { message: 'a reminder for this customer is being sent right now', field: 'customerId' },
    () => remindOnce(deps, input)
  )
}

async function remindOnce(deps: ActionDeps, input: Input): Promise<CustomerReminderResult> {
  const { sqlite } = deps.ctx.cache
  requireConnected(sqlite, input.companyId)
  // Read again inside the guard: the first click's reminder may have been recorded meanwhile.
  const row = customerRow(deps, input.companyId, input.customerId)
  if (row.pending)
    throw new AppError(
      'conflict',
      'a reminder for these invoices is already waiting to be sent to QuickBooks',
      {
        field: 'customerId'
      }
    )
  const { state } = row
  if (state.action === 'wait')
    throw new AppError('conflict', `a reminder went out recently: the next one can go on ${state.until}`, {
      field: 'customerId'
    })
  const sendTo = input.sendTo ?? row.email
  if (state.action === 'manual' && !(state.reason === 'no-email' && sendTo)) {
    if (state.reason === 'no-email')
      throw new AppError('validation', 'the customer has no email address: give one', { field: 'sendTo' })
    throw new AppError(
      'conflict',
      state.reason === 'hand-off'
        ? 'the oldest invoice is over 90 days overdue: it needs a call or a collections hand-off, not another email'
        : 'three reminders have gone out already: time for a personal call',
      { field: 'customerId' }
    )
  }
  const preview = previewCustomerReminder(deps, { ...input, sendTo: sendTo! })
  const ctx = deps.contextOf(input.companyId)
  const balances = new Map(ctx.books.openInvoices.map((i) => [i.id, i.balanceCents]))
  const payload: CustomerReminderPayload = {
    customerId: row.customerId,
    customerName: row.customerName,
    sendTo: sendTo!,
    stage: preview.stage,
    sendInvoiceId: preview.sendInvoiceId,
    memo: preview.body,
    invoices: preview.invoices.map((i) => ({ ...i, balanceCents: balances.get(i.invoiceId) ?? i.owedCents })),
    preparedAt: deps.ctx.clock.now().toISOString()
  }
  const summary = `Remind ${row.customerName} of ${row.invoices.length} overdue invoice${row.invoices.length === 1 ? '' : 's'} (${preview.stage})`
  const requestId = randomUUID()
  const claim = await claimFirmWide(
    deps,
    {
      companyId: input.companyId,
      items: [`customer:${payload.customerId}@${reminderWeek(deps)}`],
      action: 'remind',
      requestId
    },
    { doing: 'reminding this customer', field: 'customerId' }
  )
  const outcome = await deps.outbox
    .around(
      { companyId: input.companyId, requestId, action: 'collections.remindCustomer', payload, summary },
      () => executeCustomerReminder(deps, input.companyId, payload, requestId)
    )
    .catch(async (error: unknown) => {
      await claim.release()
      throw error
    })
  const invoiceIds = payload.invoices.map((i) => i.invoiceId)
  if ('sent' in outcome) return { status: 'sent', stage: preview.stage, sentAt: outcome.sent, invoiceIds }
  await audit(deps, input.companyId, 'customer.reminder-queued', {
    summary,
    customerId: row.customerId,
    invoiceIds,
    requestId
  })
  return { status: 'queued', stage: preview.stage, sentAt: deps.ctx.clock.now().toISOString(), invoiceIds }
}

/**
 * Sends the reminder (live and from the outbox) and records it. QBO's balances are checked first:
 * any payment since the reminder was prepared stops it, and the books are refreshed so the next
 * preview shows what is left.
 */
export async function executeCustomerReminder(
  deps: ActionDeps,
  companyId: string,
  payload: CustomerReminderPayload,
  requestId: string
): Promise<string> {
  const client = await deps.connections.client(companyId)
  const refs = payload.invoices.map((i) => ({ entity: 'Invoice' as const, id: i.invoiceId }))
  let oldest = await client.read('Invoice', payload.sendInvoiceId)
  // Sent already (a replay after a lost answer or a crash)? Then only the record is missing.
  const already = deliveredAfter(oldest, payload.preparedAt)
  if (already !== null) return recordCustomerReminder(deps, companyId, payload, requestId, already)
  const changed: string[] = []
  for (const invoice of payload.invoices) {
    const current = invoice.invoiceId === oldest.Id ? oldest : await client.read('Invoice', invoice.invoiceId)
    if (Math.round(current.Balance * 100) !== invoice.balanceCents)
      changed.push(invoice.docNumber ?? invoice.invoiceId)
  }
  if (changed.length > 0) {
    await refreshTouched(deps, companyId, refs)
    deps.changed(companyId)
    throw new AppError(
      'conflict',
      `Not sent: ${payload.customerName} paid towards invoice${changed.length === 1 ? '' : 's'} ${changed.join(', ')} meanwhile; look at the reminder again`,
      { field: 'customerId' }
    )
  }
  const originalMemo = memoOf(oldest)
  oldest = await client.updateInvoice(
    oldest.Id,
    oldest.SyncToken,
    { CustomerMemo: { value: payload.memo } },
    `${requestId}-m`
  )
  let sentAt: string
  try {
    oldest = await client.sendInvoice(oldest.Id, payload.sendTo, undefined, requestId)
    sentAt = deps.ctx.clock.now().toISOString()
  } catch (error) {
    if (!(error instanceof QboError) || error.info.ambiguous !== true) throw error
    // The answer was lost after the request left: QBO's delivery time says whether the email went.
    let invoice: Entity<'Invoice'>
    try {
      invoice = await client.read('Invoice', oldest.Id)
    } catch {
      throw new QboError('network', 'QuickBooks did not confirm the reminder', { ambiguous: true })
    }
    const at = deliveredAfter(invoice, payload.preparedAt)
    if (at === null) throw error
    oldest = invoice
    sentAt = at
  }
  try {
    // The invoice keeps its own message; the reminder's was only for this email.
    await client.updateInvoice(
      oldest.Id,
      oldest.SyncToken,
      { CustomerMemo: { value: originalMemo } },
      `${requestId}-r`
    )
  } catch {
    // The email went; a memo left on the invoice is cosmetic and the audit entry says which.
  }
  return recordCustomerReminder(deps, companyId, payload, requestId, sentAt)
}

function memoOf(invoice: object): string {
  const value = (invoice as { CustomerMemo?: { value?: unknown } }).CustomerMemo?.value
  return typeof value === 'string' ? value : ''
}

/** When QBO says the invoice was emailed, if that is after `since`; null otherwise. */
function deliveredAfter(invoice: object, since: string): string | null {
  const time = (invoice as { DeliveryInfo?: { DeliveryTime?: unknown } }).DeliveryInfo?.DeliveryTime
  if (typeof time !== 'string') return null
  const at = Date.parse(time)
  // QBO keeps whole seconds.
  return Number.isNaN(at) || at < Math.floor(Date.parse(since) / 1000) * 1000
    ? null
    : new Date(at).toISOString()
}

/** A reminder row for every invoice it covered, once per request id; then the audit entry. */
export async function recordCustomerReminder(
  deps: ActionDeps,
  companyId: string,
  payload: CustomerReminderPayload,
  requestId: string,
  sentAt: string
): Promise<string> {
  const shared: SharedChange[] = []
  for (const invoice of payload.invoices) {
    const sent = {
      invoiceId: invoice.invoiceId,
      stage: payload.stage,
      sentTo: payload.sendTo,
      sentAt,
      sentBy: deps.firm.actor()
    }
    // The emailed invoice's row carries the request id QBO saw; the others are keyed beside it.
    const key = invoice.invoiceId === payload.sendInvoiceId ? requestId : `${requestId}:${invoice.invoiceId}`
    if (await insertReminder(deps.ctx.cache.db, { companyId, ...sent, requestId: key }))
      shared.push({ kind: 'reminder', item: key, fields: { sent } })
  }
  if (shared.length === 0) return sentAt
  await deps.firm.share(companyId, shared)
  await refreshTouched(
    deps,
    companyId,
    payload.invoices.map((i) => ({ entity: 'Invoice' as const, id: i.invoiceId }))
  )
  await audit(deps, companyId, 'customer.reminder-sent', {
    summary: `Reminded ${payload.customerName} of ${payload.invoices.length} overdue invoice${payload.invoices.length === 1 ? '' : 's'} (${payload.stage})`,
    customerId: payload.customerId,
    invoiceIds: payload.invoices.map((i) => i.invoiceId),
    sentInvoiceId: payload.sendInvoiceId,
    stage: payload.stage,
    sentTo: payload.sendTo,
    requestId
  })
  deps.changed(companyId)
  return sentAt
}

/** The outbox's replay: sent before the answer was lost? Then record it; else send it now. */
export async function replayCustomerReminder(
  deps: ActionDeps,
  companyId: string,
  payload: CustomerReminderPayload,
  requestId: string
): Promise<{ result?: unknown; conflict?: string }> {
  try {
    return { result: { sentAt: await executeCustomerReminder(deps, companyId, payload, requestId) } }
  } catch (error) {
    if (error instanceof AppError && error.kind === 'conflict') return { conflict: error.message }
    throw error
  }
}
