// Activity: the audit trail of every decision and action, newest first.

import { useQuery } from '@tanstack/react-query'
import { DataTable } from '../../components/DataTable'
import { Loading } from '../../components/Spinner'
import { Card, ErrorNote } from '../../components/ui'
import { call } from '../../lib/api'
import { instant } from '../../lib/format'

export function ActivityPage() {
  const activity = useQuery({ queryKey: ['activity'], queryFn: () => call('activity.list', { limit: 500 }) })
  if (activity.error)
    return <ErrorNote error={activity.error.value} onRetry={() => void activity.refetch()} />
  if (!activity.data) return <Loading what="the activity" />
  return (
    <Card title="Decisions and actions" count={activity.data.length} testId="activity-audit">
      <DataTable
        columns={[{ header: 'When', width: 140 }, { header: 'Who', width: 120 }, { header: 'What' }]}
        rows={activity.data}
        empty="Nothing has been done yet."
        renderRow={(e) => (
          <tr key={e.id}>
            <td>{instant(e.at)}</td>
            <td>{e.actor}</td>
            <td>{e.action}</td>
          </tr>
        )}
      />
    </Card>
  )
}
