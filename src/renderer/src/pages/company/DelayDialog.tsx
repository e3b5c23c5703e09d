import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { BillRow, RunwayView } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { Dialog } from '../../components/Dialog'
import { DateField } from '../../components/fields'
import { RunwayImpact } from '../../components/RunwayImpact'
import { ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { day, daysBetween, plural } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'
import { useScenario } from '../../lib/useScenario'
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

  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date)
  const preview = useScenario(companyId, valid ? [{ kind: 'delay-bill', billId: bill.id, to: date }] : null)
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
      // Show the new plan at once; the runway.changed event then brings the reassessed list. A load
      // already on its way holds the old plan: it must not land after this.
      const billsKey = queries.bills(companyId).queryKey
      await queryClient.cancelQueries({ queryKey: billsKey })
      queryClient.setQueryData(billsKey, (bills) => bills?.map((b) => (b.id === row.id ? row : b)))
      notify({
        tone: 'success',
        text:
          payOn === null
            ? `${bill.vendorName} is back on its due date.`
            : `${bill.vendorName} planned for ${day(payOn)}.`
      })
      onClose()
      void queryClient.invalidateQueries({ queryKey: queries.runway(companyId).queryKey })
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
            <Button
              className="button-left"
              onClick={() => void save(null)}
              busy={busy === 'clear'}
              disabled={busy !== null}
            >
              Back to due date
            </Button>
          ) : null}
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void save(date)}
            busy={busy === 'save'}
            disabled={busy !== null}
            data-testid="confirm-delay"
          >
            Plan for {valid ? day(date) : '…'}
          </Button>
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
        <DateField
          label="Pay on"
          error={dateErr}
          errorId="delay-date-error"
          value={date}
          min={today}
          onChange={setDate}
          data-testid="delay-date"
          extra={
            lateBy > 0 ? (
              <span className={`field-hint ${bill.criticalVendor ? 'tone-bad' : 'tone-warn'}`}>
                {plural(lateBy, 'day')} past the due date
                {bill.criticalVendor
                  ? ': this is a critical vendor, so a late payment may stop the service.'
                  : '.'}
              </span>
            ) : null
          }
        />
      </form>
      <RunwayImpact
        runway={runway}
        nowLabel="Runway as planned"
        afterLabel={`Paid ${valid ? day(date) : '…'}`}
        preview={preview}
        testId="delay-impact"
      />
      {error && !dateErr ? <ErrorNote error={error} /> : null}
    </Dialog>
  )
}
