import type { CompanySummary } from '../../../shared/contract'
import { useAppStore, type CompanyTab } from '../stores/app'
import { ErrorNote, Spinner } from '../components/ui'
import { useResource } from '../stores/company'
import { useCompanySync, useSyncStore } from '../stores/sync'
import { Console } from './company/Console'
import { Hygiene } from './company/Hygiene'
import { Overview } from './company/Overview'
import { Scenarios } from './company/Scenarios'

const tabs: { id: CompanyTab; label: string }[] = [
  { id: 'overview', label: 'Digest' },
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
  const runway = useResource(company.id, 'runway')
  if (runway.data && runway.data.dataAsOf === null)
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
          <button
            type="button"
            className="button button-primary button-large"
            onClick={() => onReconnect(company)}
          >
            Reconnect {company.name}
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary button-large"
            disabled={sync.running}
            onClick={() => void syncNow(company.id)}
          >
            {sync.running ? <Spinner small label="Syncing" /> : null}
            {sync.running ? 'Syncing…' : 'Sync now'}
          </button>
        )}
      </div>
    </section>
  )
}

function Session({ company }: { company: CompanySummary }) {
  const tab = useAppStore((s) => s.tab)
  const setTab = useAppStore((s) => s.setTab)
  // Counts on the tabs tell the bookkeeper where the work is before they click.
  const bills = useResource(company.id, 'bills')
  const hygiene = useResource(company.id, 'hygiene')
  const mustPay = bills.data?.filter((b) => b.category === 'must-pay').length
  const badge: Partial<Record<CompanyTab, string>> = {
    ...(mustPay ? { console: `${mustPay} must pay` } : {}),
    ...(hygiene.data ? { hygiene: `${hygiene.data.score}/100` } : {})
  }
  return (
    <div className="company">
      <div className="tabs" role="tablist" aria-label="Client session">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            className={`tab ${tab === t.id ? 'tab-active' : ''}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
            {badge[t.id] ? <span className="tab-badge">{badge[t.id]}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'overview' ? <Overview companyId={company.id} /> : null}
        {tab === 'console' ? <Console companyId={company.id} /> : null}
        {tab === 'hygiene' ? <Hygiene companyId={company.id} /> : null}
        {tab === 'scenarios' ? <Scenarios companyId={company.id} /> : null}
      </div>
    </div>
  )
}
