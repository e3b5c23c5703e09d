// The recurring outflows the forecast found (bills, checks and expenses, card charges, payroll), and
// the bookkeeper's verdict on each: confirm keeps it in the forecast, dismiss takes it out.

import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { RecurringView, RunwayView } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { DataTable, type Column } from '../../components/DataTable'
import { Card, ErrorNote } from '../../components/ui'
import { DateText, Money } from '../../components/values'
import { call } from '../../lib/api'
import { toErrorValue } from '../../lib/errors'
import { invalidateCompany } from '../../lib/queries'

const columns: Column[] = [
  { header: 'Payee' },
  { header: 'Cadence' },
  { header: 'Amount', numeric: true },
  { header: 'Next' },
  { header: 'In forecast' },
  { header: 'Actions', hiddenHeader: true, className: 'col-actions' }
]

const sourceText: Record<RecurringView['source'], string> = {
  bill: 'Bills',
  expense: 'Checks and expenses',
  card: 'Card charges'
}

function inForecast(s: RecurringView): string {
  if (s.decision === 'dismissed') return 'Dismissed'
  if (!s.active) return 'Stopped'
  if (s.source === 'card') return "With the card's payment"
  return s.decision === 'confirmed' ? 'Yes, confirmed' : 'Yes'
}

export function RecurringOutflows({ companyId, r }: { companyId: string; r: RunwayView }) {
  return (
    <Card title="Recurring outflows" testId="recurring">
      <DataTable
        columns={columns}
        rows={r.recurring}
        renderRow={(s) => <SeriesLine key={s.key} s={s} companyId={companyId} currency={r.homeCurrency} />}
        empty="No recurring payments detected in the history yet."
        compact
      />
    </Card>
  )
}

function SeriesLine({ s, companyId, currency }: { s: RecurringView; companyId: string; currency: string }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorValue | null>(null)
  const decide = async (decision: RecurringView['decision']) => {
    setError(null)
    setBusy(true)
    try {
      await call('recurring.setDecision', { companyId, seriesKey: s.key, decision })
      await invalidateCompany(companyId)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(false)
    }
  }
  const counted = s.decision !== 'dismissed' && s.active
  return (
    <tr className={counted ? undefined : 'row-muted'} data-testid="recurring-row" data-series-key={s.key}>
      <td>
        <div>{s.payeeName}</div>
        <div className="small muted">
          {sourceText[s.source]}
          {s.payroll ? ' · payroll' : ''}
        </div>
      </td>
      <td className="capitalise">{s.cadence}</td>
      <td className="num">
        <Money cents={s.amountCents} currency={currency} />
      </td>
      <td>{s.nextDate ? <DateText date={s.nextDate} /> : <span className="muted">—</span>}</td>
      <td>
        {inForecast(s)}
        {error ? <ErrorNote error={error} compact /> : null}
      </td>
      <td className="col-actions">
        <div className="row-actions">
          {s.decision === null ? (
            <>
              <Button
                size="small"
                busy={busy}
                onClick={() => void decide('confirmed')}
                aria-label={`Confirm ${s.payeeName} as recurring`}
                data-testid="recurring-confirm"
              >
                Confirm
              </Button>
              <Button
                size="small"
                busy={busy}
                onClick={() => void decide('dismissed')}
                aria-label={`Dismiss ${s.payeeName}: not recurring`}
                data-testid="recurring-dismiss"
              >
                Dismiss
              </Button>
            </>
          ) : (
            <Button
              size="small"
              variant="link"
              busy={busy}
              onClick={() => void decide(null)}
              aria-label={`Undo the verdict on ${s.payeeName}`}
              data-testid="recurring-undo"
            >
              Undo {s.decision === 'confirmed' ? 'confirm' : 'dismiss'}
            </Button>
          )}
        </div>
      </td>
    </tr>
  )
}
