// The decisions of a client session: pay, delay, chase, earmark — each with its runway effect. When
// the company cannot pay what it owes, the payment plan comes first: it is the decision.

import { useQuery } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { Button } from '../../components/Button'
import { Card, Stat } from '../../components/ui'
import { moneyWhole, plural } from '../../lib/format'
import { planLeads } from '../../lib/plan'
import { queries } from '../../lib/queries'
import { usePlanStore } from '../../stores/plan'
import { Bills } from './Bills'
import { Invoices } from './Invoices'
import { PaymentPlan } from './PaymentPlan'
import { Reserves } from './Reserves'

export function Console({ companyId }: { companyId: string }) {
  const runway = useQuery(queries.runway(companyId))
  const bills = useQuery(queries.bills(companyId))
  const invoices = useQuery(queries.invoices(companyId))
  const minCash = usePlanStore((s) => s.minCash[companyId] ?? null)
  const setMinCash = usePlanStore((s) => s.setMinCash)
  const plan = useQuery({
    ...queries.plan(companyId, minCash),
    // A new minimum keeps the last plan on screen until the next one lands, never another client's.
    placeholderData: (previous, query) => (query?.queryKey[1] === companyId ? previous : undefined)
  })
  const [planOpen, setPlanOpen] = useState(false)
  const onMinCash = useCallback(
    (cents: number | null) => setMinCash(companyId, cents),
    [companyId, setMinCash]
  )
  const currency = runway.data?.homeCurrency ?? 'USD'
  const must = bills.data?.filter((b) => b.category === 'must-pay') ?? []
  const delay = bills.data?.filter((b) => b.category === 'can-delay') ?? []
  const chase = invoices.data?.filter((i) => i.daysOverdue > 0) ?? []
  const sum = (xs: { balanceCents: number }[]) => xs.reduce((s, x) => s + x.balanceCents, 0)
  const leads =
    plan.data !== undefined &&
    runway.data !== undefined &&
    bills.data !== undefined &&
    planLeads(plan.data, sum(must), runway.data.availableCashCents)

  const planCard = plan.data ? (
    <PaymentPlan
      key={companyId}
      companyId={companyId}
      plan={plan.data}
      loading={plan.isFetching}
      error={plan.error?.value ?? null}
      onRetry={() => void plan.refetch()}
      currency={currency}
      cashZeroDate={runway.data?.cashZeroDate ?? null}
      companyMinCents={runway.data?.minCashCents ?? plan.data.minCashCents}
      onMinCash={onMinCash}
    />
  ) : null

  return (
    <div className="stack" data-testid="console">
      <div className="stat-strip stat-strip-4">
        <Stat
          label="Must pay"
          value={bills.data ? moneyWhole(sum(must), currency) : '…'}
          hint={bills.data ? plural(must.length, 'bill') : undefined}
          tone={must.length > 0 ? 'bad' : undefined}
        />
        <Stat
          label="Can delay"
          value={bills.data ? moneyWhole(sum(delay), currency) : '…'}
          hint={bills.data ? plural(delay.length, 'bill') : undefined}
        />
        <Stat
          label="Overdue to chase"
          value={invoices.data ? moneyWhole(sum(chase), currency) : '…'}
          hint={invoices.data ? plural(chase.length, 'invoice') : undefined}
          tone={chase.length > 0 ? 'warn' : undefined}
        />
        <Stat
          label="Available after reserves"
          value={runway.data ? moneyWhole(runway.data.availableCashCents, currency) : '…'}
          hint={runway.data ? `of ${moneyWhole(runway.data.cashCents, currency)} in the bank` : undefined}
          testId="console-available"
        />
      </div>
      {leads ? planCard : null}
      <Bills companyId={companyId} plan={plan.data} />
      <Invoices companyId={companyId} />
      <Reserves companyId={companyId} />
      {!leads && plan.data ? (
        planOpen ? (
          planCard
        ) : (
          <Card
            title="Payment plan"
            marker="decision"
            testId="payment-plan-fits"
            actions={
              <Button size="small" onClick={() => setPlanOpen(true)}>
                Show the plan
              </Button>
            }
          >
            <p className="card-sub plan-fits">
              Every bill fits on its due date and cash stays above{' '}
              {moneyWhole(plan.data.minCashCents, currency)}: nothing to plan.
            </p>
          </Card>
        )
      ) : null}
    </div>
  )
}
