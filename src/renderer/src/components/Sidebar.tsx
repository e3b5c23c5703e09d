import type { CompanySummary } from '../../../shared/contract'
import type { PortfolioRow } from '../../../shared/runway'
import { worstFirst } from '../stores/portfolio'

interface Props {
  companies: CompanySummary[]
  rows: PortfolioRow[]
  selectedId: string | null
  onSelect(id: string | null): void
}

export function Sidebar({ companies, rows, selectedId, onSelect }: Props) {
  const byId = new Map(rows.map((r) => [r.companyId, r]))
  // Same order as the overview (worst first), so the list reads as a to-do list.
  const ordered = worstFirst(
    companies.map(
      (c) =>
        byId.get(c.id) ?? {
          companyId: c.id,
          name: c.name,
          connection: c.status,
          lastSyncAt: c.lastSyncAt,
          snapshot: null
        }
    )
  )
  const statusOf = new Map(companies.map((c) => [c.id, c.status]))
  return (
    <aside className="sidebar" aria-label="Navigation">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <svg viewBox="0 0 20 20" width="16" height="16">
            <path
              d="M3 15 L8 9 L11 12 L17 5"
              fill="none"
              stroke="white"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
        </span>
        <span className="brand-name">Runway</span>
      </div>
      <nav className="nav">
        <button
          type="button"
          className={`nav-item ${selectedId === null ? 'active' : ''}`}
          aria-current={selectedId === null ? 'page' : undefined}
          onClick={() => onSelect(null)}
        >
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
        </button>
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
              const days = r.snapshot?.effectiveRunwayDays
              return (
                <li key={r.companyId}>
                  <button
                    type="button"
                    className={`nav-item ${selectedId === r.companyId ? 'active' : ''}`}
                    aria-current={selectedId === r.companyId ? 'page' : undefined}
                    onClick={() => onSelect(r.companyId)}
                    title={connection === 'connected' ? r.name : `${r.name}: needs reconnect`}
                  >
                    <span className={`dot dot-${status}`} aria-hidden="true" />
                    <span className="nav-label">{r.name}</span>
                    {connection !== 'connected' ? (
                      <span className="nav-flag" aria-label="needs reconnect">
                        !
                      </span>
                    ) : days != null ? (
                      <span className="nav-days">{days}d</span>
                    ) : null}
                  </button>
                </li>
              )
            })}
          </ul>
        )}
      </div>
    </aside>
  )
}
