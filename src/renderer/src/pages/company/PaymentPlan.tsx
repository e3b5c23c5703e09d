// The payment plan at the head of the console when the company cannot pay what it owes: which bill
// goes out on which day so cash holds, why, what is missing when even that is not enough, and one
// click to put it in the forecast (one more to take it out again).

import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { PaymentPlanView, PlannedBillView } from '../../../../shared/plan'
import { Button } from '../../components/Button'
import { FieldError } from '../../components/fields'
import { Spinner } from '../../components/Spinner'
import { Card, ErrorNote, ShowMore } from '../../components/ui'
import { DateText, Money } from '../../components/values'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { addDays, daysBetween, dayIn, money, moneyWhole, parseDollars, plural } from '../../lib/format'
import { invalidateCompany } from '../../lib/queries'
import { notify } from '../../stores/notices'
import { usePlanStore } from '../../stores/plan'

/** Rows of the deferred group before "Show all": the biggest decisions are the first weeks. */
const DEFERRED_AT_A_GLANCE = 6
/** Names in the shortfall's "talk to …" before "and N others". */
const NAMES_IN_SHORTFALL = 3
/** Re-proposing is fast, but not every keystroke of "12,500" is a question. */
const MIN_CASH_SETTLE_MS = 300
/** Below this the reasons go under the vendor's name: a column of them would squeeze the names. */
const NARROW = '(max-width: 1100px)'

function useNarrow(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(NARROW)
      query.addEventListener('change', onChange)
      return () => query.removeEventListener('change', onChange)
    },
    () => window.matchMedia(NARROW).matches
  )
}

interface Group {
  key: string
  title: string
  /** The days the group covers, for its heading. */
  range: string | null
  bills: PlannedBillView[]
  /** Shown open; later weeks open on a click so the first week stays the first thing read. */
  open: boolean
}

function groupsOf(plan: PaymentPlanView): Group[] {
  const weeks = new Map<number, PlannedBillView[]>()
  const waiting: PlannedBillView[] = []
  for (const b of plan.bills) {
    if (b.payOn === null) waiting.push(b)
    else {
      const week = Math.floor(daysBetween(plan.asOf, b.payOn) / 7)
      weeks.set(week, [...(weeks.get(week) ?? []), b])
    }
  }
  const groups: Group[] = [...weeks.entries()]
    .sort(([a], [b]) => a - b)
    .map(([week, bills]) => {
      const start = addDays(plan.asOf, week * 7)
      return {
        key: `week-${week}`,
        title: week === 0 ? 'This week' : `Week ${week + 1}`,
        range: `${dayIn(start, plan.asOf)} – ${dayIn(addDays(start, 6), plan.asOf)}`,
        bills,
        open: week === 0
      }
    })
  if (waiting.length > 0) {
    groups.push({
      key: 'waiting',
      title: `Waits past ${dayIn(plan.horizonEnd, plan.asOf)}`,
      range: null,
      bills: waiting,
      open: true
    })
  }
  return groups
}

