// Where this computer keeps the books' copy, the settings and the logs: shown so a bookkeeper can
// back it up; "Open logs" opens the log folder in the desktop app and says where it is elsewhere.

import { useMutation, useQuery } from '@tanstack/react-query'
import { Button } from '../../components/Button'
import { ErrorNote } from '../../components/ui'
import { call, type ApiError } from '../../lib/api'
import { queries } from '../../lib/queries'

export function DataFolderSection() {
  const info = useQuery(queries.appInfo)
  const logs = useMutation<{ path: string; opened: boolean }, ApiError>({
    mutationFn: () => call('app.openLogs')
  })
  return (
    <div className="settings-form">
      <p className="settings-hint">
        The local copy of every client&apos;s books, the audit trail and these settings live in this folder.
      </p>
      <div className="settings-path" data-testid="data-dir">
        {info.data?.dataDir ?? '…'}
      </div>
      <div className="settings-actions">
        <Button
          onClick={() => logs.mutate()}
          busy={logs.isPending}
          busyLabel="Opening"
          data-testid="open-logs"
        >
          Open logs
        </Button>
        {logs.data ? (
          <span className="settings-hint" role="status" data-testid="logs-path">
            {logs.data.opened ? 'Opened ' : 'The logs are in '}
            <span className="settings-path">{logs.data.path}</span>
          </span>
        ) : null}
      </div>
      {logs.error ? <ErrorNote error={logs.error.value} compact /> : null}
    </div>
  )
}
