import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { PaymentPlanView, PlannedBillView } from '../../../../shared/plan'
import type { BillRow } from '../../../../shared/views'
import { Button, IconButton } from '../../components/Button'
import { DataTable, ROWS_AT_A_GLANCE, type Column } from '../../components/DataTable'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { DateText, Money } from '../../components/values'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { dayShort, money, plural, runwayDays, signedDays } from '../../lib/format'
import { planImpactParts } from '../../lib/plan'
import { invalidateCompany, queries } from '../../lib/queries'
import { DelayDialog } from './DelayDialog'
import { PayDialog } from './PayDialog'

const reasonLabel: Record<string, string> = {
  overdue: 'Overdue',
  'critical-vendor': 'Critical vendor',
  'critical-type': 'Essential expense',
  'due-soon': 'Due within 3 days',
  'large-impact': 'Large share of runway',
  'delay-leaves-under-7-days': 'Delay leaves < 7 days',
  'no-delay-condition': 'No room to delay',
  'due-later-long-runway': 'Due later, runway long',
  'small-amount': 'Small amount',
  'very-long-runway': 'Runway over 90 days'
}

/** Two reasons say why; the rest are in the tooltip, so rows stay one decision tall. */
const MAX_CHIPS = 2

const mustReasons = new Set([
  'overdue',
  'critical-vendor',
  'critical-type',
  'due-soon',
  'large-impact',
  'delay-leaves-under-7-days'
])

