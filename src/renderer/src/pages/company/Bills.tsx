import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { BillRow } from '../../../../shared/runway'
import { Card, ErrorNote, Loading, ShowMore } from '../../components/ui'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { day, dayIn, dayShort, money, plural, signedDays } from '../../lib/format'
import { useCompanyStore, useResource } from '../../stores/company'
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

const COLLAPSED_ROWS = 8
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
        ? 'Pay now: no runway limit'
        : i.payNowDays === 0
          ? 'Pay now: no change'
          : `Pay now: ${signedDays(i.payNowDays)}`,
    delay:
      i.delayGainDays === null
        ? `Delay to ${dayShort(i.delayTo)}: no runway limit`
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

export function Bills({ companyId }: { companyId: string }) {
  const bills = useResource(companyId, 'bills')
  const runway = useResource(companyId, 'runway')
  const load = useCompanyStore((s) => s.load)
  const [paying, setPaying] = useState<BillRow | null>(null)
  const [delaying, setDelaying] = useState<BillRow | null>(null)

  if (!bills.data) {
    return (
      <Card title="Bills">
        {bills.error ? (
          <ErrorNote error={bills.error} onRetry={() => void load(companyId, 'bills')} />
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
  return (
    <>
      {bills.error ? (
        <ErrorNote error={bills.error} onRetry={() => void load(companyId, 'bills')} compact />
      ) : null}
      <BillTable
        title="Must pay"
        subtitle="Overdue, essential, or too close to the edge to wait."
        tone="must"
        rows={must}
        currency={currency}
        today={today}
        companyId={companyId}
        onPay={setPaying}
        onDelay={setDelaying}
        testId="bills-must-pay"
        empty="Nothing has to be paid right now."
      />
      <BillTable
        title="Can delay"
        subtitle="Paying these later buys runway without hurting a critical supplier."
        tone="delay"
        rows={delay}
        currency={currency}
        today={today}
        companyId={companyId}
        onPay={setPaying}
        onDelay={setDelaying}
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

function BillTable({
  title,
  subtitle,
  tone,
  rows,
  currency,
  today,
  companyId,
  onPay,
  onDelay,
  testId,
  empty
}: {
  title: string
  subtitle: string
  tone: 'must' | 'delay'
  rows: BillRow[]
  currency: string
  today: string
  companyId: string
  onPay(b: BillRow): void
  onDelay(b: BillRow): void
  testId: string
  empty: string
}) {
  const [expanded, setExpanded] = useState(false)
  const total = rows.reduce((s, b) => s + b.balanceCents, 0)
  // Highest priority first, so the first rows are the decisions; the rest are one click away.
  const shown = expanded ? rows : rows.slice(0, COLLAPSED_ROWS)
  return (
    <Card
      title={
        <>
          <span className={`section-dot section-${tone}`} aria-hidden="true" />
          {title}
          <span className="card-count">
            {plural(rows.length, 'bill')} · {money(total, currency)}
          </span>
        </>
      }
      testId={testId}
    >
      <p className="card-sub">{subtitle}</p>
      {rows.length === 0 ? (
        <p className="table-empty">{empty}</p>
      ) : (
        <table className="table table-compact bills-table">
          <colgroup>
            <col style={{ width: 84 }} />
            <col />
            <col style={{ width: 104 }} />
            <col style={{ width: 112 }} />
            <col style={{ width: 92 }} />
            <col style={{ width: 196 }} />
            <col style={{ width: 128 }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" className="col-priority">
                Priority
              </th>
              <th scope="col">Vendor</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Due</th>
              <th scope="col">Planned</th>
              <th scope="col">Runway impact</th>
              <th scope="col" className="col-actions">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((b) => (
              <BillLine
                key={b.id}
                bill={b}
                currency={currency}
                today={today}
                companyId={companyId}
                onPay={onPay}
                onDelay={onDelay}
              />
            ))}
          </tbody>
        </table>
      )}
      {rows.length > COLLAPSED_ROWS ? (
        <ShowMore expanded={expanded} total={rows.length} noun="bills" onToggle={() => setExpanded(!expanded)} />
      ) : null}
    </Card>
  )
}

function BillLine({
  bill,
  currency,
  today,
  companyId,
  onPay,
  onDelay
}: {
  bill: BillRow
  currency: string
  today: string
  companyId: string
  onPay(b: BillRow): void
  onDelay(b: BillRow): void
}) {
  const impact = impactParts(bill)
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
      <td className="num amount">{money(bill.balanceCents, currency)}</td>
      <td>
        <div title={day(bill.dueDate)}>{bill.dueDate ? dayIn(bill.dueDate, today) : 'No due date'}</div>
        <div className={`small ${bill.daysUntilDue < 0 ? 'tone-bad' : 'muted'}`}>{dueText(bill)}</div>
      </td>
      <td data-testid="planned-date" data-date={bill.plannedDate}>
        <div title={day(bill.plannedDate)}>
          {bill.plannedDate === today ? 'Today' : dayIn(bill.plannedDate, today)}
        </div>
        {bill.scheduledPayOn ? <div className="small tone-accent">Delayed by you</div> : null}
      </td>
      <td className="impact">
        <div className={bill.impact.payNowDays !== null && bill.impact.payNowDays < 0 ? 'tone-bad' : 'muted'}>
          {impact.payNow}
        </div>
        <div
          className={
            bill.impact.delayGainDays !== null && bill.impact.delayGainDays > 0 ? 'tone-ok' : 'muted'
          }
        >
          {impact.delay}
        </div>
        {bill.impact.simpleImpactDays !== null ? (
          <div className="small muted" title="The bill's amount divided by the daily burn">
            ≈ {burnDays(bill.impact.simpleImpactDays)} of burn
          </div>
        ) : null}
      </td>
      <td className="col-actions">
        <div className="row-actions">
          <button
            type="button"
            className="button button-small button-primary"
            onClick={() => onPay(bill)}
            disabled={bill.pending}
            aria-label={`Pay ${bill.vendorName} ${money(bill.balanceCents, currency)}`}
          >
            Pay
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => onDelay(bill)}
            disabled={bill.pending}
            aria-label={`Delay ${bill.vendorName}`}
          >
            Delay
          </button>
        </div>
      </td>
    </tr>
  )
}

/** Marks the vendor as one that must always be paid (payroll bureau, landlord…); the rules use it. */
function CriticalToggle({ companyId, bill }: { companyId: string; bill: BillRow }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const refresh = useCompanyStore((s) => s.refresh)
  const toggle = async () => {
    setBusy(true)
    setError(null)
    try {
      await call('vendors.setCritical', {
        companyId,
        vendorId: bill.vendorId,
        critical: !bill.criticalVendor
      })
      await refresh(companyId)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button
        type="button"
        className={`star ${bill.criticalVendor ? 'star-on' : ''}`}
        aria-pressed={bill.criticalVendor}
        aria-label={
          bill.criticalVendor
            ? `${bill.vendorName} is a critical vendor`
            : `Mark ${bill.vendorName} as critical`
        }
        title={bill.criticalVendor ? 'Critical vendor: always paid on time' : 'Mark as critical vendor'}
        disabled={busy}
        onClick={() => void toggle()}
      >
        {bill.criticalVendor ? '★' : '☆'}
      </button>
      {error ? <ErrorNote error={error} compact /> : null}
    </>
  )
}
