import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { InvoiceRow } from '../../../../shared/runway'
import { Card, ErrorNote, ShowMore, FieldError, Loading, Spinner } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { ago, day, dayIn, money, plural, timeOfDay } from '../../lib/format'
import { useCompanyStore, useResource } from '../../stores/company'

const stageLabel: Record<InvoiceRow['stage'], string> = {
  gentle: 'Gentle',
  firm: 'Firm',
  final: 'Final notice',
  'hand-off': 'Hand-off'
}

function habit(days: number | null): string {
  if (days === null) return 'No payment history yet'
  if (days === 0) return 'Pays on time'
  if (days > 0) return `Pays ~${plural(days, 'day')} late`
  return `Pays ~${plural(-days, 'day')} early`
}

function reminderState(inv: InvoiceRow): string {
  const r = inv.reminder
  switch (r.action) {
    case 'send':
      return `${stageLabel[r.stage as InvoiceRow['stage']] ?? r.stage} reminder due${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}`
    case 'wait':
      return `Next reminder ${day(r.until)}`
    case 'manual':
    case 'none':
      return reasonText[r.reason] ?? r.reason
  }
}

const reasonText: Record<string, string> = {
  'hand-off': 'Over 90 days: hand off to collections',
  'max-attempts': 'Reminders exhausted: call the customer',
  'no-email': 'No email on file',
  paid: 'Paid',
  'not-overdue': 'Not yet due'
}

export function Invoices({ companyId }: { companyId: string }) {
  const invoices = useResource(companyId, 'invoices')
  const runway = useResource(companyId, 'runway')
  const load = useCompanyStore((s) => s.load)
  const currency = runway.data?.homeCurrency ?? 'USD'
  const today = runway.data?.asOf ?? ''
  const [showAll, setShowAll] = useState(false)
  const [expanded, setExpanded] = useState(false)
  if (!invoices.data) {
    return (
      <Card title="Invoices to chase">
        {invoices.error ? (
          <ErrorNote error={invoices.error} onRetry={() => void load(companyId, 'invoices')} />
        ) : (
          <Loading what="invoices" />
        )}
      </Card>
    )
  }
  const overdue = invoices.data.filter((i) => i.daysOverdue > 0)
  const rows = showAll ? invoices.data : overdue
  const total = overdue.reduce((s, i) => s + i.balanceCents, 0)
  return (
    <Card
      title={
        <>
          <span className="section-dot section-chase" aria-hidden="true" />
          Invoices to chase
          <span className="card-count">
            {plural(overdue.length, 'overdue invoice')} · {money(total, currency)}
          </span>
        </>
      }
      actions={
        <label className="toggle">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          <span>Show invoices not yet due ({invoices.data.length - overdue.length})</span>
        </label>
      }
      testId="invoices"
    >
      <p className="card-sub">
        Highest priority first. Reminders escalate gentle → firm → final notice → hand-off.
      </p>
      {invoices.error ? <ErrorNote error={invoices.error} compact /> : null}
      {rows.length === 0 ? (
        <p className="table-empty">No overdue invoices. Nothing to chase this week.</p>
      ) : (
        <table className="table table-compact invoices-table">
          <colgroup>
            <col style={{ width: 84 }} />
            <col />
            <col style={{ width: 104 }} />
            <col style={{ width: 112 }} />
            <col style={{ width: 96 }} />
            <col style={{ width: 200 }} />
            <col style={{ width: 144 }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">Customer</th>
              <th scope="col" className="num">
                Open
              </th>
              <th scope="col">Due</th>
              <th scope="col">Stage</th>
              <th scope="col">Reminders</th>
              <th scope="col" className="col-actions">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(expanded ? rows : rows.slice(0, 8)).map((inv) => (
              <InvoiceLine key={inv.id} inv={inv} currency={currency} today={today} companyId={companyId} />
            ))}
          </tbody>
        </table>
      )}
      {rows.length > 8 ? (
        <ShowMore expanded={expanded} total={rows.length} noun="invoices" onToggle={() => setExpanded(!expanded)} />
      ) : null}
    </Card>
  )
}

