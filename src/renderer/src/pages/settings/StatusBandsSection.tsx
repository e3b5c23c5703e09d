// The days of runway under which a client is critical, in warning, healthy (and above: excellent).

import { TextField } from '../../components/fields'
import { SettingsForm, wholeNumber } from './SettingsForm'

export function StatusBandsSection() {
  return (
    <SettingsForm
      testId="bands-form"
      from={(s) => ({
        critical: String(s.statusBands.critical),
        warning: String(s.statusBands.warning),
        healthy: String(s.statusBands.healthy)
      })}
      fieldOf={(path) => (path === 'statusBands' ? 'warning' : ((path.split('.')[1] ?? null) as never))}
      check={(d) => {
        const critical = wholeNumber(d.critical, 1, 365, 'days')
        const warning = wholeNumber(d.warning, 1, 365, 'days')
        const healthy = wholeNumber(d.healthy, 1, 730, 'days')
        const errors: Record<string, string> = {}
        if (typeof critical === 'string') errors.critical = critical
        if (typeof warning === 'string') errors.warning = warning
        if (typeof healthy === 'string') errors.healthy = healthy
        if (typeof critical === 'number' && typeof warning === 'number' && warning <= critical)
          errors.warning = `Must be more than critical's ${critical} days`
        if (
          typeof warning === 'number' &&
          typeof healthy === 'number' &&
          healthy <= warning &&
          !errors.warning
        )
          errors.healthy = `Must be more than warning's ${warning} days`
        if (Object.keys(errors).length > 0 || typeof critical !== 'number') return { errors }
        return {
          patch: { statusBands: { critical, warning: warning as number, healthy: healthy as number } }
        }
      }}
    >
      {(f) => (
        <>
          <p className="settings-hint">
            A client whose cash runs out (or falls below its minimum) within these many days is critical, in
            warning, or healthy; beyond the last, excellent.
          </p>
          <div className="settings-row">
            <TextField label="Critical under (days)" inputMode="numeric" {...f.field('critical')} />
            <TextField label="Warning under (days)" inputMode="numeric" {...f.field('warning')} />
            <TextField label="Healthy under (days)" inputMode="numeric" {...f.field('healthy')} />
          </div>
        </>
      )}
    </SettingsForm>
  )
}
