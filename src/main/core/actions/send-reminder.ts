// collections.sendReminder: QBO emails the invoice; the stage and time are logged so the next
// reminder keeps its distance and escalates. A paid invoice is never reminded, and none is sent twice:
// not on a second click, not beside one waiting in the outbox, not again after an answer that was
// lost (QBO's delivery time on the invoice tells whether the email went; a replay from the outbox
// reuses the request id, which QBO answers with the first response).

import { randomUUID } from 'node:crypto'
import { AppError } from '../errors'
import type { Entity } from '../qbo/entities'
import { QboError } from '../qbo/errors'
import { reminderDecision } from '../runway'
import { companyToday } from '../today'
import { findInvoice } from '../db/books-reader'
import { requireConnected } from '../db/companies'
import { insertReminder, reminderHistory } from '../db/decisions'
import { audit } from './audit'
import { claimFirmWide, reminderWeek } from './claim'
import { refreshTouched, type ActionDeps } from './deps'

export interface ReminderPayload {
  invoiceId: string
  docNumber: string | null
  customerName: string
  sendTo: string
  stage: string
  /**
   * The invoice's last delivery time in QBO before this reminder (null: never emailed). A later one
   * means this reminder went out. Absent in entries queued before it was kept.
   */
  deliveredBefore?: string | null
}

type ReminderInput = { companyId: string; invoiceId: string; sendTo?: string | undefined }
type ReminderResult = { status: 'sent' | 'queued'; stage: string; sentAt: string }

export async function sendReminder(deps: ActionDeps, input: ReminderInput): Promise<ReminderResult> {
  return deps.inFlight.run(
    input.companyId,
    'invoice',
    [input.invoiceId],
    { message: 'a reminder for this invoice is being sent right now', field: 'invoiceId' },
    () => sendReminderOnce(deps, input)
  )
}

async function sendReminderOnce(deps: ActionDeps, input: ReminderInput): Promise<ReminderResult> {
  const { sqlite } = deps.ctx.cache
  requireConnected(sqlite, input.companyId)
  const invoice = findInvoice(sqlite, input.companyId, input.invoiceId)
  if (!invoice)
    throw new AppError('not-found', `no invoice ${input.invoiceId} in this company`, { field: 'invoiceId' })
  if (invoice.balance_cents <= 0)
    throw new AppError('conflict', 'this invoice is paid: no reminder is sent', { field: 'invoiceId' })
  if (deps.outbox.pendingReminderTargets(input.companyId).has(input.invoiceId)) {
    throw new AppError(
      'conflict',
      'a reminder for this invoice is already waiting to be sent to QuickBooks',
      { field: 'invoiceId' }
    )
  }
  const sendTo = input.sendTo ?? invoice.email
  const today = companyToday(deps.ctx.clock)
  const history = reminderHistory(sqlite, input.companyId, input.invoiceId)
  // The collection rules hold for a person's click as for any schedule: no reminder before the due
  // date, a week between two, and after the final notice a person calls instead.
  const decision = reminderDecision(
    {
      balanceCents: invoice.balance_cents,
      dueDate: invoice.due_date,
      txnDate: invoice.txn_date,
      email: sendTo,
      lastReminderAt: history.last,
      reminderCount: history.n
    },
    today
  )
  if (decision.action === 'none')
    throw new AppError('conflict', 'this invoice is not overdue yet: no reminder is sent', {
      field: 'invoiceId'
    })
  if (decision.action === 'wait') {
    throw new AppError('conflict', `a reminder went out recently: the next one can go on ${decision.until}`, {
      field: 'invoiceId'
    })
  }
  if (decision.action === 'manual') {
    if (decision.reason === 'no-email') {
      throw new AppError('validation', 'the invoice and its customer have no email address: give one', {
        field: 'sendTo'
      })
    }
    throw new AppError(
      'conflict',
      decision.reason === 'hand-off'
        ? 'this invoice is over 90 days overdue: it needs a call or a collections hand-off, not another email'
        : 'three reminders have gone out already: time for a personal call',
      { field: 'invoiceId' }
    )
  }
  const { stage } = decision
  if (!sendTo)
    throw new AppError('validation', 'the invoice and its customer have no email address: give one', {
      field: 'sendTo'
    })
  const payload: ReminderPayload = {
    invoiceId: invoice.qbo_id,
    docNumber: invoice.doc_number,
    customerName: invoice.customer_name,
    sendTo,
    stage,
    // As of the last sync: an email sent from QBO since then would count as this one, which at
    // worst spares the customer a second email the same day.
    deliveredBefore: invoice.delivered
  }
  const summary = `Remind ${invoice.customer_name} of invoice ${invoice.doc_number ?? invoice.qbo_id} (${stage})`
  const requestId = randomUUID()
  const claim = await claimFirmWide(
    deps,
    {
      companyId: input.companyId,
      items: [`invoice:${payload.invoiceId}@${reminderWeek(deps)}`],
      action: 'remind',
      requestId
    },
    { doing: 'reminding this customer of this invoice', field: 'invoiceId' }
  )
  const outcome = await deps.outbox
    .around(
      { companyId: input.companyId, requestId, action: 'collections.sendReminder', payload, summary },
      () => executeReminder(deps, input.companyId, payload, requestId)
    )
    .catch(async (error: unknown) => {
      await claim.release()
      throw error
    })
  if ('sent' in outcome) return { status: 'sent', stage, sentAt: outcome.sent }
  await audit(deps, input.companyId, 'invoice.reminder-queued', {
    summary,
    invoiceId: payload.invoiceId,
    requestId
  })
  return { status: 'queued', stage, sentAt: deps.ctx.clock.now().toISOString() }
}

