// How often each client's books are copied from QuickBooks: while the app is in use, and when idle.

import { TextField } from '../../components/fields'
import { SettingsForm, wholeNumber } from './SettingsForm'

export function SyncSection() {
  return (
    <SettingsForm
      testId="sync-form"
      from={(s) => ({
        scheduledSyncMinutes: String(s.scheduledSyncMinutes),
        backgroundSyncMinutes: String(s.backgroundSyncMinutes)
      })}
      check={(d) => {
        const scheduled = wholeNumber(d.scheduledSyncMinutes, 5, 24 * 60, 'minutes')
        const background = wholeNumber(d.backgroundSyncMinutes, 15, 7 * 24 * 60, 'minutes')
        if (typeof scheduled === 'string' || typeof background === 'string')
          return {
            errors: {
              ...(typeof scheduled === 'string' ? { scheduledSyncMinutes: scheduled } : {}),
              ...(typeof background === 'string' ? { backgroundSyncMinutes: background } : {})
            }
          }
        return { patch: { scheduledSyncMinutes: scheduled, backgroundSyncMinutes: background } }
      }}
    >
      {(f) => (
        <>
          <p className="settings-hint">
            While you use the app, each client syncs this often (every 15 minutes at most while you are
            working on it); when the app sits idle, less often. &ldquo;Sync now&rdquo; (or <kbd>r</kbd>) syncs
            at once.
          </p>
          <div className="settings-row">
            <TextField
              label="While the app is open (minutes)"
              inputMode="numeric"
              {...f.field('scheduledSyncMinutes')}
            />
            <TextField
              label="When idle (minutes)"
              inputMode="numeric"
              {...f.field('backgroundSyncMinutes')}
            />
          </div>
        </>
      )}
    </SettingsForm>
  )
}
