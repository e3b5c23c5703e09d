// bills.pay: a BillPayment in QBO for one or more bills of one vendor. Straight to QBO; offline it
// waits in the outbox under the same request id; a bill with a payment already waiting is refused,
// so nothing is paid twice.

import { randomUUID } from 'node:crypto'
import type { PayResult } from '../../../shared/views'
import { formatMoney, type Cents } from '../../../shared/money'
import { AppError } from '../errors'
import { findActiveAccount, findBill } from '../db/books-reader'
import { requireConnected } from '../db/companies'
import { audit } from './audit'
import { claimFirmWide } from './claim'
import { refreshTouched, type ActionDeps } from './deps'

export interface PayInput {
  companyId: string
  billIds: string[]
  bankAccountId: string
  paymentDate?: string | undefined
  amountCents?: number | undefined
  /** The total the person confirmed: when the bills now say otherwise (a sync changed them), nothing is paid. */
  confirmedCents?: number | undefined
}

/** What is sent to QBO, fixed when the user acts, replayed as is from the outbox. */
export interface PayPayload {
  vendorId: string
  vendorName: string
  payType: 'Check' | 'CreditCard'
  accountId: string
  txnDate: string | null
  bills: { id: string; amountCents: number }[]
}

function describe(p: PayPayload, verb: 'Pay' | 'Paid'): string {
  const total = p.bills.reduce((s, b) => s + b.amountCents, 0)
  return `${verb} ${p.vendorName} ${formatMoney(total as Cents)} (${p.bills.length} bill${p.bills.length === 1 ? '' : 's'})`
}

export async function payBills(deps: ActionDeps, input: PayInput): Promise<PayResult> {
  const billIds = [...new Set(input.billIds)]
  return deps.inFlight.run(
    input.companyId,
    'bill',
    billIds,
    { message: 'this bill is being paid right now', field: 'billIds' },
    () => payBillsOnce(deps, input, billIds)
  )
}

async function payBillsOnce(deps: ActionDeps, input: PayInput, billIds: string[]): Promise<PayResult> {
  const { sqlite } = deps.ctx.cache
  requireConnected(sqlite, input.companyId)
  const rows = billIds.map((id) => {
    const row = findBill(sqlite, input.companyId, id)
    if (!row) throw new AppError('not-found', `no bill ${id} in this company`, { field: 'billIds' })
    if (row.balance_cents <= 0)
      throw new AppError('conflict', `bill ${row.doc_number ?? id} is already paid`, { field: 'billIds' })
    return row
  })
  const vendorId = rows[0]!.vendor_id
  if (rows.some((r) => r.vendor_id !== vendorId)) {
    throw new AppError('validation', 'one payment pays bills of one vendor: pay the others separately', {
      field: 'billIds'
    })
  }
  if (input.amountCents !== undefined) {
    if (rows.length !== 1)
      throw new AppError('validation', 'a partial amount is for a single bill', { field: 'amountCents' })
    if (input.amountCents > rows[0]!.balance_cents) {
      throw new AppError('validation', 'the amount is more than the bill still owes', {
        field: 'amountCents'
      })
    }
  }
  const account = findActiveAccount(sqlite, input.companyId, input.bankAccountId)
  if (!account || (account.account_type !== 'Bank' && account.account_type !== 'Credit Card')) {
    throw new AppError('validation', 'choose a bank or credit card account to pay from', {
      field: 'bankAccountId'
    })
  }
  const pending = deps.outbox.pendingTargets(input.companyId, 'bills.pay')
  const waiting = billIds.filter((id) => pending.has(id))
  if (waiting.length > 0) {
    throw new AppError('conflict', 'a payment for this bill is already waiting to be sent to QuickBooks', {
      field: 'billIds',
      details: { billIds: waiting }
    })
  }

  const payload: PayPayload = {
    vendorId,
    vendorName: rows[0]!.vendor_name ?? 'vendor',
    payType: account.account_type === 'Bank' ? 'Check' : 'CreditCard',
    accountId: account.qbo_id,
    txnDate: input.paymentDate ?? null,
    bills: rows.map((r) => ({ id: r.qbo_id, amountCents: input.amountCents ?? r.balance_cents }))
  }
  const total = payload.bills.reduce((sum, b) => sum + b.amountCents, 0)
  if (input.confirmedCents !== undefined && input.confirmedCents !== total) {
    throw new AppError(
      'stale',
      `the bill changed in QuickBooks: this payment would now be ${formatMoney(total as Cents)}, not the ${formatMoney(input.confirmedCents as Cents)} you confirmed. Check it and pay again.`,
      { field: 'billIds' }
    )
  }
  const requestId = randomUUID()
  // Each version of a bill is paid once firm-wide: a payment changes its SyncToken, so a later
  // payment of what is left claims anew.
  const claim = await claimFirmWide(
    deps,
    {
      companyId: input.companyId,
      items: rows.map((r) => `bill:${r.qbo_id}@${r.sync_token}`),
      action: 'pay',
      requestId
    },
    { doing: 'paying this bill', field: 'billIds' }
  )
  const before = deps.runwayOf(input.companyId).runwayDays
  const outcome = await deps.outbox
    .around(
      {
        companyId: input.companyId,
        requestId,
        action: 'bills.pay',
        payload,
        summary: describe(payload, 'Pay')
      },
      () => executePay(deps, input.companyId, payload, requestId)
    )
    .catch(async (error: unknown) => {
      await claim.release()
      throw error
    })
  if ('queued' in outcome) {
    await audit(deps, input.companyId, 'bill.pay-queued', {
      summary: `${describe(payload, 'Pay')}: waiting for QuickBooks`,
      billIds: payload.bills.map((b) => b.id),
      requestId,
      reason: outcome.queued.message,
      runwayBefore: before,
      runwayAfter: before
    })
    return { status: 'queued', billPaymentId: null, requestId, runwayBefore: before, runwayAfter: before }
  }
  const paymentId = outcome.sent
  const after = deps.runwayOf(input.companyId).runwayDays
  await audit(deps, input.companyId, 'bill.paid', {
    summary: describe(payload, 'Paid'),
    billIds: payload.bills.map((b) => b.id),
    billPaymentId: paymentId,
    amountCents: total,
    accountId: payload.accountId,
    requestId,
    runwayBefore: before,
    runwayAfter: after
  })
  // Again, now that the audit trail has the payment: the windows refresh what they show of it.
  deps.changed(input.companyId)
  return { status: 'paid', billPaymentId: paymentId, requestId, runwayBefore: before, runwayAfter: after }
}

/** Sends the payment (used live and by the outbox replay) and refreshes what it touched. */
export async function executePay(
  deps: ActionDeps,
  companyId: string,
  payload: PayPayload,
  requestId: string
): Promise<string> {
  const client = await deps.connections.client(companyId)
  const payment = await client.createBillPayment({
    vendorId: payload.vendorId,
    bills: payload.bills,
    payType: payload.payType,
    accountId: payload.accountId,
    requestId,
    ...(payload.txnDate ? { txnDate: payload.txnDate } : {})
  })
  await refreshTouched(deps, companyId, [
    ...payload.bills.map((b) => ({ entity: 'Bill' as const, id: b.id })),
    { entity: 'BillPayment', id: payment.Id },
    { entity: 'Account', id: payload.accountId },
    { entity: 'Vendor', id: payload.vendorId }
  ])
  deps.changed(companyId)
  return payment.Id
}