/** Sends the reminder (live and from the outbox) and records it. */
export async function executeReminder(
  deps: ActionDeps,
  companyId: string,
  payload: ReminderPayload,
  requestId: string
): Promise<string> {
  const client = await deps.connections.client(companyId)
  try {
    await client.sendInvoice(payload.invoiceId, payload.sendTo, undefined, requestId)
  } catch (error) {
    if (!(error instanceof QboError) || error.info.ambiguous !== true) throw error
    // The answer was lost after the request left: the email may have gone. QBO's delivery time says.
    let invoice: Entity<'Invoice'>
    try {
      invoice = await client.read('Invoice', payload.invoiceId)
    } catch {
      throw new QboError('network', 'QuickBooks did not confirm the reminder', { ambiguous: true })
    }
    const sentAt = deliveredSince(invoice, payload)
    if (sentAt === null) throw error
    return recordReminder(deps, companyId, payload, requestId, sentAt)
  }
  return recordReminder(deps, companyId, payload, requestId, deps.ctx.clock.now().toISOString())
}

/** When QBO says the invoice was emailed after `payload.deliveredBefore`; null if it was not (or cannot tell). */
export function deliveredSince(invoice: Entity<'Invoice'>, payload: ReminderPayload): string | null {
  if (payload.deliveredBefore === undefined) return null
  const time = (invoice.DeliveryInfo as { DeliveryTime?: unknown } | undefined)?.DeliveryTime
  if (typeof time !== 'string' || time === payload.deliveredBefore || Number.isNaN(Date.parse(time)))
    return null
  return new Date(time).toISOString()
}

/** Records a reminder that went out, once per request id (a replay after a crash may record it again). */
export async function recordReminder(
  deps: ActionDeps,
  companyId: string,
  payload: ReminderPayload,
  requestId: string,
  sentAt: string
): Promise<string> {
  const sentBy = deps.firm.actor()
  const recorded = await insertReminder(deps.ctx.cache.db, {
    companyId,
    invoiceId: payload.invoiceId,
    stage: payload.stage,
    sentTo: payload.sendTo,
    sentAt,
    requestId,
    sentBy
  })
  if (!recorded) return sentAt
  await deps.firm.share(companyId, [
    {
      kind: 'reminder',
      item: requestId,
      fields: {
        sent: { invoiceId: payload.invoiceId, stage: payload.stage, sentTo: payload.sendTo, sentAt, sentBy }
      }
    }
  ])
  await refreshTouched(deps, companyId, [{ entity: 'Invoice', id: payload.invoiceId }])
  await audit(deps, companyId, 'invoice.reminder-sent', {
    summary: `Reminded ${payload.customerName} of invoice ${payload.docNumber ?? payload.invoiceId} (${payload.stage})`,
    invoiceId: payload.invoiceId,
    stage: payload.stage,
    sentTo: payload.sendTo,
    requestId
  })
  deps.changed(companyId)
  return sentAt
}
