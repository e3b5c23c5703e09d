// The decisions of a client session: pay, delay, chase, earmark — each with its runway effect.

import { useQuery } from '@tanstack/react-query'
import { Stat } from '../../components/ui'
import { moneyWhole, plural } from '../../lib/format'
import { queries } from '../../lib/queries'
import { Bills } from './Bills'
import { Invoices } from './Invoices'
import { Reserves } from './Reserves'

export function Console({ companyId }: { companyId: string }) {
  const runway = useQuery(queries.runway(companyId))
  const bills = useQuery(queries.bills(companyId))
  const invoices = useQuery(queries.invoices(companyId))
  const currency = runway.data?.homeCurrency ?? 'USD'
  const must = bills.data?.filter((b) => b.category === 'must-pay') ?? []
  const delay = bills.data?.filter((b) => b.category === 'can-delay') ?? []
  const chase = invoices.data?.filter((i) => i.daysOverdue > 0) ?? []
  const sum = (xs: { balanceCents: number }[]) => xs.reduce((s, x) => s + x.balanceCents, 0)
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
      <Bills companyId={companyId} />
      <Invoices companyId={companyId} />
      <Reserves companyId={companyId} />
    </div>
  )
}
