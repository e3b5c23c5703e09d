import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { CompanySummary } from '../../../shared/contract'
import { unsyncedRow, worstFirst } from '../lib/portfolio'
import { queries } from '../lib/queries'

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
  // The status dots come from the portfolio, whichever screen is open.
  const portfolio = useQuery(queries.portfolio)
  const byId = new Map((portfolio.data ?? []).map((r) => [r.companyId, r]))
  // Same order as the portfolio (worst first), so the list reads as a to-do list.
  const ordered = worstFirst(companies.map((c) => byId.get(c.id) ?? unsyncedRow(c)))
  const statusOf = new Map(companies.map((c) => [c.id, c.status]))
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
        {companies.length === 0 ? (
          <p className="sidebar-empty">No companies connected</p>
        ) : (
          <ul className="company-list">
            {ordered.map((r) => {
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
                <li key={r.companyId}>
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
