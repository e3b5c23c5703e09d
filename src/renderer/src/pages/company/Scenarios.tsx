// What-ifs: delay a bill, collect an invoice early, add a one-off — and see the cash-zero date move.

import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import type { ScenarioChange } from '../../../../shared/contract'
import type { BillRow, InvoiceRow, ScenarioSide } from '../../../../shared/views'
import { Button, IconButton } from '../../components/Button'
import { DateField, MoneyField, SelectField, TextField } from '../../components/fields'
import { ForecastChart } from '../../components/ForecastChart'
import { SegmentedControl } from '../../components/SegmentedControl'
import { Loading, Spinner } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import {
  addDays,
  cashZeroText,
  day,
  money,
  parseDollars,
  plural,
  runwayDays,
  signedDays
} from '../../lib/format'
import { queries } from '../../lib/queries'
import { useScenario } from '../../lib/useScenario'
import { useScenarioStore, type DraftChange } from '../../stores/scenarios'

type Kind = 'delay-bill' | 'collect-invoice' | 'income' | 'expense'

const kinds: { value: Kind; label: string }[] = [
  { value: 'delay-bill', label: 'Move a bill' },
  { value: 'collect-invoice', label: 'Collect invoice' },
  { value: 'income', label: 'Extra income' },
  { value: 'expense', label: 'Extra expense' }
]

const EMPTY: DraftChange[] = []

