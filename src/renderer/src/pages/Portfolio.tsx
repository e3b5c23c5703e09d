import type { CompanySummary } from '../../../shared/contract'

interface Props {
  companies: CompanySummary[]
}

const statusLabel: Record<CompanySummary['status'], string> = {
  connected: 'Connected',
  'needs-reconnect': 'Needs reconnect',
  disconnected: 'Disconnected'
}

export function Portfolio({ companies }: Props) {
  if (companies.length === 0) {
    return (
      <section className="empty-state" data-testid="empty-portfolio">
        <h2>No client companies yet</h2>
        <p>
          Connect a QuickBooks Online company to see its cash runway, the bills that must be paid and the
          invoices worth chasing. Everything is kept on this computer, so it opens instantly and works
          offline.
        </p>
      </section>
    )
  }
  return (
    <section>
      <table className="table" data-testid="company-table">
        <thead>
          <tr>
            <th>Company</th>
            <th>Status</th>
            <th>Last synced</th>
          </tr>
        </thead>
        <tbody>
          {companies.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{statusLabel[c.status]}</td>
              <td>{c.lastSyncAt ? new Date(c.lastSyncAt).toLocaleString() : 'Never'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
