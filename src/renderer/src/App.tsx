import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { CompanySummary } from '../../shared/contract'
import { ClientJumper } from './components/ClientJumper'
import { ConnectDialog } from './components/ConnectDialog'
import { Header } from './components/Header'
import { Notices } from './components/Notices'
import { ShortcutsDialog } from './components/ShortcutsDialog'
import { Sidebar } from './components/Sidebar'
import { ErrorNote } from './components/ui'
import { connectEvents } from './lib/events'
import { queries } from './lib/queries'
import { useShortcuts } from './lib/shortcuts'
import { useThemeSetting } from './lib/theme'
import { Company } from './pages/Company'
import { navScreen, navScreens, type ScreenContext } from './screens'
import { useAppStore } from './stores/app'
import { syncConnected, useSyncStore } from './stores/sync'

export function App() {
  const client = useQueryClient()
  const info = useQuery(queries.appInfo)
  const companies = useQuery(queries.companies)
  const selectedCompanyId = useAppStore((s) => s.selectedCompanyId)
  const screen = useAppStore((s) => s.screen)
  const selectCompany = useAppStore((s) => s.selectCompany)
  const go = useAppStore((s) => s.go)
  const [connecting, setConnecting] = useState<{ company: CompanySummary | null } | null>(null)

  const [overlay, setOverlay] = useState<'jump' | 'help' | null>(null)

  useEffect(() => connectEvents(client), [client])
  useThemeSetting()

  const list = companies.data ?? []
  // A company removed elsewhere takes the user back to the portfolio, not to a dead screen.
  const selected = screen === 'company' ? (list.find((c) => c.id === selectedCompanyId) ?? null) : null
  const page = navScreen(screen === 'company' ? 'portfolio' : screen)
  const ctx: ScreenContext = { connect: (company) => setConnecting({ company }) }
  useShortcuts((id) => {
    if (id === 'jump') setOverlay('jump')
    else if (id === 'help') setOverlay('help')
    else if (id === 'sync') {
      if (selected) void useSyncStore.getState().syncNow(selected.id)
      else if (page.id === 'portfolio') void syncConnected(list)
    } else go(id)
  })
  const subtitle =
    page.id !== 'portfolio'
      ? page.subtitle
      : companies.data
        ? `${list.length} ${list.length === 1 ? 'company' : 'companies'} · worst first`
        : companies.isPending
          ? 'Loading…'
          : undefined

  return (
    <div className="layout">
      <Sidebar
        nav={navScreens}
        currentScreen={selected ? null : page.id}
        onGo={go}
        companies={list}
        selectedId={selected?.id ?? null}
        onSelect={(id) => selectCompany(id)}
        onAddClient={() => setConnecting({ company: null })}
      />
      <div className="main">
        <Header
          title={selected ? selected.name : page.label}
          subtitle={subtitle}
          info={info.data ?? null}
          company={selected}
          onReconnect={(company) => setConnecting({ company })}
        />
        <main className="content">
          {companies.error ? (
            <ErrorNote error={companies.error.value} onRetry={() => void companies.refetch()} />
          ) : null}
          {selected ? (
            <Company
              key={selected.id}
              company={selected}
              onReconnect={(company) => setConnecting({ company })}
            />
          ) : (
            page.render(ctx)
          )}
        </main>
      </div>
      {connecting ? (
        <ConnectDialog
          company={connecting.company}
          onClose={() => setConnecting(null)}
          onOpenKeys={() => {
            setConnecting(null)
            go('settings')
            requestAnimationFrame(() => document.getElementById('settings-intuit')?.scrollIntoView())
          }}
        />
      ) : null}
      {overlay === 'jump' ? (
        <ClientJumper
          companies={list}
          onClose={() => setOverlay(null)}
          onPick={(id) => {
            setOverlay(null)
            selectCompany(id)
          }}
        />
      ) : null}
      {overlay === 'help' ? <ShortcutsDialog onClose={() => setOverlay(null)} /> : null}
      <Notices />
    </div>
  )
}
