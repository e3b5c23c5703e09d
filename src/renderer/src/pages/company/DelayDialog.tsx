import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { BillRow, RunwayView } from '../../../../shared/runway'
import { Dialog } from '../../components/Dialog'
import { ErrorNote, Spinner, TextField } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { day, daysBetween, plural, runwayDays, signedDays } from '../../lib/format'
import { useScenario } from '../../lib/useScenario'
import { useCompanyStore } from '../../stores/company'
import { notify } from '../../stores/notices'

interface Props {
  companyId: string
  bill: BillRow
  runway: RunwayView
  onClose(): void
}

export function DelayDialog({ companyId, bill, runway, onClose }: Props) {
  const today = runway.asOf
  const [date, setDate] = useState(bill.scheduledPayOn ?? bill.impact.delayTo)
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState<'save' | 'clear' | null>(null)
  const put = useCompanyStore((s) => s.put)
  const bills = useCompanyStore((s) => s.byCompany[companyId]?.bills?.data)
  const load = useCompanyStore((s) => s.load)

  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date)
  const preview = useScenario(companyId, valid ? [{ kind: 'delay-bill', billId: bill.id, to: date }] : null)
  const before = runway.forecastRunwayDays
  const after = preview.view?.scenario.runwayDays ?? null
  const lateBy = bill.dueDate && valid ? daysBetween(bill.dueDate, date) : 0

  const save = async (payOn: string | null) => {
    setError(null)
    if (payOn !== null && !valid) {
      setError({ kind: 'validation', field: 'payOn', message: 'choose a date' })
      return
    }
    setBusy(payOn === null ? 'clear' : 'save')
    try {
      const row = await call('bills.schedule', { companyId, billId: bill.id, payOn })
      // Show the new plan at once; the runway.changed event then brings the reassessed list.
      if (bills)
        put(
          companyId,
          'bills',
          bills.map((b) => (b.id === row.id ? row : b))
        )
      notify({
        tone: 'success',
        text:
          payOn === null
            ? `${bill.vendorName} is back on its due date.`
            : `${bill.vendorName} planned for ${day(payOn)}.`
      })
      onClose()
      void load(companyId, 'runway')
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(null)
    }
  }

  const dateErr = fieldError(error, 'payOn')
  return (
    <Dialog
      title={`Delay ${bill.vendorName}`}
      onClose={onClose}
      testId="delay-dialog"
      footer={
        <>
          {bill.scheduledPayOn ? (
            <button
              type="button"
              className="button button-left"
              onClick={() => void save(null)}
              disabled={busy !== null}
            >
              {busy === 'clear' ? <Spinner small /> : null}
              Back to due date
            </button>
          ) : null}
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => void save(date)}
            disabled={busy !== null}
            data-testid="confirm-delay"
          >
            {busy === 'save' ? <Spinner small /> : null}
            Plan for {valid ? day(date) : '…'}
          </button>
        </>
      }
    >
      <p className="dialog-lead">
        Plan when this bill is paid. Nothing is sent to QuickBooks: the date moves the payment in the forecast
        and in your console.
      </p>
      <dl className="dialog-facts">
        <div>
          <dt>Due</dt>
          <dd>{day(bill.dueDate)}</dd>
        </div>
        <div>
          <dt>Planned now</dt>
          <dd>{day(bill.plannedDate)}</dd>
        </div>
      </dl>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void save(date)
        }}
      >
        <TextField
          label="Pay on"
          error={dateErr}
          errorId="delay-date-error"
          type="date"
          value={date}
          min={today}
          onChange={(e) => setDate(e.target.value)}
          data-testid="delay-date"
        >
          {lateBy > 0 ? (
            <span className={`field-hint ${bill.criticalVendor ? 'tone-bad' : 'tone-warn'}`}>
              {plural(lateBy, 'day')} past the due date
              {bill.criticalVendor
                ? ': this is a critical vendor, so a late payment may stop the service.'
                : '.'}
            </span>
          ) : null}
        </TextField>
      </form>
      <div className="impact-box" data-testid="delay-impact" aria-live="polite">
        <div>
          <div className="impact-label">Runway as planned</div>
          <div className="impact-value">{runwayDays(before)}</div>
        </div>
        <div className="impact-arrow" aria-hidden="true">
          →
        </div>
        <div>
          <div className="impact-label">Paid {valid ? day(date) : '…'}</div>
          <div className="impact-value">
            {preview.view && !preview.loading ? (
              runwayDays(after)
            ) : (
              <Spinner small label="Working out the runway" />
            )}
            {preview.view && !preview.loading && before !== null && after !== null && after !== before ? (
              <span className={`impact-delta ${after < before ? 'tone-bad' : 'tone-ok'}`}>
                {' '}
                {signedDays(after - before)}
              </span>
            ) : null}
          </div>
        </div>
      </div>
      {error && !dateErr ? <ErrorNote error={error} /> : null}
    </Dialog>
  )
}