export function Scenarios({ companyId }: { companyId: string }) {
  const runway = useQuery(queries.runway(companyId))
  const bills = useQuery(queries.bills(companyId))
  const invoices = useQuery(queries.invoices(companyId))
  const drafts = useScenarioStore((s) => s.byCompany[companyId] ?? EMPTY)
  const remove = useScenarioStore((s) => s.remove)
  const clear = useScenarioStore((s) => s.clear)
  const changes = useMemo<ScenarioChange[]>(
    () => drafts.map(({ key: _key, ...c }) => c as ScenarioChange),
    [drafts]
  )
  const result = useScenario(companyId, changes)

  if (!runway.data) {
    return runway.error ? <ErrorNote error={runway.error.value} /> : <Loading what="the forecast" />
  }
  const r = runway.data
  const currency = r.homeCurrency
  const view = result.view
  return (
    <div className="scenario-layout" data-testid="scenarios">
      <div className="stack">
        <Card title="Build a what-if">
          <AddChange
            companyId={companyId}
            today={r.asOf}
            bills={bills.data ?? []}
            invoices={invoices.data ?? []}
            currency={currency}
          />
        </Card>
        <Card
          title={`Changes (${drafts.length})`}
          actions={
            drafts.length > 0 ? (
              <Button variant="link" onClick={() => clear(companyId)}>
                Clear all
              </Button>
            ) : null
          }
          testId="scenario-changes"
        >
          {drafts.length === 0 ? (
            <p className="muted">No changes yet: the forecast below is the base case.</p>
          ) : (
            <ul className="change-list">
              {drafts.map((d) => (
                <li key={d.key} data-testid="scenario-change">
                  <span>{describe(d, bills.data ?? [], invoices.data ?? [], currency)}</span>
                  <IconButton
                    label={`Remove ${describe(d, bills.data ?? [], invoices.data ?? [], currency)}`}
                    onClick={() => remove(companyId, d.key)}
                  >
                    ×
                  </IconButton>
                </li>
              ))}
            </ul>
          )}
          {view && view.ignored.length > 0 ? (
            <div className="ignored">
              <strong className="small">Not applied:</strong>
              <ul>
                {view.ignored.map((i, n) => (
                  <li key={n} className="small tone-warn">
                    {i.reason}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Card>
      </div>
      <div className="stack">
        {result.error ? <ErrorNote error={result.error} /> : null}
        {view ? (
          <>
            <div className="compare" data-testid="scenario-compare">
              <Side title="Base" side={view.base} testId="scenario-base" />
              <div className="compare-delta">
                <div className="impact-label">Change</div>
                <div
                  className={`compare-delta-value ${view.deltaDays !== null && view.deltaDays > 0 ? 'tone-ok' : view.deltaDays !== null && view.deltaDays < 0 ? 'tone-bad' : ''}`}
                  data-testid="scenario-delta"
                >
                  {view.deltaDays === null
                    ? deltaWithoutDate(view.base, view.scenario)
                    : signedDays(view.deltaDays)}
                </div>
                <div className="small muted" data-testid="scenario-gap">
                  {gapChange(view.base, view.scenario)}
                </div>
                {result.loading ? <Spinner small label="Recalculating" /> : null}
              </div>
              <Side title="Scenario" side={view.scenario} testId="scenario-side" highlight />
            </div>
            <Card title="Base vs scenario, 13 weeks">
              <ForecastChart
                weeks={view.base.forecast}
                scenario={view.scenario.forecast}
                minCashCents={r.minCashCents}
                currency={currency}
                label="Ending cash per week, base and scenario"
              />
            </Card>
          </>
        ) : result.error ? null : (
          <Loading what="the scenario" />
        )}
      </div>
    </div>
  )
}

/** What happens to the cash gap itself, which a number of days alone does not say. */
function gapChange(base: ScenarioSide, scenario: ScenarioSide): string {
  if (base.cashZeroDate === null && scenario.cashZeroDate === null) return 'No gap either way'
  if (base.cashZeroDate !== null && scenario.cashZeroDate === null) return 'Gap closed'
  if (base.cashZeroDate === null) return 'New cash gap'
  return scenario.cashZeroDate! > base.cashZeroDate
    ? 'Gap later'
    : scenario.cashZeroDate! < base.cashZeroDate
      ? 'Gap sooner'
      : 'Same date'
}

function deltaWithoutDate(base: ScenarioSide, scenario: ScenarioSide): string {
  if (base.cashZeroDate === null && scenario.cashZeroDate === null) return 'No gap either way'
  if (base.cashZeroDate !== null && scenario.cashZeroDate === null) return 'Gap closed'
  return 'New cash gap'
}

function Side({
  title,
  side,
  testId,
  highlight
}: {
  title: string
  side: ScenarioSide
  testId: string
  highlight?: boolean
}) {
  return (
    <div className={`compare-side ${highlight ? 'compare-side-highlight' : ''}`} data-testid={testId}>
      <div className="impact-label">{title}</div>
      <div className={`compare-figure ${side.cashZeroDate ? 'tone-bad' : 'tone-ok'}`}>
        {cashZeroText(side.cashZeroDate)}
      </div>
      <div className="muted small">Runway {runwayDays(side.runwayDays)}</div>
    </div>
  )
}

function describe(c: ScenarioChange, bills: BillRow[], invoices: InvoiceRow[], currency: string): string {
  switch (c.kind) {
    case 'delay-bill': {
      const b = bills.find((x) => x.id === c.billId)
      return `Pay ${b ? `${b.vendorName} ${money(b.balanceCents, currency)}` : 'bill'} on ${day(c.to)}`
    }
    case 'collect-invoice': {
      const i = invoices.find((x) => x.id === c.invoiceId)
      return `Collect ${i ? `${i.customerName} ${money(i.balanceCents, currency)}` : 'invoice'} by ${day(c.by)}`
    }
    case 'one-off':
      return `${c.amountCents >= 0 ? 'Income' : 'Expense'} ${money(Math.abs(c.amountCents), currency)} on ${day(c.date)}${c.label ? ` · ${c.label}` : ''}`
  }
}

function AddChange({
  companyId,
  today,
  bills,
  invoices,
  currency
}: {
  companyId: string
  today: string
  bills: BillRow[]
  invoices: InvoiceRow[]
  currency: string
}) {
  const add = useScenarioStore((s) => s.add)
  const [kind, setKind] = useState<Kind>('delay-bill')
  const [billId, setBillId] = useState('')
  const [invoiceId, setInvoiceId] = useState('')
  const [date, setDate] = useState(addDays(today, 14))
  const [amount, setAmount] = useState('')
  const [label, setLabel] = useState('')
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null)

  const bill = bills.find((b) => b.id === billId) ?? bills[0]
  const invoice = invoices.find((i) => i.id === invoiceId) ?? invoices[0]

  const submit = () => {
    setProblem(null)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setProblem({ field: 'date', message: 'Choose a date.' })
    if (kind === 'delay-bill') {
      if (!bill) return setProblem({ field: 'bill', message: 'There are no open bills to move.' })
      add(companyId, { kind: 'delay-bill', billId: bill.id, to: date })
    } else if (kind === 'collect-invoice') {
      if (!invoice) return setProblem({ field: 'invoice', message: 'There are no open invoices to collect.' })
      add(companyId, { kind: 'collect-invoice', invoiceId: invoice.id, by: date })
    } else {
      const cents = parseDollars(amount)
      if (cents === null || cents === 0)
        return setProblem({ field: 'amount', message: 'Enter an amount, e.g. 2500.' })
      add(companyId, {
        kind: 'one-off',
        date,
        amountCents: kind === 'income' ? cents : -cents,
        label: label.trim() || (kind === 'income' ? 'One-off income' : 'One-off expense')
      })
      setAmount('')
      setLabel('')
    }
  }

  const err = (field: string) => (problem?.field === field ? problem.message : null)
  return (
    <form
      className="form"
      aria-label="Add a change"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <SegmentedControl
        label="Kind of change"
        options={kinds}
        value={kind}
        onChange={(k) => {
          setKind(k)
          setProblem(null)
        }}
      />
      {kind === 'delay-bill' ? (
        <SelectField
          label="Bill"
          error={err('bill')}
          errorId="scenario-bill-error"
          value={bill?.id ?? ''}
          onChange={(e) => setBillId(e.target.value)}
          data-testid="scenario-bill"
          extra={bill ? <span className="field-hint">Planned {day(bill.plannedDate)}</span> : null}
        >
          {bills.length === 0 ? <option value="">No open bills</option> : null}
          {bills.map((b) => (
            <option key={b.id} value={b.id}>
              {/* The amount first: a narrow picker cuts the end of the line, never the figure. */}
              {money(b.balanceCents, currency)} · {b.vendorName}
            </option>
          ))}
        </SelectField>
      ) : null}
      {kind === 'collect-invoice' ? (
        <SelectField
          label="Invoice"
          error={err('invoice')}
          errorId="scenario-invoice-error"
          value={invoice?.id ?? ''}
          onChange={(e) => setInvoiceId(e.target.value)}
          data-testid="scenario-invoice"
        >
          {invoices.length === 0 ? <option value="">No open invoices</option> : null}
          {invoices.map((i) => (
            <option key={i.id} value={i.id}>
              {money(i.balanceCents, currency)} · {i.customerName}
              {i.daysOverdue > 0 ? ` · ${plural(i.daysOverdue, 'day')} overdue` : ''}
            </option>
          ))}
        </SelectField>
      ) : null}
      {kind === 'income' || kind === 'expense' ? (
        <div className="field-row">
          <MoneyField
            label="Amount"
            error={err('amount')}
            errorId="scenario-amount-error"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            data-testid="scenario-amount"
          />
          <TextField
            label="Label"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={kind === 'income' ? 'e.g. Tax refund' : 'e.g. New laptop'}
            maxLength={200}
          />
        </div>
      ) : null}
      <DateField
        label={kind === 'delay-bill' ? 'Pay on' : kind === 'collect-invoice' ? 'Collected by' : 'On'}
        error={err('date')}
        errorId="scenario-date-error"
        value={date}
        min={today}
        onChange={setDate}
        data-testid="scenario-date"
      />
      <Button type="submit" variant="primary" data-testid="add-change">
        Add to scenario
      </Button>
    </form>
  )
}
