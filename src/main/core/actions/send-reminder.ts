// collections.sendReminder: QBO emails the invoice; the stage and time are logged so the next
// reminder keeps its distance and escalates. A paid invoice is never reminded.

import { randomUUID } from 'node:crypto'
import { daysBetween } from '../../../shared/dates'
import { AppError } from '../errors'
import { escalationStage } from '../runway'
import { companyToday } from '../today'
import { audit, isOffline, refreshTouched, requireConnected, type ActionDeps } from './context'

export interface ReminderPayload {
  invoiceId: string
  docNumber: string | null
  customerName: string
  sendTo: string
  stage: string
}

export async function sendReminder(
  deps: ActionDeps,
  input: { companyId: string; invoiceId: string; sendTo?: string | undefined }
): Promise<{ status: 'sent' | 'queued'; stage: string; sentAt: string }> {
  const { sqlite } = deps.ctx.cache
  requireConnected(sqlite, input.companyId)
  const invoice = sqlite
    .prepare(
      `select i.qbo_id, i.doc_number, i.balance_cents, i.due_date, i.txn_date, coalesce(i.email, c.email) email,
              coalesce(c.display_name, i.customer_name, '') customer_name
       from qbo_invoices i left join qbo_customers c on c.company_id = i.company_id and c.qbo_id = i.customer_id
       where i.company_id = ? and i.qbo_id = ?`
    )
    .get(input.companyId, input.invoiceId) as
    | { qbo_id: string; doc_number: string | null; balance_cents: number; due_date: string | null; txn_date: string; email: string | null; customer_name: string }
    | undefined
  if (!invoice) throw new AppError('not-found', `no invoice ${input.invoiceId} in this company`, { field: 'invoiceId' })
  if (invoice.balance_cents <= 0) throw new AppError('conflict', 'this invoice is paid: no reminder is sent', { field: 'invoiceId' })
  const sendTo = input.sendTo ?? invoice.email
  if (!sendTo) throw new AppError('validation', 'the invoice and its customer have no email address: give one', { field: 'sendTo' })
  const today = companyToday(deps.ctx.clock)
  const stage = escalationStage(Math.max(0, daysBetween(invoice.due_date ?? invoice.txn_date, today)))
  const payload: ReminderPayload = { invoiceId: invoice.qbo_id, docNumber: invoice.doc_number, customerName: invoice.customer_name, sendTo, stage }
  const summary = `Remind ${invoice.customer_name} of invoice ${invoice.doc_number ?? invoice.qbo_id} (${stage})`
  const requestId = randomUUID()
  try {
    const sentAt = await executeReminder(deps, input.companyId, payload, requestId)
    return { status: 'sent', stage, sentAt }
  } catch (error) {
    if (!isOffline(error)) throw error
    await deps.outbox.enqueue({ companyId: input.companyId, requestId, action: 'collections.sendReminder', payload, summary })
    await audit(deps, input.companyId, 'invoice.reminder-queued', { summary, invoiceId: payload.invoiceId, requestId })
    return { status: 'queued', stage, sentAt: deps.ctx.clock.now().toISOString() }
  }
}

export async function executeReminder(deps: ActionDeps, companyId: string, payload: ReminderPayload, requestId: string): Promise<string> {
  const client = await deps.connections.client(companyId)
  await client.sendInvoice(payload.invoiceId, payload.sendTo)
  const sentAt = deps.ctx.clock.now().toISOString()
  await deps.ctx.cache.db
    .insertInto('reminders')
    .values({ company_id: companyId, invoice_id: payload.invoiceId, stage: payload.stage, sent_to: payload.sendTo, sent_at: sentAt })
    .execute()
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
