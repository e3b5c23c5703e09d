import { useEffect } from 'react'
import { Header } from './components/Header'
import { Sidebar } from './components/Sidebar'
import { onEvent } from './lib/api'
import { Portfolio } from './pages/Portfolio'
import { useAppStore } from './stores/app'

export function App() {
  const { info, companies, selectedCompanyId, load, error, refresh, selectCompany } = useAppStore()

  useEffect(() => {
    void refresh()
    return onEvent('companies.changed', () => void refresh())
  }, [refresh])

  const selected = companies.find((c) => c.id === selectedCompanyId) ?? null
  const subtitle =
    load === 'ready'
      ? `${companies.length} ${companies.length === 1 ? 'company' : 'companies'}`
      : load === 'loading'
        ? 'Loading…'
        : undefined

  return (
    <div className="layout">
      <Sidebar companies={companies} selectedId={selectedCompanyId} onSelect={selectCompany} />
      <div className="main">
        <Header title={selected ? selected.name : 'Portfolio'} subtitle={subtitle} info={info} />
        <main className="content">
          {load === 'error' ? (
            <div className="error-banner" role="alert">
              Could not load: {error}{' '}
              <button type="button" onClick={() => void refresh()}>
                Try again
              </button>
            </div>
          ) : null}
          <Portfolio companies={companies} />
        </main>
      </div>
    </div>
  )
}
