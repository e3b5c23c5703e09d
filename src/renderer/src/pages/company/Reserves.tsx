import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import { Card, ErrorNote, Loading, Spinner, TextField } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { day, money, moneyWhole, parseDollars } from '../../lib/format'
import { useCompanyStore, useResource } from '../../stores/company'

const kinds = ['Payroll', 'Tax', 'Rent', 'Emergency']

export function Reserves({ companyId }: { companyId: string }) {
  const reserves = useResource(companyId, 'reserves')
  const runway = useResource(companyId, 'runway')
  const put = useCompanyStore((s) => s.put)
  const load = useCompanyStore((s) => s.load)
  const [name, setName] = useState('')
  const [amount, setAmount] = useState('')
  const [until, setUntil] = useState('')
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const currency = runway.data?.homeCurrency ?? 'USD'

  const add = async () => {
    setError(null)
    if (!name.trim()) {
      setError({ kind: 'validation', field: 'name', message: 'name what the money is for' })
      return
    }
    const cents = parseDollars(amount)
    if (cents === null || cents <= 0) {
      setError({ kind: 'validation', field: 'amountCents', message: 'enter an amount, e.g. 15000' })
      return
    }
    setBusy('add')
    try {
      const list = await call('reserves.set', {
        companyId,
        name: name.trim(),
        amountCents: cents,
        until: until || null
      })
      put(companyId, 'reserves', list)
      setName('')
      setAmount('')
      setUntil('')
      void load(companyId, 'runway')
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(null)
    }
  }

  const remove = async (reserveId: string) => {
    setError(null)
    setBusy(reserveId)
    try {
      put(companyId, 'reserves', await call('reserves.remove', { companyId, reserveId }))
      void load(companyId, 'runway')
    } catch (e) {
      setError(toErrorValue(e))
    } finally {
      setBusy(null)
    }
  }

  const total = (reserves.data ?? []).reduce((s, r) => s + r.amountCents, 0)
  const nameErr = fieldError(error, 'name')
  const amountErr = fieldError(error, 'amountCents')
  const untilErr = fieldError(error, 'until')
  return (
    <Card
      title={
        <>
          <span className="section-dot section-reserve" aria-hidden="true" />
          Reserves
          <span className="card-count">{moneyWhole(total, currency)} earmarked</span>
        </>
      }
      testId="reserves"
    >
      <p className="card-sub">
        Earmarked cash is held back from the runway, so payroll and tax are covered before anything
        discretionary.
        {runway.data ? (
          <>
            {' '}
            Available after reserves:{' '}
            <strong data-testid="reserves-available">
              {moneyWhole(runway.data.availableCashCents, currency)}
            </strong>
          </>
        ) : null}
      </p>
      {!reserves.data ? (
        reserves.error ? (
          <ErrorNote error={reserves.error} onRetry={() => void load(companyId, 'reserves')} />
        ) : (
          <Loading what="reserves" />
        )
      ) : reserves.data.length === 0 ? (
        <p className="table-empty">Nothing earmarked yet.</p>
      ) : (
        <ul className="reserve-list">
          {reserves.data.map((r) => (
            <li key={r.id} data-testid="reserve-row">
              <span className="reserve-name">{r.name}</span>
              <span className="muted small">{r.until ? `until ${day(r.until)}` : 'no end date'}</span>
              <span className="amount">{money(r.amountCents, currency)}</span>
              <button
                type="button"
                className="link-button"
                onClick={() => void remove(r.id)}
                disabled={busy !== null}
                aria-label={`Remove reserve ${r.name}`}
              >
                {busy === r.id ? <Spinner small /> : 'Remove'}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="reserve-form"
        aria-label="Add a reserve"
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <TextField
          label="For"
          error={nameErr}
          errorId="reserve-name-error"
          list="reserve-kinds"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Payroll, Tax, Rent…"
          data-testid="reserve-name"
        >
          <datalist id="reserve-kinds">
            {kinds.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </TextField>
        <TextField
          label="Amount"
          error={amountErr}
          errorId="reserve-amount-error"
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          placeholder="0.00"
          data-testid="reserve-amount"
        />
        <TextField
          label="Until (optional)"
          error={untilErr}
          errorId="reserve-until-error"
          type="date"
          value={until}
          min={runway.data?.asOf}
          onChange={(e) => setUntil(e.target.value)}
        />
        <button
          type="submit"
          className="button button-primary"
          disabled={busy !== null}
          data-testid="add-reserve"
        >
          {busy === 'add' ? <Spinner small /> : null}
          Earmark
        </button>
      </form>
      {error && !nameErr && !amountErr && !untilErr ? <ErrorNote error={error} compact /> : null}
    </Card>
  )
}