function InvoiceLine({
  inv,
  currency,
  today,
  companyId
}: {
  inv: InvoiceRow
  currency: string
  today: string
  companyId: string
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const [sent, setSent] = useState<{ status: 'sent' | 'queued'; stage: string; sentAt: string } | null>(null)
  const [email, setEmail] = useState('')
  const load = useCompanyStore((s) => s.load)
  const needsEmail = !inv.email
  // A missing address is the one manual case the user can settle here, by giving one.
  const canSend =
    inv.balanceCents > 0 &&
    !inv.reminderPending &&
    (inv.reminder.action === 'send' ||
      (inv.reminder.action === 'manual' && inv.reminder.reason === 'no-email'))

  const send = async () => {
    setError(null)
    if (needsEmail && !email.trim()) {
      setError({ kind: 'validation', field: 'sendTo', message: 'no email on file: enter where to send it' })
      return
    }
    setBusy(true)
    try {
      const result = await call('collections.sendReminder', {
        companyId,
        invoiceId: inv.id,
        ...(needsEmail ? { sendTo: email.trim() } : {})
      })
      setSent(result)
      void load(companyId, 'invoices')
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  const emailErr = fieldError(error, 'sendTo')
  return (
    <tr data-testid="invoice-row" data-invoice-id={inv.id}>
      <td>
        <span className={`prio-tag prio-${inv.priority}`}>{inv.priority}</span>
      </td>
      <td>
        <div className="vendor-name">{inv.customerName}</div>
        <div className="small muted">{inv.docNumber ? `#${inv.docNumber}` : 'No number'}</div>
        <div
          className={`small ${inv.customerAvgDaysLate !== null && inv.customerAvgDaysLate > 14 ? 'tone-warn' : 'muted'}`}
          data-testid="customer-habit"
        >
          {habit(inv.customerAvgDaysLate)}
        </div>
      </td>
      <td className="num amount">{money(inv.balanceCents, currency)}</td>
      <td>
        <div title={day(inv.dueDate)}>{dayIn(inv.dueDate, today)}</div>
        <div className={`small ${inv.daysOverdue > 0 ? 'tone-bad' : 'muted'}`}>
          {inv.daysOverdue > 0 ? `${plural(inv.daysOverdue, 'day')} overdue` : 'not yet due'}
        </div>
      </td>
      <td>
        <span className={`chip stage-${inv.stage}`}>{stageLabel[inv.stage]}</span>
      </td>
      <td className="reminder-cell">
        <div className="small">{inv.reminderPending ? <span className="chip chip-pending">Waiting for QuickBooks</span> : reminderState(inv)}</div>
        <div className="small muted">
          {inv.reminderCount > 0
            ? `${plural(inv.reminderCount, 'reminder')} sent${inv.lastReminderAt ? `, last ${ago(inv.lastReminderAt)}` : ''}`
            : 'None sent yet'}
        </div>
        {sent ? (
          <div
            className={`small ${sent.status === 'sent' ? 'tone-ok' : 'tone-warn'}`}
            role="status"
            data-testid="reminder-result"
          >
            {sent.status === 'sent'
              ? `${stageLabel[sent.stage as InvoiceRow['stage']] ?? sent.stage} reminder sent at ${timeOfDay(sent.sentAt)}`
              : 'Queued: it goes out when QuickBooks can be reached'}
          </div>
        ) : null}
        {error && !emailErr ? <ErrorNote error={error} compact /> : null}
      </td>
      <td className="col-actions">
        <div className="row-actions row-actions-column">
          {needsEmail && canSend ? (
            <>
              <input
                type="email"
                className="input input-small"
                placeholder="Email address"
                aria-label={`Email for ${inv.customerName}`}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-invalid={emailErr ? true : undefined}
                aria-describedby={emailErr ? `email-error-${inv.id}` : undefined}
              />
              <FieldError id={`email-error-${inv.id}`} message={emailErr} />
            </>
          ) : null}
          <button
            type="button"
            className="button button-small"
            disabled={!canSend || busy}
            onClick={() => void send()}
            title={canSend ? undefined : inv.reminderPending ? 'A reminder is queued: it goes out when QuickBooks can be reached' : reminderState(inv)}
            aria-label={`Send reminder to ${inv.customerName}`}
          >
            {busy ? <Spinner small /> : null}
            Send reminder
          </button>
        </div>
      </td>
    </tr>
  )
}