export function reasonText(reason: string): string {
  return reasonLabel[reason] ?? reason.replace(/[-_]/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

export function dueText(bill: { dueDate: string | null; daysUntilDue: number }): string {
  // A bill without a due date is due on its own date: say so rather than "overdue" under "No due date".
  if (bill.dueDate === null)
    return bill.daysUntilDue < 0 ? `dated ${plural(-bill.daysUntilDue, 'day')} ago` : 'due on its date'
  if (bill.daysUntilDue < 0) return `${plural(-bill.daysUntilDue, 'day')} overdue`
  if (bill.daysUntilDue === 0) return 'due today'
  return `in ${plural(bill.daysUntilDue, 'day')}`
}

/** "Pay now: −3 days · Delay to 12 Dec: +2 days" — what each choice does to the runway. */
export function impactParts(bill: BillRow): { payNow: string; delay: string } {
  const i = bill.impact
  return {
    payNow:
      i.payNowDays === null
        ? 'Pay now: cash runs short within 13 weeks'
        : i.payNowDays === 0
          ? 'Pay now: no change'
          : `Pay now: ${signedDays(i.payNowDays)}`,
    // A bill already delayed to (or past) the usual delay date is not offered that date again.
    delay:
      bill.scheduledPayOn !== null && bill.scheduledPayOn >= i.delayTo
        ? `Delayed to ${dayShort(bill.scheduledPayOn)}: in the forecast`
        : i.delayGainDays === null
          ? `Delay to ${dayShort(i.delayTo)}: runway ${runwayDays(i.delayAfterDays).toLowerCase()}`
          : i.delayGainDays === 0
            ? `Delay to ${dayShort(i.delayTo)}: no change`
            : `Delay to ${dayShort(i.delayTo)}: ${signedDays(i.delayGainDays)}`
  }
}

function burnDays(days: number): string {
  if (days > 0 && days < 0.1) return 'under 0.1 day'
  const rounded = days < 10 ? Math.round(days * 10) / 10 : Math.round(days)
  return `${rounded} ${rounded === 1 ? 'day' : 'days'}`
}

export function Bills({ companyId, plan }: { companyId: string; plan?: PaymentPlanView | undefined }) {
  const bills = useQuery(queries.bills(companyId))
  const runway = useQuery(queries.runway(companyId))
  const [paying, setPaying] = useState<BillRow | null>(null)
  const [delaying, setDelaying] = useState<BillRow | null>(null)

  if (!bills.data) {
    return (
      <Card title="Bills">
        {bills.error ? (
          <ErrorNote error={bills.error.value} onRetry={() => void bills.refetch()} />
        ) : (
          <Loading what="bills" />
        )}
      </Card>
    )
  }
  const must = bills.data.filter((b) => b.category === 'must-pay')
  const delay = bills.data.filter((b) => b.category === 'can-delay')
  const currency = runway.data?.homeCurrency ?? 'USD'
  const today = runway.data?.asOf ?? bills.data[0]?.plannedDate ?? ''
  const planned = new Map(plan?.bills.map((b) => [b.billId, b]))
  const table = { currency, today, companyId, plan, planned, onPay: setPaying, onDelay: setDelaying }
  return (
    <>
      {bills.error ? (
        <ErrorNote error={bills.error.value} onRetry={() => void bills.refetch()} compact />
      ) : null}
      <BillTable
        {...table}
        title="Must pay"
        subtitle="Overdue, essential, or too close to the edge to wait."
        marker="must"
        rows={must}
        testId="bills-must-pay"
        empty="Nothing has to be paid right now."
      />
      <BillTable
        {...table}
        title="Can delay"
        subtitle="Paying these later buys runway without hurting a critical supplier."
        marker="delay"
        rows={delay}
        testId="bills-can-delay"
        empty="No bill can safely wait."
      />
      {paying && runway.data ? (
        <PayDialog companyId={companyId} bill={paying} runway={runway.data} onClose={() => setPaying(null)} />
      ) : null}
      {delaying && runway.data ? (
        <DelayDialog
          companyId={companyId}
          bill={delaying}
          runway={runway.data}
          onClose={() => setDelaying(null)}
        />
      ) : null}
    </>
  )
}

interface LineProps {
  currency: string
  today: string
  companyId: string
  plan: PaymentPlanView | undefined
  planned: Map<string, PlannedBillView>
  onPay(b: BillRow): void
  onDelay(b: BillRow): void
}

const columns: Column[] = [
  { header: 'Priority', width: 84, className: 'col-priority' },
  { header: 'Vendor' },
  { header: 'Amount', width: 104, numeric: true },
  { header: 'Due', width: 112 },
  { header: 'Planned', width: 104 },
  { header: 'Runway impact', width: 228 },
  { header: 'Actions', width: 128, hiddenHeader: true, className: 'col-actions' }
]

function BillTable({
  title,
  subtitle,
  marker,
  rows,
  testId,
  empty,
  ...line
}: LineProps & {
  title: string
  subtitle: string
  marker: 'must' | 'delay'
  rows: BillRow[]
  testId: string
  empty: string
}) {
  const total = rows.reduce((s, b) => s + b.balanceCents, 0)
  return (
    <Card
      title={title}
      marker={marker}
      count={`${plural(rows.length, 'bill')} · ${money(total, line.currency)}`}
      testId={testId}
    >
      <p className="card-sub">{subtitle}</p>
      <DataTable
        columns={columns}
        rows={rows}
        renderRow={(b) => <BillLine key={b.id} bill={b} {...line} />}
        empty={empty}
        collapseAfter={ROWS_AT_A_GLANCE}
        noun="bills"
        compact
        className="bills-table"
      />
    </Card>
  )
}

function BillLine({
  bill,
  currency,
  today,
  companyId,
  plan,
  planned,
  onPay,
  onDelay
}: LineProps & { bill: BillRow }) {
  const impact = impactParts(bill)
  const inPlan = planned.get(bill.id)
  const planParts = plan && inPlan ? planImpactParts(inPlan, plan, currency) : null
  return (
    <tr data-testid="bill-row" data-bill-id={bill.id} className={bill.pending ? 'row-pending' : undefined}>
      <td className="col-priority">
        <span
          className={`priority priority-${bill.risk}`}
          title={`Priority score ${bill.priority}; ${bill.risk} risk to pay now`}
        >
          {Math.round(bill.priority)}
        </span>
      </td>
      <td>
        <div className="vendor-line">
          <span className="vendor-name">{bill.vendorName}</span>
          <CriticalToggle companyId={companyId} bill={bill} />
        </div>
        <div className="chips">
          {bill.docNumber ? <span className="doc-number">#{bill.docNumber}</span> : null}
          {bill.pending ? <span className="chip chip-pending">Pending sync</span> : null}
          {bill.reasons.slice(0, MAX_CHIPS).map((r) => (
            <span key={r} className={`chip ${mustReasons.has(r) ? 'chip-must' : 'chip-delay'}`}>
              {reasonText(r)}
            </span>
          ))}
          {bill.reasons.length > MAX_CHIPS ? (
            <span className="chip" title={bill.reasons.slice(MAX_CHIPS).map(reasonText).join(', ')}>
              +{bill.reasons.length - MAX_CHIPS} more
            </span>
          ) : null}
        </div>
      </td>
      <td className="num">
        <Money cents={bill.balanceCents} currency={currency} />
      </td>
      <td>
        <div>{bill.dueDate ? <DateText date={bill.dueDate} reference={today} /> : 'No due date'}</div>
        <div className={`small ${bill.daysUntilDue < 0 ? 'tone-bad' : 'muted'}`}>{dueText(bill)}</div>
      </td>
      <td data-testid="planned-date" data-date={bill.plannedDate}>
        <div>
          <DateText date={bill.plannedDate} reference={today}>
            {bill.plannedDate === today ? 'Today' : undefined}
          </DateText>
        </div>
        {bill.scheduledPayOn ? <div className="small tone-accent">Delayed by you</div> : null}
        {inPlan && !inPlan.fixed && inPlan.payOn !== bill.plannedDate ? (
          <div className="small muted" title={inPlan.reason} data-testid="plan-date">
            Plan:{' '}
            {inPlan.payOn === null ? 'later' : inPlan.payOn === today ? 'today' : dayShort(inPlan.payOn)}
          </div>
        ) : null}
      </td>
      <td className="impact" data-testid="bill-impact">
        {planParts ? (
          <>
            {planParts.payNow ? <div className="tone-bad">{planParts.payNow}</div> : null}
            {planParts.wait ? <div className="tone-ok">{planParts.wait}</div> : null}
          </>
        ) : (
          <>
            <div
              className={bill.impact.payNowDays !== null && bill.impact.payNowDays < 0 ? 'tone-bad' : 'muted'}
            >
              {impact.payNow}
            </div>
            <div
              className={
                bill.impact.delayGainDays !== null && bill.impact.delayGainDays > 0 ? 'tone-ok' : 'muted'
              }
            >
              {impact.delay}
            </div>
          </>
        )}
        {bill.impact.simpleImpactDays !== null ? (
          <div className="small muted" title="The bill's amount divided by the daily burn">
            ≈ {burnDays(bill.impact.simpleImpactDays)} of burn
          </div>
        ) : null}
      </td>
      <td className="col-actions">
        <div className="row-actions">
          <Button
            variant="primary"
            size="small"
            onClick={() => onPay(bill)}
            disabled={bill.pending}
            aria-label={`Pay ${bill.vendorName} ${money(bill.balanceCents, currency)}`}
          >
            Pay
          </Button>
          <Button
            size="small"
            onClick={() => onDelay(bill)}
            disabled={bill.pending}
            aria-label={`Delay ${bill.vendorName}`}
          >
            Delay
          </Button>
        </div>
      </td>
    </tr>
  )
}

/** Marks the vendor as one that must always be paid (payroll bureau, landlord…); the rules use it. */
function CriticalToggle({ companyId, bill }: { companyId: string; bill: BillRow }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const toggle = async () => {
    setBusy(true)
    setError(null)
    try {
      await call('vendors.setCritical', {
        companyId,
        vendorId: bill.vendorId,
        critical: !bill.criticalVendor
      })
      await invalidateCompany(companyId)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <IconButton
        size="small"
        pressed={bill.criticalVendor}
        label={
          bill.criticalVendor
            ? `${bill.vendorName} is a critical vendor`
            : `Mark ${bill.vendorName} as critical`
        }
        title={bill.criticalVendor ? 'Critical vendor: always paid on time' : 'Mark as critical vendor'}
        disabled={busy}
        onClick={() => void toggle()}
      >
        {bill.criticalVendor ? '★' : '☆'}
      </IconButton>
      {error ? <ErrorNote error={error} compact /> : null}
    </>
  )
}
