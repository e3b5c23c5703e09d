import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { CompanySummary } from '../../../shared/contract'
import { unsyncedRow, worstFirst } from '../lib/portfolio'
import { queries } from '../lib/queries'

interface Props {
  companies: CompanySummary[]
  selectedId: string | null
  onSelect(id: string | null): void
}

export function Sidebar({ companies, selectedId, onSelect }: Props) {
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
      <nav className="nav">
        <NavItem current={selectedId === null} onClick={() => onSelect(null)}>
          <svg className="nav-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <rect
              x="1.5"
              y="1.5"
              width="5.5"
              height="5.5"
              rx="1.2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
            <rect
              x="9"
              y="1.5"
              width="5.5"
              height="5.5"
              rx="1.2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
            <rect
              x="1.5"
              y="9"
              width="5.5"
              height="5.5"
              rx="1.2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
            <rect
              x="9"
              y="9"
              width="5.5"
              height="5.5"
              rx="1.2"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
          </svg>
          Portfolio
        </NavItem>
      </nav>
      <div className="sidebar-section">
        <h2 className="sidebar-heading">Clients</h2>
        {companies.length === 0 ? (
          <p className="sidebar-empty">No companies connected</p>
        ) : (
          <ul className="company-list">
            {ordered.map((r) => {
              const connection = statusOf.get(r.companyId) ?? r.connection
              const status = r.snapshot?.status ?? 'unknown'
              const days = r.snapshot?.runwayDays
              return (
                <li key={r.companyId}>
                  <NavItem
                    current={selectedId === r.companyId}
                    onClick={() => onSelect(r.companyId)}
                    title={connection === 'connected' ? r.name : `${r.name}: needs reconnect`}
                  >
                    <span className="dot" data-status={status} aria-hidden="true" />
                    <span className="nav-label">{r.name}</span>
                    {connection !== 'connected' ? (
                      <span className="nav-flag" aria-label="needs reconnect">
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
