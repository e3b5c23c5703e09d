// Replays the outbox once QBO answers again: each waiting action exactly once, with the request id it
// was made with. A replay that meets a conflict (the bill was paid meanwhile, a stale record) is not
// retried blindly: it is set aside with what changed, for the user to decide.

import { QboError } from '../qbo/errors'
import { audit } from './audit'
import { type ActionDeps } from './deps'
import { isOffline } from './outbox'
import { executePay, type PayPayload } from './pay-bill'
import { replayCustomerReminder, type CustomerReminderPayload } from './remind-customer'
import { deliveredSince, executeReminder, recordReminder, type ReminderPayload } from './send-reminder'

const replaying = new Set<string>()

export async function replayOutbox(
  deps: ActionDeps,
  companyId: string
): Promise<{ done: number; conflicts: number; waiting: number }> {
  const result = { done: 0, conflicts: 0, waiting: 0 }
  // One replay per company at a time: two would send the same entry twice.
  if (replaying.has(companyId)) return result
  replaying.add(companyId)
  try {
    const entries = await deps.outbox.waiting(companyId)
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!
      // Settled or taken since the list was read: not this replay's any more.
      if (!(await deps.outbox.claim(entry.id))) continue
      try {
        const outcome = await replayOne(deps, companyId, entry.action, entry.payload, entry.requestId)
        if (outcome.conflict) {
          await deps.outbox.mark(entry.id, 'conflict', { problem: outcome.conflict })
          await audit(deps, companyId, 'outbox.conflict', {
            summary: entry.summary,
            problem: outcome.conflict,
            requestId: entry.requestId
          })
          result.conflicts += 1
        } else {
          await deps.outbox.mark(entry.id, 'done', { problem: null, result: outcome.result })
          await audit(deps, companyId, 'outbox.replayed', {
            summary: entry.summary,
            requestId: entry.requestId,
            result: outcome.result
          })
          result.done += 1
        }
      } catch (error) {
        if (
          isOffline(error) ||
          (error instanceof QboError && (error.qboKind === 'auth' || error.qboKind === 'throttled'))
        ) {
          // Still unreachable (or needs reconnecting): this and the rest wait for the next chance.
          await deps.outbox.mark(entry.id, 'pending')
          result.waiting += entries.length - i
          break
        }
        const problem = error instanceof Error ? error.message : String(error)
        await deps.outbox.mark(entry.id, 'conflict', { problem })
        await audit(deps, companyId, 'outbox.conflict', {
          summary: entry.summary,
          problem,
          requestId: entry.requestId
        })
        result.conflicts += 1
      }
    }
  } finally {
    replaying.delete(companyId)
  }
  return result
}

async function replayOne(
  deps: ActionDeps,
  companyId: string,
  action: string,
  payload: unknown,
  requestId: string
): Promise<{ result?: unknown; conflict?: string }> {
  if (action === 'bills.pay') {
    const pay = payload as PayPayload
    const client = await deps.connections.client(companyId)
    // Sent before the connection dropped? Then it is done, whatever the bills say now.
    const existing = await client.findBillPayment(pay.vendorId, requestId)
    if (existing) return { result: { billPaymentId: existing.Id } }
    const changes: string[] = []
    for (const bill of pay.bills) {
      const current = await client.read('Bill', bill.id).catch((e: unknown) => {
        if (e instanceof QboError && e.qboKind === 'not-found') return null
        throw e
      })
      if (!current) changes.push(`bill ${bill.id} was deleted in QuickBooks`)
      else if (Math.round(current.Balance * 100) < bill.amountCents) {
        changes.push(
          current.Balance === 0
            ? `bill ${(current.DocNumber as string | undefined) ?? bill.id} was paid in QuickBooks meanwhile`
            : `bill ${(current.DocNumber as string | undefined) ?? bill.id} now owes $${current.Balance.toFixed(2)}, less than the $${(bill.amountCents / 100).toFixed(2)} queued`
        )
      }
    }
    if (changes.length > 0) {
      await deps.sync
        .service(companyId)
        .refreshRecords(pay.bills.map((b) => ({ entity: 'Bill' as const, id: b.id })))
        .catch(() => undefined)
      deps.changed(companyId)
      return { conflict: `Not paid: ${changes.join('; ')}.` }
    }
    return { result: { billPaymentId: await executePay(deps, companyId, pay, requestId) } }
  }
  if (action === 'collections.sendReminder') {
    const reminder = payload as ReminderPayload
    const client = await deps.connections.client(companyId)
    const invoice = await client.read('Invoice', reminder.invoiceId)
    // Sent before the app lost the answer (or died)? Then it is done, whatever the invoice says now.
    const sentAt = deliveredSince(invoice, reminder)
    if (sentAt !== null)
      return { result: { sentAt: await recordReminder(deps, companyId, reminder, requestId, sentAt) } }
    if (invoice.Balance <= 0)
      return { conflict: `Not sent: invoice ${reminder.docNumber ?? reminder.invoiceId} was paid meanwhile.` }
    return { result: { sentAt: await executeReminder(deps, companyId, reminder, requestId) } }
  }
  if (action === 'collections.remindCustomer')
    return replayCustomerReminder(deps, companyId, payload as CustomerReminderPayload, requestId)
  return { conflict: `unknown action ${action}` }
}
