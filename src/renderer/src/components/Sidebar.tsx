import type { CompanySummary } from '../../../shared/contract'

interface Props {
  companies: CompanySummary[]
  selectedId: string | null
  onSelect(id: string | null): void
}

export function Sidebar({ companies, selectedId, onSelect }: Props) {
  return (
    <aside className="sidebar" aria-label="Navigation">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        <span className="brand-name">Runway</span>
      </div>
      <nav className="nav">
        <button
          type="button"
          className={`nav-item ${selectedId === null ? 'active' : ''}`}
          onClick={() => onSelect(null)}
        >
          Portfolio
        </button>
      </nav>
      <div className="sidebar-section">
        <h2 className="sidebar-heading">Clients</h2>
        {companies.length === 0 ? (
          <p className="sidebar-empty">No companies connected</p>
        ) : (
          <ul className="company-list">
            {companies.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={`nav-item ${selectedId === c.id ? 'active' : ''}`}
                  onClick={() => onSelect(c.id)}
                >
                  <span className={`dot dot-${c.status}`} aria-hidden="true" />
                  {c.name}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </aside>
  )
}
