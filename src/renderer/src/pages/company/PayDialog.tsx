import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { ErrorValue } from '../../../../shared/errors'
import type { BillRow, RunwayView } from '../../../../shared/views'
import { Button } from '../../components/Button'
import { Dialog } from '../../components/Dialog'
import { DateField, Field, MoneyField, SelectField } from '../../components/fields'
import { RunwayImpact } from '../../components/RunwayImpact'
import { Spinner } from '../../components/Spinner'
import { ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { fieldError, toErrorValue } from '../../lib/errors'
import { day, money, parseDollars, runwayDays } from '../../lib/format'
import { invalidateCompany, queries, queryClient } from '../../lib/queries'
import { useScenario } from '../../lib/useScenario'
import { notify, queuedKey } from '../../stores/notices'

interface Props {
  companyId: string
  bill: BillRow
  runway: RunwayView
  onClose(): void
}

export function PayDialog({ companyId, bill, runway, onClose }: Props) {
  const accounts = useQuery(queries.accounts(companyId))
  const currency = runway.homeCurrency
  const today = runway.asOf
  const [accountId, setAccountId] = useState<string | null>(null)
  const [date, setDate] = useState(today)
  const [amountText, setAmountText] = useState((bill.balanceCents / 100).toFixed(2))
  const [error, setError] = useState<ErrorValue | null>(null)
  const [busy, setBusy] = useState(false)
  const [slow, setSlow] = useState(false)
  // A payment that takes long is QuickBooks not answering; say so, and that nothing is lost.
  useEffect(() => {
    if (!busy) return
    const timer = setTimeout(() => setSlow(true), 4000)
    return () => {
      clearTimeout(timer)
      setSlow(false)
    }
  }, [busy])

  // Default to the bank account with the most money in it: the one a bookkeeper would pick.
  const defaultAccount = useMemo(() => {
    const banks = (accounts.data ?? []).filter((a) => a.type === 'Bank')
    return [...banks].sort((a, b) => b.balanceCents - a.balanceCents)[0] ?? accounts.data?.[0] ?? null
  }, [accounts.data])
  const account = accounts.data?.find((a) => a.id === accountId) ?? defaultAccount
  const amount = parseDollars(amountText)
  const partial = amount !== null && amount < bill.balanceCents

  // The runway after paying on the chosen date: the forecast with this bill moved to that date.
  const preview = useScenario(companyId, date ? [{ kind: 'delay-bill', billId: bill.id, to: date }] : null)

  const submit = async () => {
    setError(null)
    if (!account) {
      setError({ kind: 'validation', field: 'bankAccountId', message: 'choose the account to pay from' })
      return
    }
    if (amount === null || amount <= 0) {
      setError({ kind: 'validation', field: 'amountCents', message: 'enter the amount to pay, e.g. 1250.00' })
      return
    }
    if (amount > bill.balanceCents) {
      setError({
        kind: 'validation',
        field: 'amountCents',
        message: `the bill's open balance is ${money(bill.balanceCents, currency)}`
      })
      return
    }
    setBusy(true)
    try {
      const result = await call('bills.pay', {
        companyId,
        billIds: [bill.id],
        bankAccountId: account.id,
        paymentDate: date,
        ...(partial ? { amountCents: amount } : {}),
        // What this dialog shows: if a sync changed the bill meanwhile, the core refuses rather than pay another amount.
        confirmedCents: amount
      })
      if (result.status === 'queued') {
        notify(
          {
            tone: 'warning',
            text: `Working offline: the payment of ${money(amount, currency)} to ${bill.vendorName} is queued and will be sent to QuickBooks once it can be reached.`,
            // Taken away, with a confirmation, when the outbox has sent it (lib/events).
            key: queuedKey(companyId)
          },
          10_000
        )
      } else {
        const [before, after] = [result.runwayBefore, result.runwayAfter].map((d) =>
          runwayDays(d).toLowerCase()
        )
        const change =
          result.runwayBefore === result.runwayAfter
            ? ` Runway unchanged at ${after}.`
            : ` Runway ${before} → ${after}.`
        notify({
          tone: 'success',
          text: `Paid ${bill.vendorName} ${money(amount, currency)} from ${account.name}.${change}`
        })
      }
      onClose()
      await invalidateCompany(companyId)
    } catch (e) {
      const err = toErrorValue(e)
      setError(err)
      // Someone changed the bill in QuickBooks: show the current version behind the dialog.
      if (err.kind === 'stale' || err.kind === 'not-found' || err.kind === 'conflict')
        void queryClient.invalidateQueries({ queryKey: queries.bills(companyId).queryKey })
    } finally {
      setBusy(false)
    }
  }

  const accountErr = fieldError(error, 'bankAccountId')
  const dateErr = fieldError(error, 'paymentDate')
  const amountErr = fieldError(error, 'amountCents')
  const otherError = error && !accountErr && !dateErr && !amountErr ? error : null
  const short = account && account.type === 'Bank' && amount !== null && account.balanceCents < amount

  return (
    <Dialog
      title={`Pay ${bill.vendorName}`}
      onClose={onClose}
      testId="pay-dialog"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="primary"
            onClick={() => void submit()}
            busy={busy}
            busyLabel="Paying"
            disabled={!accounts.data}
            data-testid="confirm-pay"
          >
            {busy ? 'Recording payment…' : `Pay ${amount !== null ? money(amount, currency) : ''}`}
          </Button>
        </>
      }
    >
      <dl className="dialog-facts">
        <div>
          <dt>Bill</dt>
          <dd>
            {bill.docNumber ? `#${bill.docNumber} · ` : ''}
            {money(bill.balanceCents, currency)} open
            {bill.balanceCents !== bill.totalCents ? ` of ${money(bill.totalCents, currency)}` : ''}
          </dd>
        </div>
        <div>
          <dt>Due</dt>
          <dd>{bill.dueDate ? day(bill.dueDate) : 'No due date'}</dd>
        </div>
      </dl>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        {accounts.data ? (
          <SelectField
            label="Pay from"
            error={accountErr}
            errorId="pay-account-error"
            value={account?.id ?? ''}
            onChange={(e) => setAccountId(e.target.value)}
            data-testid="pay-account"
            extra={
              short ? (
                <span className="field-hint tone-warn">
                  {account.name} holds only {money(account.balanceCents, currency)}.
                </span>
              ) : null
            }
          >
            {accounts.data.length === 0 ? <option value="">No bank accounts in QuickBooks</option> : null}
            {accounts.data.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.type === 'Bank' ? 'bank' : 'credit card'}) · {money(a.balanceCents, currency)}
              </option>
            ))}
          </SelectField>
        ) : (
          <Field label="Pay from" error={accountErr} errorId="pay-account-error">
            {accounts.error ? (
              <ErrorNote error={accounts.error.value} onRetry={() => void accounts.refetch()} compact />
            ) : (
              <span className="muted">
                <Spinner small /> Loading accounts…
              </span>
            )}
          </Field>
        )}
        <div className="field-row">
          <DateField
            label="Payment date"
            error={dateErr}
            errorId="pay-date-error"
            value={date}
            min={today}
            onChange={setDate}
            data-testid="pay-date"
          />
          <MoneyField
            label="Amount"
            error={amountErr}
            errorId="pay-amount-error"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            data-testid="pay-amount"
            extra={
              partial ? (
                <span className="field-hint">
                  Part payment: {money(bill.balanceCents - amount, currency)} stays open.
                </span>
              ) : null
            }
          />
        </div>
      </form>
      <RunwayImpact
        runway={runway}
        nowLabel="Runway now"
        afterLabel={`After paying ${date === today ? 'today' : day(date)}`}
        preview={preview}
        showCashZero
        testId="pay-impact"
      />
      {partial ? <p className="muted small">The preview shows the full balance paid.</p> : null}
      {busy && slow ? (
        <p className="slow-note" role="status" data-testid="pay-slow">
          <Spinner small /> QuickBooks is slow to answer. If it cannot be reached, the payment is kept here
          and sent once it can — it will never be recorded twice.
        </p>
      ) : null}
      {otherError ? <ErrorNote error={otherError} /> : null}
    </Dialog>
  )
}
