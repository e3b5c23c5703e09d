// Where this computer keeps the books' copy and the settings: shown so a bookkeeper can back it up.

import { useQuery } from '@tanstack/react-query'
import { queries } from '../../lib/queries'

export function DataFolderSection() {
  const info = useQuery(queries.appInfo)
  return (
    <div className="settings-form">
      <p className="settings-hint">
        The local copy of every client&apos;s books, the audit trail and these settings live in this folder.
      </p>
      <div className="settings-path" data-testid="data-dir">
        {info.data?.dataDir ?? '…'}
      </div>
    </div>
  )
}
