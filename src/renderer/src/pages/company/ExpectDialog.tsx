// The bookkeeper's word on an invoice (or on all of its customer's): when the money will come, or
// that it will not. Kept on this computer; the forecast uses it at once and the activity log keeps it.

import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { InvoiceRow, RunwayView } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { Dialog } from '../../components/Dialog'
import { DateField } from '../../components/fields'
import { RunwayImpact } from '../../components/RunwayImpact'
import { ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { addDays, day } from '../../lib/format'
import { invalidateCompany } from '../../lib/queries'
import { useScenario } from '../../lib/useScenario'
import { notify } from '../../stores/notices'

interface Props {
  companyId: string
  invoice: InvoiceRow
  runway: RunwayView
  onClose(): void
}

export function ExpectDialog({ companyId, invoice, runway, onClose }: Props) {
  const today = runway.asOf
  const word = invoice.expectation
  const [date, setDate] = useState(word?.expectOn ?? invoice.forecast?.expectedDate ?? addDays(today, 7))
  const [wholeCustomer, setWholeCustomer] = useState(word?.scope === 'customer')
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState<'date' | 'wont' | 'clear' | null>(null)

  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= today
  // "Expect on" puts the whole invoice on that date, as collecting it in a scenario does.
  const preview = useScenario(
    companyId,
    valid && !wholeCustomer ? [{ kind: 'collect-invoice', invoiceId: invoice.id, by: date }] : null
  )
  const who = wholeCustomer
    ? `${invoice.customerName}'s invoices`
    : `Invoice ${invoice.docNumber ?? invoice.id}`

  const save = async (what: 'date' | 'wont' | 'clear') => {
    setError(null)
    if (what === 'date' && !valid) {
      setError({ kind: 'validation', field: 'expectOn', message: 'choose a date from today on' })
      return
    }
    setBusy(what)
    try {
      const word = what === 'date' ? { expectOn: date } : { wontCollect: true as const }
      if (wholeCustomer) {
        const customer = { companyId, customerId: invoice.customerId }
        if (what === 'clear') await call('customers.clearExpectation', customer)
        else await call('customers.setExpectation', { ...customer, ...word })
      } else {
        const one = { companyId, invoiceId: invoice.id }
        if (what === 'clear') await call('invoices.clearExpectation', one)
        else await call('invoices.setExpectation', { ...one, ...word })
      }
      notify({
        tone: 'success',
        text:
          what === 'clear'
            ? `${who}: expected from the payment history again.`
            : what === 'date'
              ? `${who}: expected on ${day(date)}.`
              : `${who}: left out of the forecast.`
      })
      onClose()
      void invalidateCompany(companyId)
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(null)
    }
  }

  const dateErr = fieldError(error, 'expectOn')
  const forecast = invoice.forecast
  return (
    <Dialog
      title={`When will ${invoice.customerName} pay?`}
      onClose={onClose}
      testId="expect-dialog"
      footer={
        <>
          {word && (word.scope === 'customer') === wholeCustomer ? (
            <Button
              className="button-left"
              onClick={() => void save('clear')}
              busy={busy === 'clear'}
              disabled={busy !== null}
              data-testid="expect-clear"
            >
              Back to the history
            </Button>
          ) : null}
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="warn"
            onClick={() => void save('wont')}
            busy={busy === 'wont'}
            disabled={busy !== null}
            data-testid="expect-wont-collect"
          >
            Won&apos;t collect
          </Button>
          <Button
            variant="primary"
            onClick={() => void save('date')}
            busy={busy === 'date'}
            disabled={busy !== null}
            data-testid="expect-confirm"
          >
            Expect on {valid ? day(date) : '…'}
          </Button>
        </>
      }
    >
      <p className="dialog-lead">
        Say what you know that the books do not. Nothing is sent to QuickBooks: the forecast counts the money
        on that date (all of it), or leaves it out.
      </p>
      <dl className="dialog-facts">
        <div>
          <dt>Due</dt>
          <dd>{day(invoice.dueDate)}</dd>
        </div>
        <div>
          <dt>Forecast now</dt>
          <dd data-testid="expect-now">
            {!forecast
              ? 'Covered by credits'
              : forecast.status === 'base'
                ? `${day(forecast.expectedDate)}, ${Math.round(forecast.chance * 100)}% likely`
                : forecast.status === 'upside'
                  ? 'Upside: past realistic collection'
                  : 'Left out: won’t collect'}
          </dd>
        </div>
      </dl>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void save('date')
        }}
      >
        <DateField
          label="Expect the money on"
          error={dateErr}
          errorId="expect-date-error"
          value={date}
          min={today}
          onChange={setDate}
          data-testid="expect-date"
        />
        <label className="toggle">
          <input
            type="checkbox"
            checked={wholeCustomer}
            onChange={(e) => setWholeCustomer(e.target.checked)}
            data-testid="expect-whole-customer"
          />
          <span>For all of {invoice.customerName}&apos;s open invoices</span>
        </label>
      </form>
      {wholeCustomer ? null : (
        <RunwayImpact
          runway={runway}
          nowLabel="Runway now"
          afterLabel={`Paid ${valid ? day(date) : '…'}`}
          preview={preview}
          testId="expect-impact"
        />
      )}
      {error && !dateErr ? <ErrorNote error={error} /> : null}
    </Dialog>
  )
}
