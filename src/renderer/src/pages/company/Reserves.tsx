import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { ReserveView } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { DateField, MoneyField, TextField } from '../../components/fields'
import { Loading, Spinner } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { DateText, Money } from '../../components/values'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { moneyWhole, parseDollars } from '../../lib/format'
import { queries, queryClient } from '../../lib/queries'

const kinds = ['Payroll', 'Tax', 'Rent', 'Emergency']

export function Reserves({ companyId }: { companyId: string }) {
  const reserves = useQuery(queries.reserves(companyId))
  const runway = useQuery(queries.runway(companyId))
  const [name, setName] = useState('')
  const [amount, setAmount] = useState('')
  const [until, setUntil] = useState('')
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const currency = runway.data?.homeCurrency ?? 'USD'

  /** The core answers with the new list: shown at once, and the runway reloaded for its new total. */
  const saved = async (list: ReserveView[]) => {
    const reservesKey = queries.reserves(companyId).queryKey
    await queryClient.cancelQueries({ queryKey: reservesKey })
    queryClient.setQueryData(reservesKey, list)
    void queryClient.invalidateQueries({ queryKey: queries.runway(companyId).queryKey })
  }

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
      await saved(list)
      setName('')
      setAmount('')
      setUntil('')
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
      await saved(await call('reserves.remove', { companyId, reserveId }))
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
      title="Reserves"
      marker="reserve"
      count={`${moneyWhole(total, currency)} earmarked`}
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
              <Money cents={runway.data.availableCashCents} currency={currency} whole />
            </strong>
          </>
        ) : null}
      </p>
      {!reserves.data ? (
        reserves.error ? (
          <ErrorNote error={reserves.error.value} onRetry={() => void reserves.refetch()} />
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
              <span className="muted small">
                {r.until ? (
                  <>
                    until <DateText date={r.until} />
                  </>
                ) : (
                  'no end date'
                )}
              </span>
              <Money cents={r.amountCents} currency={currency} />
              <Button
                variant="link"
                onClick={() => void remove(r.id)}
                disabled={busy !== null}
                aria-label={`Remove reserve ${r.name}`}
              >
                {busy === r.id ? <Spinner small /> : 'Remove'}
              </Button>
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
          extra={
            <datalist id="reserve-kinds">
              {kinds.map((k) => (
                <option key={k} value={k} />
              ))}
            </datalist>
          }
        />
        <MoneyField
          label="Amount"
          error={amountErr}
          errorId="reserve-amount-error"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          data-testid="reserve-amount"
        />
        <DateField
          label="Until (optional)"
          error={untilErr}
          errorId="reserve-until-error"
          value={until}
          min={runway.data?.asOf}
          onChange={setUntil}
        />
        <Button
          type="submit"
          variant="primary"
          busy={busy === 'add'}
          disabled={busy !== null}
          data-testid="add-reserve"
        >
          Earmark
        </Button>
      </form>
      {error && !nameErr && !amountErr && !untilErr ? <ErrorNote error={error} compact /> : null}
    </Card>
  )
}
