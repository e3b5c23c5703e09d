import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { InvoiceRow } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { DataTable, ROWS_AT_A_GLANCE, type Column } from '../../components/DataTable'
import { FieldError } from '../../components/fields'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { DateText, Money } from '../../components/values'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { ago, day, money, plural, timeOfDay } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'
import { CustomerReminders } from './CustomerReminders'
import { ExpectDialog } from './ExpectDialog'

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

/** Where the forecast has the invoice's money, and on whose word. */
function forecastLine(inv: InvoiceRow): { text: string; tone: string } | null {
  const f = inv.forecast
  if (!f) return null
  const own = inv.expectation && !inv.expectation.lapsed ? ' (your word)' : ''
  if (f.status === 'wont-collect') return { text: `Won't collect${own}`, tone: 'tone-bad' }
  if (f.status === 'upside') return { text: 'Upside: past realistic collection', tone: 'tone-warn' }
  const chance = f.chance < 1 ? `, ${Math.round(f.chance * 100)}% likely` : ''
  return { text: `Expected ${day(f.expectedDate)}${chance}${own}`, tone: 'muted' }
}

const columns: Column[] = [
  { header: 'Priority', width: 84 },
  { header: 'Customer' },
  { header: 'Open', width: 104, numeric: true },
  { header: 'Due', width: 112 },
  { header: 'Stage', width: 96 },
  { header: 'Reminders', width: 200 },
  { header: 'Actions', width: 144, hiddenHeader: true, className: 'col-actions' }
]

export function Invoices({ companyId }: { companyId: string }) {
  const invoices = useQuery(queries.invoices(companyId))
  const runway = useQuery(queries.runway(companyId))
  const currency = runway.data?.homeCurrency ?? 'USD'
  const today = runway.data?.asOf ?? ''
  const [showAll, setShowAll] = useState(false)
  const [expecting, setExpecting] = useState<InvoiceRow | null>(null)
  if (!invoices.data) {
    return (
      <Card title="Invoices to chase">
        {invoices.error ? (
          <ErrorNote error={invoices.error.value} onRetry={() => void invoices.refetch()} />
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
    <>
      <CustomerReminders companyId={companyId} currency={currency} />
      <Card
        title="Invoices to chase"
        marker="chase"
        count={`${plural(overdue.length, 'overdue invoice')} · ${money(total, currency)}`}
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
          {runway.data && runway.data.receivables.upsideCents > 0 ? (
            <span data-testid="invoices-upside">
              {' '}
              {money(runway.data.receivables.upsideCents, currency)} is past realistic collection: left out of
              the forecast as upside.
            </span>
          ) : null}
        </p>
        {invoices.error ? <ErrorNote error={invoices.error.value} compact /> : null}
        <DataTable
          columns={columns}
          rows={rows}
          renderRow={(inv) => (
            <InvoiceLine
              key={inv.id}
              inv={inv}
              currency={currency}
              today={today}
              companyId={companyId}
              onExpect={setExpecting}
            />
          )}
          empty="No overdue invoices. Nothing to chase this week."
          collapseAfter={ROWS_AT_A_GLANCE}
          noun="invoices"
          compact
          className="invoices-table"
        />
        {expecting && runway.data ? (
          <ExpectDialog
            companyId={companyId}
            invoice={expecting}
            runway={runway.data}
            onClose={() => setExpecting(null)}
          />
        ) : null}
      </Card>
    </>
  )
}

function InvoiceLine({
  inv,
  currency,
  today,
  companyId,
  onExpect
}: {
  inv: InvoiceRow
  currency: string
  today: string
  companyId: string
  onExpect(inv: InvoiceRow): void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const [sent, setSent] = useState<{ status: 'sent' | 'queued'; stage: string; sentAt: string } | null>(null)
  const [email, setEmail] = useState('')
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
      void queryClient.invalidateQueries({ queryKey: queries.invoices(companyId).queryKey })
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  const emailErr = fieldError(error, 'sendTo')
  const expected = forecastLine(inv)
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
      <td className="num">
        <Money cents={inv.balanceCents} currency={currency} />
      </td>
      <td>
        <div>
          <DateText date={inv.dueDate} reference={today} />
        </div>
        <div className={`small ${inv.daysOverdue > 0 ? 'tone-bad' : 'muted'}`}>
          {inv.daysOverdue > 0 ? `${plural(inv.daysOverdue, 'day')} overdue` : 'not yet due'}
        </div>
        {expected ? (
          <div className={`small ${expected.tone}`} data-testid="invoice-expected">
            {expected.text}
          </div>
        ) : null}
      </td>
      <td>
        <span className={`chip stage-${inv.stage}`}>{stageLabel[inv.stage]}</span>
      </td>
      <td className="reminder-cell">
        <div className="small">
          {inv.reminderPending ? (
            <span className="chip chip-pending">Waiting for QuickBooks</span>
          ) : (
            reminderState(inv)
          )}
        </div>
        <div className="small muted">
          {inv.reminderCount > 0
            ? `${plural(inv.reminderCount, 'reminder')} sent${inv.lastReminderAt ? `, last ${ago(inv.lastReminderAt)}` : ''}${inv.lastReminderBy ? ` by ${inv.lastReminderBy}` : ''}`
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
          <Button
            size="small"
            busy={busy}
            disabled={!canSend}
            onClick={() => void send()}
            title={
              canSend
                ? undefined
                : inv.reminderPending
                  ? 'A reminder is queued: it goes out when QuickBooks can be reached'
                  : reminderState(inv)
            }
            aria-label={`Send reminder to ${inv.customerName}`}
          >
            Send reminder
          </Button>
          <Button
            size="small"
            variant="link"
            onClick={() => onExpect(inv)}
            disabled={!inv.forecast}
            aria-label={`Expect on a date or won't collect: ${inv.customerName}`}
            data-testid="expect-open"
          >
            Expect on… / Won&apos;t collect
          </Button>
        </div>
      </td>
    </tr>
  )
}