/** The engine's reasons are phrases ("rental: pays today"); a cell of its own starts a sentence. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

const sum = (bills: PlannedBillView[]) => bills.reduce((s, b) => s + b.amountCents, 0)

/** "A, B and C", or "A, B, C and 4 others". */
function names(list: string[]): string {
  const shown = list.slice(0, NAMES_IN_SHORTFALL)
  const rest = list.length - shown.length
  if (rest > 0) return `${shown.join(', ')} and ${plural(rest, 'other')}`
  return shown.length > 1
    ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`
    : (shown[0] ?? '')
}

/** Vendors by what they are owed in `bills`, most first. */
function vendorsBySize(bills: PlannedBillView[]): string[] {
  const owed = new Map<string, number>()
  for (const b of bills) owed.set(b.vendorName, (owed.get(b.vendorName) ?? 0) + b.amountCents)
  return [...owed.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name)
}

/** "Cash runs out" as a short date, "today" or "not in 13 weeks". */
function zeroText(date: string | null, today: string): string {
  if (date === null) return 'not in 13 weeks'
  return date === today ? 'today' : dayIn(date, today)
}

export function PaymentPlan({
  companyId,
  plan,
  loading,
  error,
  onRetry,
  currency,
  cashZeroDate,
  companyMinCents,
  onMinCash
}: {
  companyId: string
  plan: PaymentPlanView
  /** A new proposal is on its way (after a change, or a new minimum). */
  loading: boolean
  error: ErrorValue | null
  onRetry(): void
  currency: string
  /** The forecast's, as it stands: after Apply it is the applied plan's. */
  cashZeroDate: string | null
  /** The company's own minimum: trying it again is asking for the plan already at hand. */
  companyMinCents: number
  /** A minimum to try, or null for the company's own. */
  onMinCash(cents: number | null): void
}) {
  const applied = usePlanStore((s) => s.applied[companyId])
  const setApplied = usePlanStore((s) => s.setApplied)
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState<'apply' | 'undo' | null>(null)
  const [actionError, setActionError] = useState<ErrorValue | null>(null)
  const [minText, setMinText] = useState(() => String(Math.round(plan.minCashCents / 100)))
  const minTyped = parseDollars(minText)
  // What is on screen is not yet the plan for the minimum typed: Apply waits for it.
  const minPending = minTyped !== null && minTyped !== plan.minCashCents
  useEffect(() => {
    if (!minPending) return
    const timer = setTimeout(
      () => onMinCash(minTyped === companyMinCents ? null : minTyped),
      MIN_CASH_SETTLE_MS
    )
    return () => clearTimeout(timer)
  }, [minPending, minTyped, companyMinCents, onMinCash])

  const movable = plan.bills.filter((b) => !b.fixed)
  const chosen = movable.filter((b) => !left.has(b.billId))
  const today = plan.asOf
  const groups = groupsOf(plan)
  const narrow = useNarrow()
  const reasonOf = (b: PlannedBillView): string =>
    b.fixed && applied?.billIds.includes(b.billId) ? (applied.reasons[b.billId] ?? b.reason) : b.reason

  const toggle = (billId: string) =>
    setLeft((s) => {
      const next = new Set(s)
      if (next.has(billId)) next.delete(billId)
      else next.add(billId)
      return next
    })

  const apply = async () => {
    setActionError(null)
    setBusy('apply')
    try {
      const result = await call('plan.apply', {
        companyId,
        planId: plan.planId,
        ...(left.size > 0 ? { billIds: chosen.map((b) => b.billId) } : {})
      })
      setApplied(companyId, {
        planId: result.planId,
        billIds: result.scheduledBillIds,
        reasons: Object.fromEntries(plan.bills.map((b) => [b.billId, b.reason])),
        cashZeroBefore: plan.before.cashZeroDate
      })
      setLeft(new Set())
      notify({
        tone: 'success',
        text: `Plan applied: ${plural(result.scheduledBillIds.length, 'bill')} scheduled.`
      })
      await invalidateCompany(companyId)
    } catch (e) {
      setActionError(toErrorValue(e))
      // A stale plan: the new one is a refetch away.
      onRetry()
    } finally {
      setBusy(null)
    }
  }

  const undo = async () => {
    if (!applied) return
    setActionError(null)
    setBusy('undo')
    try {
      const result = await call('plan.undo', { companyId, planId: applied.planId })
      setApplied(companyId, null)
      notify({
        tone: 'success',
        text: `Plan undone: ${plural(result.restoredBillIds.length, 'bill')} back to their dates.`
      })
      await invalidateCompany(companyId)
    } catch (e) {
      setActionError(toErrorValue(e))
    } finally {
      setBusy(null)
    }
  }

  const thisWeek = groups.find((g) => g.key === 'week-0')?.bills ?? []
  const waiting = plan.bills.filter((b) => b.payOn === null)
  const later = plan.bills.filter((b) => b.payOn !== null && !thisWeek.includes(b))
  const lowestMoved = plan.after.lowestCashCents - plan.before.lowestCashCents

  return (
    <Card
      title="Payment plan"
      marker="decision"
      count={plural(plan.bills.length, 'bill')}
      testId="payment-plan"
      className="plan-card"
      actions={
        <>
          {loading ? <Spinner small label="Working out the plan" /> : null}
          <MinCash text={minText} invalid={minTyped === null} currency={currency} onChange={setMinText} />
          <Button
            variant="primary"
            onClick={() => void apply()}
            busy={busy === 'apply'}
            disabled={busy !== null || loading || minPending || minTyped === null || chosen.length === 0}
            data-testid="apply-plan"
          >
            {movable.length === 0
              ? applied
                ? 'Plan applied'
                : 'Nothing to apply'
              : chosen.length === movable.length
                ? 'Apply plan'
                : `Apply ${chosen.length} of ${plural(movable.length, 'bill')}`}
          </Button>
        </>
      }
    >
      <p className="card-sub">
        Essential bills on their due dates, every other as soon as cash stays above{' '}
        {moneyWhole(plan.minCashCents, currency)} after it. Untick a bill to leave it where it is.
      </p>

      {applied ? (
        <div className="plan-applied" role="status" data-testid="plan-applied">
          <span>
            Plan applied: {plural(applied.billIds.length, 'bill')} scheduled. Cash runs out{' '}
            <strong>{zeroText(cashZeroDate, today)}</strong>
            {applied.cashZeroBefore !== cashZeroDate ? (
              <> instead of {zeroText(applied.cashZeroBefore, today)}</>
            ) : null}
            .
          </span>
          <Button
            size="small"
            onClick={() => void undo()}
            busy={busy === 'undo'}
            disabled={busy !== null}
            data-testid="undo-plan"
          >
            Undo
          </Button>
        </div>
      ) : null}
      {actionError ? <ErrorNote error={actionError} compact /> : null}
      {error ? <ErrorNote error={error} onRetry={onRetry} compact /> : null}

      <dl className="plan-facts" data-testid="plan-facts">
        <Fact
          label="This week"
          value={moneyWhole(sum(thisWeek), currency)}
          hint={plural(thisWeek.length, 'payment')}
        />
        <Fact
          label="Later weeks"
          value={moneyWhole(sum(later), currency)}
          hint={plural(later.length, 'payment')}
        />
        <Fact
          label={`Waits past ${dayIn(plan.horizonEnd, today)}`}
          value={moneyWhole(sum(waiting), currency)}
          hint={plural(waiting.length, 'bill')}
          tone={waiting.length > 0 ? 'warn' : undefined}
        />
        <Fact
          label="Cash runs out"
          testId="plan-cash-zero"
          value={
            <>
              {/* Unmoved, "today → today" would read as a change: the date alone says it. */}
              {plan.before.cashZeroDate === plan.after.cashZeroDate ? null : (
                <>
                  <span className="plan-was">{zeroText(plan.before.cashZeroDate, today)}</span>
                  <span aria-label="with the plan"> → </span>
                </>
              )}
              <span
                className={plan.after.cashZeroDate === null ? 'tone-ok' : 'tone-bad'}
                data-date={plan.after.cashZeroDate ?? ''}
              >
                {zeroText(plan.after.cashZeroDate, today)}
              </span>
            </>
          }
          hint={
            <>
              Lowest {moneyWhole(plan.after.lowestCashCents, currency)}
              {lowestMoved > 0 ? (
                <span className="tone-ok"> (+{moneyWhole(lowestMoved, currency)})</span>
              ) : null}
            </>
          }
        />
      </dl>

      {plan.shortfall ? (
        <p className="plan-shortfall" role="alert" data-testid="plan-shortfall">
          <strong>
            {moneyWhole(plan.shortfall.amountCents, currency)} missing from{' '}
            <DateText date={plan.shortfall.from} reference={today} />
          </strong>
          {plan.shortfall.from === today ? ' (today)' : ''}: find cash (collect early, draw on credit) or{' '}
          {shortfallTalk(plan)}
        </p>
      ) : null}

      <div className="plan-table-wrap">
        <table className="table table-compact plan-table" data-testid="plan-table">
          <colgroup>
            <col className="plan-col-check" />
            <col className="plan-col-date" />
            <col />
            {narrow ? null : <col className="plan-col-why" />}
            <col className="plan-col-amount" />
            <col className="plan-col-amount" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">In the plan</span>
              </th>
              <th scope="col">Pay on</th>
              <th scope="col">Vendor</th>
              {narrow ? null : <th scope="col">Why then</th>}
              <th scope="col" className="num">
                Amount
              </th>
              <th
                scope="col"
                className="num"
                title="Cash just after the payment: the day's expected receipts and other payments counted"
              >
                Cash after
              </th>
            </tr>
          </thead>
          {groups.map((g) => (
            <PlanGroup key={g.key} group={g} currency={currency} labelSpan={narrow ? 3 : 4}>
              {(b) => (
                <PlanRow
                  key={b.billId}
                  bill={b}
                  reason={reasonOf(b)}
                  currency={currency}
                  today={today}
                  included={!left.has(b.billId)}
                  narrow={narrow}
                  onToggle={() => toggle(b.billId)}
                />
              )}
            </PlanGroup>
          ))}
        </table>
      </div>
    </Card>
  )
}

/** Whom to talk to: those the plan still pays while cash is short, else those it has wait. */
function shortfallTalk(plan: PaymentPlanView): string {
  const from = plan.shortfall!.from
  const paidWhileShort = plan.bills.filter((b) => b.payOn !== null && b.payOn >= from)
  if (paidWhileShort.length > 0) return `talk to ${names(vendorsBySize(paidWhileShort))} about paying later.`
  const waiting = plan.bills.filter((b) => b.payOn === null)
  if (waiting.length > 0)
    return `talk to ${names(vendorsBySize(waiting))}: the plan has them wait past ${dayIn(plan.horizonEnd, plan.asOf)}.`
  return 'talk to the lender about a bridge.'
}

function Fact({
  label,
  value,
  hint,
  tone,
  testId
}: {
  label: string
  value: ReactNode
  hint: ReactNode
  tone?: 'warn'
  testId?: string
}) {
  return (
    <div className="plan-fact" data-testid={testId}>
      <dt>{label}</dt>
      <dd className={tone ? `plan-fact-value tone-${tone}` : 'plan-fact-value'}>{value}</dd>
      <dd className="plan-fact-hint">{hint}</dd>
    </div>
  )
}

function PlanGroup({
  group,
  currency,
  labelSpan,
  children
}: {
  group: Group
  currency: string
  /** The columns before the amounts: the heading's label spans them. */
  labelSpan: number
  children(b: PlannedBillView): ReactNode
}) {
  const [open, setOpen] = useState(group.open)
  const [all, setAll] = useState(false)
  const last = group.bills[group.bills.length - 1]
  const waiting = group.key === 'waiting'
  const shown = waiting && !all ? group.bills.slice(0, DEFERRED_AT_A_GLANCE) : group.bills
  return (
    <tbody data-testid="plan-group" data-group={group.key}>
      <tr className={`plan-group-head ${waiting ? 'plan-group-waiting' : ''}`}>
        <th colSpan={labelSpan} scope="rowgroup">
          <button
            type="button"
            className="plan-group-toggle"
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            <span className="plan-caret" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            <span className="plan-group-title">{group.title}</span>
            {group.range ? <span className="plan-group-range">{group.range}</span> : null}
            <span className="plan-group-count">
              {plural(group.bills.length, waiting ? 'bill' : 'payment')}
            </span>
          </button>
        </th>
        <td className="num plan-group-sum">
          <Money cents={sum(group.bills)} currency={currency} />
        </td>
        <td className="num plan-group-sum">
          {last && last.cashAfterCents !== null ? (
            <CashAfter cents={last.cashAfterCents} currency={currency} />
          ) : null}
        </td>
      </tr>
      {open ? shown.map(children) : null}
      {open && waiting && group.bills.length > DEFERRED_AT_A_GLANCE ? (
        <tr>
          <td colSpan={labelSpan + 2}>
            <ShowMore expanded={all} total={group.bills.length} noun="bills" onToggle={() => setAll(!all)} />
          </td>
        </tr>
      ) : null}
    </tbody>
  )
}

function CashAfter({ cents, currency }: { cents: number; currency: string }) {
  return (
    <span className={cents < 0 ? 'tone-bad' : undefined}>
      <Money cents={cents} currency={currency} />
    </span>
  )
}

const tierLabel = { critical: 'Essential', costly: 'Costs to delay', normal: null } as const

function PlanRow({
  bill,
  reason,
  currency,
  today,
  included,
  narrow,
  onToggle
}: {
  bill: PlannedBillView
  reason: string
  currency: string
  today: string
  included: boolean
  narrow: boolean
  onToggle(): void
}) {
  const tier = tierLabel[bill.tier]
  return (
    <tr
      data-testid="plan-row"
      data-bill-id={bill.billId}
      data-pay-on={bill.payOn ?? ''}
      className={included || bill.fixed ? undefined : 'row-muted plan-row-left'}
    >
      <td className="plan-check">
        {bill.fixed ? (
          <span className="plan-fixed" title="You scheduled this bill: the plan keeps its date">
            ✓
          </span>
        ) : (
          <input
            type="checkbox"
            checked={included}
            onChange={onToggle}
            aria-label={`Include ${bill.vendorName} ${money(bill.amountCents, currency)} in the plan`}
          />
        )}
      </td>
      <td>
        {bill.payOn === null ? (
          <span className="muted">Later</span>
        ) : (
          <DateText date={bill.payOn} reference={today}>
            {bill.payOn === today ? 'Today' : undefined}
          </DateText>
        )}
      </td>
      <td>
        <div className="vendor-line">
          <span className="vendor-name">{bill.vendorName}</span>
          {tier ? (
            <span className={`chip ${bill.tier === 'critical' ? 'chip-must' : 'chip-warn'}`}>{tier}</span>
          ) : null}
        </div>
        {narrow ? (
          <div className="plan-why-inline small" data-testid="plan-reason">
            {sentence(reason)}
          </div>
        ) : null}
        <div className="small muted">
          {bill.docNumber ? `#${bill.docNumber} · ` : ''}
          {bill.dueDate ? (
            <>
              due <DateText date={bill.dueDate} reference={today} />
            </>
          ) : (
            'no due date'
          )}
        </div>
      </td>
      {narrow ? null : (
        <td className="plan-why" data-testid="plan-reason">
          {sentence(reason)}
        </td>
      )}
      <td className="num">
        <Money cents={bill.amountCents} currency={currency} />
      </td>
      <td className="num">
        {bill.cashAfterCents === null ? (
          <span className="muted">—</span>
        ) : (
          <CashAfter cents={bill.cashAfterCents} currency={currency} />
        )}
      </td>
    </tr>
  )
}

/** The minimum the plan keeps, tried live: each settled value re-proposes (plan.propose is fast). */
function MinCash({
  text,
  invalid,
  currency,
  onChange
}: {
  text: string
  invalid: boolean
  currency: string
  onChange(text: string): void
}) {
  const symbol =
    new Intl.NumberFormat('en-US', { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency')?.value ?? currency
  return (
    <span className="plan-min">
      <label htmlFor="plan-min-cash" className="muted small">
        Keep at least
      </label>
      <span className="plan-min-field">
        <span className="plan-min-symbol" aria-hidden="true">
          {symbol}
        </span>
        <input
          id="plan-min-cash"
          className="input input-small plan-min-input"
          inputMode="decimal"
          value={text}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid ? true : undefined}
          aria-describedby={invalid ? 'plan-min-error' : undefined}
          data-testid="plan-min-cash"
          title="The plan's minimum cash; the company's own setting stays as it is"
        />
      </span>
      <FieldError id="plan-min-error" message={invalid ? 'an amount, e.g. 5,000' : null} />
    </span>
  )
}
