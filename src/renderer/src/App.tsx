import { useEffect, useState } from 'react'
import type { CompanySummary } from '../../shared/contract'
import { ConnectDialog } from './components/ConnectDialog'
import { Header } from './components/Header'
import { Notices } from './components/Notices'
import { Sidebar } from './components/Sidebar'
import { ErrorNote } from './components/ui'
import { Company } from './pages/Company'
import { Portfolio } from './pages/Portfolio'
import { useAppStore } from './stores/app'
import { connectEvents } from './stores/events'
import { useOutboxStore } from './stores/outbox'
import { usePortfolioStore } from './stores/portfolio'

export function App() {
  const { info, companies, selectedCompanyId, load, error, refresh, selectCompany } = useAppStore()
  const rows = usePortfolioStore((s) => s.rows)
  const [connecting, setConnecting] = useState<{ company: CompanySummary | null } | null>(null)

  useEffect(() => {
    void refresh()
    // The sidebar's status dots come from the portfolio, whichever screen opens first.
    void usePortfolioStore.getState().refresh()
    void useOutboxStore.getState().refresh()
    return connectEvents()
  }, [refresh])

  const selected = companies.find((c) => c.id === selectedCompanyId) ?? null
  const subtitle =
    load === 'ready'
      ? `${companies.length} ${companies.length === 1 ? 'company' : 'companies'} · worst first`
      : load === 'loading'
        ? 'Loading…'
        : undefined

  return (
    <div className="layout">
      <Sidebar
        companies={companies}
        rows={rows}
        selectedId={selectedCompanyId}
        onSelect={(id) => selectCompany(id)}
      />
      <div className="main">
        <Header
          title={selected ? selected.name : 'Portfolio'}
          subtitle={subtitle}
          info={info}
          company={selected}
          onReconnect={(company) => setConnecting({ company })}
        />
        <main className="content">
          {load === 'error' && error ? <ErrorNote error={error} onRetry={() => void refresh()} /> : null}
          {selected ? (
            <Company
              key={selected.id}
              company={selected}
              onReconnect={(company) => setConnecting({ company })}
            />
          ) : (
            <Portfolio onConnect={() => setConnecting({ company: null })} />
          )}
        </main>
      </div>
      {connecting ? <ConnectDialog company={connecting.company} onClose={() => setConnecting(null)} /> : null}
      <Notices />
    </div>
  )
}
