// collections.sendReminder: QBO emails the invoice; the stage and time are logged so the next
// reminder keeps its distance and escalates. A paid invoice is never reminded.

import { randomUUID } from 'node:crypto'
import { AppError } from '../errors'
import { reminderDecision } from '../runway'
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
  const today = companyToday(deps.ctx.clock)
  const history = sqlite
    .prepare('select max(sent_at) last, count(*) n from reminders where company_id = ? and invoice_id = ?')
    .get(input.companyId, input.invoiceId) as { last: string | null; n: number }
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
  if (decision.action === 'none') throw new AppError('conflict', 'this invoice is not overdue yet: no reminder is sent', { field: 'invoiceId' })
  if (decision.action === 'wait') {
    throw new AppError('conflict', `a reminder went out recently: the next one can go on ${decision.until}`, { field: 'invoiceId' })
  }
  if (decision.action === 'manual') {
    if (decision.reason === 'no-email') {
      throw new AppError('validation', 'the invoice and its customer have no email address: give one', { field: 'sendTo' })
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
  if (!sendTo) throw new AppError('validation', 'the invoice and its customer have no email address: give one', { field: 'sendTo' })
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
  await client.sendInvoice(payload.invoiceId, payload.sendTo, undefined, requestId)
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
