// Friday's close of the week for one client: what moved the runway, what happened in the books,
// what must be paid or chased next, and the decisions taken — the weekly digest, on screen.

import { useQuery } from '@tanstack/react-query'
import { useState, type ReactNode } from 'react'
import type { DigestView } from '../../../../shared/views'
import { Button, IconButton } from '../../components/Button'
import { Spinner } from '../../components/Spinner'
import { ErrorNote, SectionMarker, type CardMarker } from '../../components/ui'
import { Money } from '../../components/values'
import { addDays, dayIn, instant, moneyWhole, plural } from '../../lib/format'
import { queries } from '../../lib/queries'
import { currentWeekEnd, weekRange } from '../../lib/week'
import { reasonText } from './Bills'

/** How many decisions show before "Show all": a busy week must not push the forecast off screen. */
const DECISIONS_SHOWN = 5

export function WeeklyDigest({
  companyId,
  today,
  currency
}: {
  companyId: string
  today: string
  currency: string
}) {
  const settings = useQuery(queries.settings)
  // 0 is the week in progress; 1 the week before, and so on.
  const [back, setBack] = useState(0)
  const weekday = settings.data?.digestWeekday
  const weekEnd = weekday === undefined ? null : addDays(currentWeekEnd(today, weekday), -7 * back)
  const digest = useQuery({ ...queries.digest(companyId, weekEnd ?? ''), enabled: weekEnd !== null })

  const title = back === 0 ? 'This week' : back === 1 ? 'Last week' : `${back} weeks ago`
  const d = digest.data ?? null
  const error = settings.error ?? digest.error
  const retry = () => void (settings.error ? settings.refetch() : digest.refetch())

  return (
    <section className="card week" data-testid="this-week" aria-labelledby="this-week-title">
      <header className="week-header">
        <div className="week-heading">
          <h2 className="card-title" id="this-week-title">
            {title}
          </h2>
          {weekEnd ? (
            <span className="week-range" data-testid="week-range" data-week-end={weekEnd}>
              Week of {weekRange(addDays(weekEnd, -6), weekEnd, today)}
            </span>
          ) : null}
          {digest.isFetching && d ? <Spinner small label="Updating the week" /> : null}
        </div>
        <div className="week-tools">
          {d ? <WeekChange d={d} currency={currency} /> : null}
          <div className="week-nav" role="group" aria-label="Choose the week">
            <IconButton label="Previous week" disabled={weekEnd === null} onClick={() => setBack(back + 1)}>
              ‹
            </IconButton>
            <IconButton label="Next week" disabled={back === 0} onClick={() => setBack(back - 1)}>
              ›
            </IconButton>
          </div>
        </div>
      </header>
      {error ? <ErrorNote error={error.value} onRetry={retry} compact /> : null}
      {d ? (
        <WeekBody d={d} today={today} currency={currency} inProgress={back === 0} />
      ) : error ? null : (
        <div className="week-loading" role="status" aria-live="polite">
          <Spinner small label="Loading the week" /> Loading the week…
        </div>
      )}
    </section>
  )
}

function WeekChange({ d, currency }: { d: DigestView; currency: string }) {
  const { changeDays, cashChangeCents } = d.headline
  if (changeDays === null && cashChangeCents === null)
    return (
      <span className="week-change muted" title="There is no runway figure from before this week yet">
        First week on record
      </span>
    )
  return (
    <span className="week-change" data-testid="week-delta">
      {changeDays !== null ? (
        <span className={`week-chip ${changeDays < 0 ? 'chip-bad' : changeDays > 0 ? 'chip-ok' : ''}`}>
          Runway{' '}
          {changeDays === 0
            ? '±0 days'
            : `${changeDays < 0 ? '▼' : '▲'} ${plural(Math.abs(changeDays), 'day')}`}
        </span>
      ) : null}
      {cashChangeCents !== null ? (
        <span
          className={`week-chip ${cashChangeCents < 0 ? 'chip-bad' : cashChangeCents > 0 ? 'chip-ok' : ''}`}
        >
          Cash {cashChangeCents < 0 ? '−' : cashChangeCents > 0 ? '+' : '±'}
          {moneyWhole(Math.abs(cashChangeCents), currency)}
        </span>
      ) : null}
    </span>
  )
}

