import { useRef, type ReactNode } from 'react'
import type { CompanySummary, PortfolioSort } from '../../../shared/contract'
import { usePortfolioWindow, useScrollView } from '../lib/portfolio'

/** Every client's entry is this tall, so the list knows which are in view from its scroll offset. */
const CLIENT_ROW = 34
const OVERSCAN = 4
const WORST_FIRST: PortfolioSort = { key: 'worst', dir: 'asc' }

interface NavEntry<S extends string> {
  id: S
  label: string
  icon: ReactNode
}

interface Props<S extends string> {
  /** The screens besides the clients, in order (src/renderer/src/screens.tsx). */
  nav: NavEntry<S>[]
  /** The screen open, or null while a client's is. */
  currentScreen: S | null
  onGo(screen: S): void
  companies: CompanySummary[]
  /** The client open, or null. */
  selectedId: string | null
  onSelect(id: string): void
  /** Adding a client is always one click away, whatever screen is open. */
  onAddClient(): void
}

export function Sidebar<S extends string>({
  nav,
  currentScreen,
  onGo,
  companies,
  selectedId,
  onSelect,
  onAddClient
}: Props<S>) {
  const statusOf = new Map(companies.map((c) => [c.id, c.status]))
  const hasClients = companies.length > 0
  const list = useRef<HTMLDivElement>(null)
  const view = useScrollView(list, 600, hasClients)
  const first = Math.max(0, Math.floor(view.top / CLIENT_ROW) - OVERSCAN)
  const end = Math.ceil((view.top + view.height) / CLIENT_ROW) + OVERSCAN
  // The status dots and days come from the client list, worst first whichever screen is open, so the
  // list reads as a to-do list; only the rows in view are asked for and drawn.
  const clients = usePortfolioWindow(WORST_FIRST, {}, first, end)
  const count = clients.list?.total ?? companies.length
  const last = Math.min(count, end)
  return (
    <aside className="sidebar" aria-label="Navigation">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 20 20" width="16" height="16">
            <path
              d="M3 15 L8 9 L11 12 L17 5"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </span>
        <span className="brand-name">Runway</span>
      </div>
      <nav className="nav" aria-label="Screens">
        {nav.map((n) => (
          <NavItem key={n.id} current={currentScreen === n.id} onClick={() => onGo(n.id)}>
            {n.icon}
            {n.label}
          </NavItem>
        ))}
      </nav>
      <div className="sidebar-section">
        <div className="sidebar-heading-row">
          <h2 className="sidebar-heading">Clients</h2>
          <button
            type="button"
            className="sidebar-add"
            onClick={onAddClient}
            data-testid="sidebar-add-client"
            title="Add a client: sign it in to QuickBooks in your browser"
          >
            + Add client
          </button>
        </div>
        {!hasClients ? (
          <p className="sidebar-empty">No companies connected</p>
        ) : (
          <div className="company-scroller" ref={list} data-testid="sidebar-clients">
            <ul className="company-list" style={{ height: count * CLIENT_ROW }}>
              {Array.from({ length: Math.max(0, last - first) }, (_, i) => {
                const index = first + i
                const style = { transform: `translateY(${index * CLIENT_ROW}px)` }
                const r = clients.rowAt(index)
                if (!r)
                  return (
                    <li key={`pending-${index}`} style={style} aria-busy="true">
                      <span className="nav-item nav-pending">
                        <span className="dot" data-status="unknown" aria-hidden="true" />
                      </span>
                    </li>
                  )
                const connection = statusOf.get(r.companyId) ?? r.connection
                const status = r.snapshot?.status ?? 'unknown'
                const days = r.snapshot?.runwayDays
                const state =
                  connection === 'needs-reconnect'
                    ? ': needs reconnect'
                    : connection === 'disconnected'
                      ? ': disconnected (read-only)'
                      : ''
                return (
                  <li key={r.companyId} style={style}>
                    <NavItem
                      current={selectedId === r.companyId}
                      onClick={() => onSelect(r.companyId)}
                      title={`${r.name}${state}`}
                    >
                      <span className="dot" data-status={status} aria-hidden="true" />
                      <span className="nav-label">{r.name}</span>
                      {r.demo ? <span className="nav-demo">Demo</span> : null}
                      {connection !== 'connected' ? (
                        <span className="nav-flag" aria-label={state.slice(2)}>
                          !
                        </span>
                      ) : days != null ? (
                        <span className="nav-days">{days}d</span>
                      ) : null}
                    </NavItem>
                  </li>
                )
              })}
            </ul>
          </div>
        )}
      </div>
    </aside>
  )
}

function NavItem({
  current,
  onClick,
  title,
  children
}: {
  current: boolean
  onClick(): void
  title?: string
  children: ReactNode
}) {
  return (
    <button
      type="button"
      className={current ? 'nav-item active' : 'nav-item'}
      aria-current={current ? 'page' : undefined}
      onClick={onClick}
      title={title}
    >
      {children}
    </button>
  )
}
