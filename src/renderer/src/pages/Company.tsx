import { useQuery } from '@tanstack/react-query'
import type { CompanySummary } from '../../../shared/contract'
import { Button } from '../components/Button'
import { TabPanel, Tabs, type TabItem } from '../components/Tabs'
import { ErrorNote } from '../components/ui'
import { queries } from '../lib/queries'
import { useAppStore, type CompanyTab } from '../stores/app'
import { useCompanySync, useSyncStore } from '../stores/sync'
import { Console } from './company/Console'
import { Forecast } from './company/Forecast'
import { Hygiene } from './company/Hygiene'
import { Overview } from './company/Overview'
import { Scenarios } from './company/Scenarios'

const tabs: TabItem<CompanyTab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'forecast', label: 'Forecast' },
  { id: 'console', label: 'Console' },
  { id: 'hygiene', label: 'Hygiene' },
  { id: 'scenarios', label: 'Scenarios' }
]

export function Company({
  company,
  onReconnect
}: {
  company: CompanySummary
  onReconnect(c: CompanySummary): void
}) {
  const runway = useQuery(queries.runway(company.id))
  // 'stale' before any complete sync: the core has no whole books to reason about yet.
  if ((runway.data && runway.data.dataAsOf === null) || runway.error?.value.kind === 'stale')
    return <NotSynced company={company} onReconnect={onReconnect} />
  return <Session company={company} />
}

/** Before the first sync there are no books to reason about: figures of zero would read as "healthy". */
function NotSynced({
  company,
  onReconnect
}: {
  company: CompanySummary
  onReconnect(c: CompanySummary): void
}) {
  const sync = useCompanySync(company.id)
  const syncNow = useSyncStore((s) => s.syncNow)
  const signedOut = company.status !== 'connected' || sync.failure?.kind === 'auth'
  return (
    <section className="empty-state" data-testid="not-synced">
      <h2>No figures for {company.name} yet</h2>
      <p>
        {signedOut
          ? 'QuickBooks signed this company out before its books could be copied. Reconnect it, then sync.'
          : 'Its books have not been copied to this computer yet. A first sync takes a minute or two for a typical client.'}
      </p>
      {sync.failure ? <ErrorNote error={sync.failure} /> : null}
      <div className="empty-actions">
        {signedOut ? (
          <Button variant="primary" size="large" onClick={() => onReconnect(company)}>
            Reconnect {company.name}
          </Button>
        ) : (
          <Button
            variant="primary"
            size="large"
            busy={sync.running}
            busyLabel="Syncing"
            onClick={() => void syncNow(company.id)}
          >
            {sync.running ? 'Syncing…' : 'Sync now'}
          </Button>
        )}
      </div>
    </section>
  )
}

function Session({ company }: { company: CompanySummary }) {
  const tab = useAppStore((s) => s.tab)
  const setTab = useAppStore((s) => s.setTab)
  // Counts on the tabs tell the bookkeeper where the work is before they click.
  const bills = useQuery(queries.bills(company.id))
  const hygiene = useQuery(queries.hygiene(company.id))
  const mustPay = bills.data?.filter((b) => b.category === 'must-pay').length
  const badge: Partial<Record<CompanyTab, string>> = {
    ...(mustPay ? { console: `${mustPay} must pay` } : {}),
    ...(hygiene.data ? { hygiene: `${hygiene.data.score}/100` } : {})
  }
  return (
    <div className="company">
      <Tabs
        tabs={tabs.map((t) => ({ ...t, badge: badge[t.id] }))}
        selected={tab}
        onSelect={setTab}
        label="Client session"
      />
      <TabPanel id={tab}>
        {tab === 'overview' ? <Overview companyId={company.id} /> : null}
        {tab === 'forecast' ? <Forecast companyId={company.id} /> : null}
        {tab === 'console' ? <Console companyId={company.id} /> : null}
        {tab === 'hygiene' ? <Hygiene companyId={company.id} /> : null}
        {tab === 'scenarios' ? <Scenarios companyId={company.id} /> : null}
      </TabPanel>
    </div>
  )
}