function WeekBody({
  d,
  today,
  currency,
  inProgress
}: {
  d: DigestView
  today: string
  currency: string
  inProgress: boolean
}) {
  const tallies: { label: string; tally: { count: number; totalCents: number }; id: string }[] = [
    { id: 'new-bills', label: 'New bills', tally: d.week.newBills },
    { id: 'bills-paid', label: 'Bills paid', tally: d.week.billsPaid },
    { id: 'invoices-sent', label: 'Invoices sent', tally: d.week.invoicesSent },
    { id: 'payments-received', label: 'Payments received', tally: d.week.paymentsReceived }
  ]
  return (
    <>
      <div className="week-top">
        <div className="week-variance">
          {d.variance.length > 0 ? (
            <ul className="variance" data-testid="variance">
              {d.variance.map((sentence) => (
                <li key={sentence} className={`variance-item variance-${varianceTone(sentence)}`}>
                  {readableDates(sentence, today)}
                </li>
              ))}
            </ul>
          ) : (
            <p className="variance-none" data-testid="variance">
              Nothing moved the runway enough to flag {inProgress ? 'so far this week' : 'this week'}.
            </p>
          )}
          <p className="week-note">
            {inProgress
              ? `Week in progress, as of ${instant(d.generatedAt)}.`
              : `Digest made ${instant(d.generatedAt)}.`}
          </p>
        </div>
        <dl className="tallies" data-testid="week-tallies">
          {tallies.map((t) => (
            <div key={t.id} className="tally" data-testid={`tally-${t.id}`} data-count={t.tally.count}>
              <dt>{t.label}</dt>
              <dd>
                <span className="tally-count">{t.tally.count.toLocaleString('en-US')}</span>
                <span className="tally-total">
                  {t.tally.count > 0 ? moneyWhole(t.tally.totalCents, currency) : '—'}
                </span>
              </dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="week-lists">
        <WeekList
          testId="week-must-pay"
          marker="must"
          title="Must pay next"
          empty="No bill must be paid now."
        >
          {d.mustPay.map((b) => (
            <WeekItem
              key={b.id}
              name={b.vendorName}
              sub={
                <>
                  {b.dueDate === null ? (
                    'No due date'
                  ) : (
                    <span className={b.dueDate < today ? 'tone-bad' : undefined}>
                      Due {dayIn(b.dueDate, today)}
                    </span>
                  )}
                  {/* The red date already says "overdue": the next reason adds more. */}
                  {whyMustPay(b.reasons) ? ` · ${whyMustPay(b.reasons)}` : ''}
                </>
              }
              subTitle={b.reasons.map(reasonText).join(', ')}
              amount={<Money cents={b.balanceCents} currency={currency} whole />}
            />
          ))}
        </WeekList>
        <WeekList testId="week-to-chase" marker="chase" title="To chase" empty="No overdue invoices.">
          {d.toChase.map((i) => (
            <WeekItem
              key={i.id}
              name={i.customerName}
              sub={
                <>
                  {plural(i.daysOverdue, 'day')} late ·{' '}
                  <span className={`week-stage-${i.stage}`}>{stageLabel(i.stage)}</span>
                </>
              }
              amount={<Money cents={i.balanceCents} currency={currency} whole />}
            />
          ))}
        </WeekList>
        <Decisions decisions={d.decisions} inProgress={inProgress} />
      </div>
    </>
  )
}

function Decisions({ decisions, inProgress }: { decisions: DigestView['decisions']; inProgress: boolean }) {
  const [all, setAll] = useState(false)
  // Newest first: the bookkeeper checks what was just done before reading the week back.
  const newest = [...decisions].reverse()
  const shown = all ? newest : newest.slice(0, DECISIONS_SHOWN)
  return (
    <WeekList
      testId="week-decisions"
      marker="decision"
      title="Decisions"
      count={decisions.length}
      empty={
        inProgress
          ? 'None yet. Payments, delays, reminders and earmarks made in the console are recorded here.'
          : 'No decisions were recorded this week.'
      }
      more={
        decisions.length > DECISIONS_SHOWN ? (
          <Button variant="link" className="week-more" onClick={() => setAll(!all)} aria-expanded={all}>
            {all ? 'Show fewer' : `Show all ${decisions.length}`}
          </Button>
        ) : null
      }
    >
      {shown.map((x, i) => (
        <WeekItem
          key={`${x.at}|${x.action}|${i}`}
          className={`decision decision-${decisionKind(x.action)}`}
          data-testid="decision"
          data-action={x.action}
          name={decisionText(x)}
          sub={instant(x.at)}
        />
      ))}
    </WeekList>
  )
}

/** One of the week's short lists: a marked title, its items, or a line saying there are none. */
function WeekList({
  testId,
  marker,
  title,
  count,
  empty,
  more,
  children
}: {
  testId: string
  marker: CardMarker
  title: string
  count?: number
  empty: string
  more?: ReactNode
  children: ReactNode[]
}) {
  return (
    <div className="week-list" data-testid={testId}>
      <h3 className="week-list-title">
        <SectionMarker marker={marker} />
        {title}
        {count ? <span className="card-count">{count}</span> : null}
      </h3>
      {children.length === 0 ? <p className="week-empty">{empty}</p> : <ul>{children}</ul>}
      {more}
    </div>
  )
}

function WeekItem({
  name,
  sub,
  subTitle,
  amount,
  className,
  ...data
}: {
  name: string
  sub: ReactNode
  /** The sub-line in full, where it may be cut short. */
  subTitle?: string
  amount?: ReactNode
  className?: string
  'data-testid'?: string
  'data-action'?: string
}) {
  return (
    <li className={className ? `week-item ${className}` : 'week-item'} {...data}>
      <span className="week-item-main">
        <span className="week-item-name" title={name}>
          {name}
        </span>
        <span className="week-item-sub" title={subTitle}>
          {sub}
        </span>
      </span>
      {amount ? <span className="week-item-amount">{amount}</span> : null}
    </li>
  )
}

function whyMustPay(reasons: string[]): string | null {
  const reason = reasons.find((r) => r !== 'overdue')
  return reason ? reasonText(reason) : null
}

const stages: Record<string, string> = {
  gentle: 'Gentle reminder',
  firm: 'Firm reminder',
  final: 'Final notice',
  'hand-off': 'Hand off'
}

function stageLabel(stage: string): string {
  return stages[stage] ?? stage
}

/** Emphasis only: the sentences are plain text, so an unrecognised one simply stays neutral. */
function varianceTone(sentence: string): 'bad' | 'warn' | 'ok' | 'neutral' {
  if (/\b(dropped|runs out|fell)\b/i.test(sentence)) return 'bad'
  if (/\b(below|overdue)\b/i.test(sentence)) return 'warn'
  if (/\b(grew|rose)\b/i.test(sentence)) return 'ok'
  return 'neutral'
}

/** The core's sentences carry dates as YYYY-MM-DD; the screen shows them as every other date. */
function readableDates(sentence: string, today: string): string {
  return sentence.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (date) => dayIn(date, today))
}

type DecisionKind = 'pay' | 'delay' | 'chase' | 'earmark' | 'problem' | 'other'

function decisionKind(action: string): DecisionKind {
  if (action === 'bill.paid' || action === 'bill.pay-queued' || action === 'outbox.replayed') return 'pay'
  if (action.startsWith('bill.')) return 'delay'
  if (action.startsWith('invoice.')) return 'chase'
  if (action.startsWith('reserve.')) return 'earmark'
  if (action === 'outbox.conflict' || action === 'company.needs-reconnect') return 'problem'
  return 'other'
}

// Decisions the core records without a sentence of their own (their summary is the action's name).
const actionText: Record<string, string> = {
  'reserve.set': 'Earmarked cash in a reserve',
  'reserve.removed': 'Released a reserve',
  'bill.scheduled': 'Planned a bill for a later date',
  'bill.unscheduled': 'Cleared a planned payment date',
  'vendor.critical': 'Changed which vendors are critical',
  'runway.min-cash': 'Changed the minimum cash',
  'company.connected': 'Connected to QuickBooks',
  'company.reconnected': 'Reconnected to QuickBooks',
  'company.disconnected': 'Disconnected from QuickBooks',
  'company.needs-reconnect': 'QuickBooks asked to reconnect'
}

function decisionText(x: { action: string; summary: string }): string {
  if (x.summary && x.summary !== x.action) {
    // The payment's summary is worded for the outbox ("Pay …"); in the trail it has happened.
    if (x.action === 'bill.paid' && x.summary.startsWith('Pay ')) return `Paid ${x.summary.slice(4)}`
    if (x.action === 'bill.pay-queued' && x.summary.startsWith('Pay '))
      return `${x.summary} — waiting to sync`
    return x.summary
  }
  return actionText[x.action] ?? x.action.replace(/[.-]/g, ' ').replace(/^./, (c) => c.toUpperCase())
}
