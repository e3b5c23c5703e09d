// One reminder per customer for all of their overdue invoices: which are due this week, a preview of
// exactly what QuickBooks will send, and one click to send it. The core refuses a second one (in
// flight, queued, or within the week), and the row says why the button is off.

import { queryOptions, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { CustomerReminderPreview, CustomerReminderRow } from '../../../../shared/collections'
import type { ErrorValue } from '../../../../shared/errors'
import { Button } from '../../components/Button'
import { DataTable, type Column } from '../../components/DataTable'
import { Dialog } from '../../components/Dialog'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { Money } from '../../components/values'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { day, money, plural } from '../../lib/format'
import { companyKey, invalidateCompany } from '../../lib/queries'
import { notify } from '../../stores/notices'
import './CustomerReminders.css'

const customerReminders = (companyId: string) =>
  queryOptions({
    queryKey: [...companyKey(companyId), 'customer-reminders'] as const,
    queryFn: () => call('collections.customers', { companyId })
  })

const customerProfile = (companyId: string, customerId: string) =>
  queryOptions({
    queryKey: [...companyKey(companyId), 'customer-profile', customerId] as const,
    queryFn: () => call('customers.profile', { companyId, customerId })
  })

const stageLabel: Record<CustomerReminderRow['stage'], string> = {
  gentle: 'Gentle',
  firm: 'Firm',
  final: 'Final notice',
  'hand-off': 'Hand-off'
}

function stateText(row: CustomerReminderRow): string {
  if (row.pending) return 'Waiting for QuickBooks'
  const s = row.state
  if (s.action === 'send') return `${stageLabel[row.stage]} reminder due now`
  if (s.action === 'wait') return `Next reminder ${day(s.until)}`
  return s.reason === 'hand-off'
    ? 'Over 90 days: call or hand off'
    : s.reason === 'max-attempts'
      ? 'Reminders exhausted: call the customer'
      : 'No email on file'
}

const columns: Column[] = [
  { header: 'Customer' },
  { header: 'Overdue', width: 120, numeric: true },
  { header: 'Stage', width: 96 },
  { header: 'Reminder', width: 200 },
  { header: 'Actions', width: 160, hiddenHeader: true, className: 'col-actions' }
]

export function CustomerReminders({ companyId, currency }: { companyId: string; currency: string }) {
  const rows = useQuery(customerReminders(companyId))
  const [previewing, setPreviewing] = useState<CustomerReminderRow | null>(null)
  if (!rows.data) {
    return (
      <Card title="Reminders per customer">
        {rows.error ? (
          <ErrorNote error={rows.error.value} onRetry={() => void rows.refetch()} />
        ) : (
          <Loading what="reminders" />
        )}
      </Card>
    )
  }
  const due = rows.data.filter((r) => r.dueThisWeek)
  return (
    <Card
      title="Reminders per customer"
      marker="chase"
      count={`${plural(due.length, 'customer')} due this week`}
      testId="customer-reminders"
    >
      <p className="card-sub">
        One email per customer, listing every overdue invoice, at the stage of the oldest. QuickBooks sends it
        on the oldest invoice.
      </p>
      <DataTable
        columns={columns}
        rows={rows.data}
        renderRow={(row) => (
          <ReminderLine
            key={row.customerId}
            row={row}
            companyId={companyId}
            currency={currency}
            onPreview={setPreviewing}
          />
        )}
        empty="No customer owes anything overdue."
        noun="customers"
        compact
      />
      {previewing ? (
        <PreviewDialog
          companyId={companyId}
          row={previewing}
          currency={currency}
          onClose={() => setPreviewing(null)}
        />
      ) : null}
    </Card>
  )
}

function useSend(companyId: string, row: CustomerReminderRow, done?: () => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const send = async () => {
    setBusy(true)
    setError(null)
    try {
      const result = await call('collections.remindCustomer', { companyId, customerId: row.customerId })
      notify({
        tone: result.status === 'sent' ? 'success' : 'info',
        text:
          result.status === 'sent'
            ? `${row.customerName}: reminder sent for ${plural(result.invoiceIds.length, 'invoice')}.`
            : `${row.customerName}: queued, it goes out when QuickBooks can be reached.`
      })
      done?.()
      await invalidateCompany(companyId)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, send }
}

function ReminderLine({
  row,
  companyId,
  currency,
  onPreview
}: {
  row: CustomerReminderRow
  companyId: string
  currency: string
  onPreview(row: CustomerReminderRow): void
}) {
  const { busy, error, send } = useSend(companyId, row)
  const profile = useQuery(customerProfile(companyId, row.customerId))
  const canSend = row.state.action === 'send' && !row.pending
  const p = profile.data
  return (
    <tr data-testid="customer-reminder-row" data-customer-id={row.customerId}>
      <td>
        <div className="vendor-name">{row.customerName}</div>
        <div className="small muted">
          {plural(row.invoices.length, 'overdue invoice')}, oldest {plural(row.oldestDaysOverdue, 'day')}
        </div>
        {p ? (
          <div className="small muted" data-testid="customer-profile">
            {p.avgDaysLate === null
              ? 'No payment history yet'
              : `Pays ${p.avgDaysLate >= 0 ? `~${plural(p.avgDaysLate, 'day')} late` : `~${plural(-p.avgDaysLate, 'day')} early`}`}
            {p.trend && p.trend.direction !== 'steady'
              ? `, getting ${p.trend.direction} (${p.trend.changeDays > 0 ? '+' : ''}${p.trend.changeDays} days)`
              : ''}
            {p.lastPayment
              ? ` · last paid ${money(p.lastPayment.amountCents, currency)} on ${day(p.lastPayment.date)}`
              : ''}
          </div>
        ) : null}
      </td>
      <td className="num">
        <Money cents={row.overdueCents} currency={currency} />
      </td>
      <td>
        <span className={`chip stage-${row.stage}`}>{stageLabel[row.stage]}</span>
      </td>
      <td className="reminder-cell">
        <div className="small" data-testid="customer-reminder-state">
          {stateText(row)}
        </div>
        <div className="small muted">
          {row.remindersSent > 0
            ? `${plural(row.remindersSent, 'reminder')} sent${
                row.lastReminderBy ? `, last on ${day(row.lastReminderAt)} by ${row.lastReminderBy}` : ''
              }`
            : 'None sent yet'}
        </div>
        {error ? <ErrorNote error={error} compact /> : null}
      </td>
      <td className="col-actions">
        <div className="row-actions">
          <Button
            size="small"
            variant="link"
            disabled={!canSend}
            onClick={() => onPreview(row)}
            aria-label={`Preview the reminder to ${row.customerName}`}
          >
            Preview
          </Button>
          <Button
            size="small"
            busy={busy}
            disabled={!canSend}
            title={canSend ? undefined : stateText(row)}
            onClick={() => void send()}
            aria-label={`Remind ${row.customerName}`}
          >
            Send
          </Button>
        </div>
      </td>
    </tr>
  )
}

function PreviewDialog({
  companyId,
  row,
  currency,
  onClose
}: {
  companyId: string
  row: CustomerReminderRow
  currency: string
  onClose(): void
}) {
  const preview = useQuery({
    queryKey: [...companyKey(companyId), 'reminder-preview', row.customerId] as const,
    queryFn: () => call('collections.preview', { companyId, customerId: row.customerId }),
    refetchOnMount: 'always'
  })
  const { busy, error, send } = useSend(companyId, row, onClose)
  const p: CustomerReminderPreview | undefined = preview.data
  return (
    <Dialog
      title={`Reminder to ${row.customerName}`}
      onClose={onClose}
      testId="reminder-preview"
      wide
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            busy={busy}
            disabled={!p}
            onClick={() => void send()}
            data-testid="reminder-preview-send"
          >
            Send reminder
          </Button>
        </>
      }
    >
      {preview.error ? <ErrorNote error={preview.error.value} /> : null}
      {!p ? (
        preview.error ? null : (
          <Loading what="the preview" />
        )
      ) : (
        <div className="reminder-preview">
          <dl className="reminder-preview-head">
            <dt>To</dt>
            <dd data-testid="preview-to">{p.to ?? 'No email on file'}</dd>
            <dt>Subject</dt>
            <dd data-testid="preview-subject">{p.subject}</dd>
            <dt>Stage</dt>
            <dd data-testid="preview-stage">{stageLabel[p.stage]}</dd>
            <dt>Total</dt>
            <dd>{money(p.totalCents, currency)}</dd>
          </dl>
          <pre className="reminder-preview-body" data-testid="preview-body">
            {p.body}
          </pre>
          <p className="small muted">
            QuickBooks emails invoice {p.invoices[0]?.docNumber ?? p.sendInvoiceId} with this message on it,
            and adds its own greeting and sign-off.
          </p>
        </div>
      )}
      {error ? <ErrorNote error={error} /> : null}
    </Dialog>
  )
}
