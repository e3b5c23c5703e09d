// The test drive from Settings: the empty portfolio offers it only to a new user, so someone who has
// left it, with real clients listed, comes back to it here.

import { useQuery } from '@tanstack/react-query'
import { Button } from '../../components/Button'
import { ErrorNote } from '../../components/ui'
import { queries } from '../../lib/queries'
import { useTestDriveStore } from '../../stores/testDrive'

export function TestDriveSection() {
  const companies = useQuery(queries.companies)
  const { state, error, start, reset, end } = useTestDriveStore()
  const demos = (companies.data ?? []).filter((c) => c.demo).length
  const running = state === 'running'
  return (
    <div className="settings-form">
      <p className="settings-hint" data-testid="test-drive-status">
        {demos > 0
          ? `The test drive is on: ${demos} demo ${demos === 1 ? 'company' : 'companies'}, marked Demo, beside your clients.`
          : 'Three demo companies on a local QuickBooks sandbox, marked Demo beside your clients: nothing leaves this computer, and leaving removes them.'}
      </p>
      <div className="settings-actions">
        {demos > 0 ? (
          <>
            <Button
              onClick={() => void reset()}
              busy={running}
              busyLabel="Restarting"
              data-testid="settings-test-drive-reset"
            >
              Restart the test drive
            </Button>
            <Button onClick={() => void end()} disabled={running} data-testid="settings-test-drive-end">
              Leave the test drive
            </Button>
          </>
        ) : (
          <Button
            onClick={() => void start()}
            busy={running}
            busyLabel="Starting"
            data-testid="settings-test-drive-start"
          >
            Take the test drive
          </Button>
        )}
      </div>
      {error ? <ErrorNote error={error} compact /> : null}
    </div>
  )
}
