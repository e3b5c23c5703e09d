// When the weekly digest is made: a day of the week and a time on this computer's clock.

import { SelectField, TextField } from '../../components/fields'
import { SettingsForm } from './SettingsForm'

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export function DigestSection() {
  return (
    <SettingsForm
      testId="digest-form"
      from={(s) => ({ digestWeekday: String(s.digestWeekday), digestTime: s.digestTime })}
      check={(d) => {
        const time = d.digestTime.trim()
        const m = /^(\d{1,2}):(\d{2})$/.exec(time)
        if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
          return { errors: { digestTime: 'Enter a time as hours:minutes on a 24-hour clock, e.g. 08:00' } }
        return {
          patch: { digestWeekday: Number(d.digestWeekday), digestTime: `${m[1]!.padStart(2, '0')}:${m[2]}` }
        }
      }}
    >
      {(f) => (
        <>
          <p className="settings-hint">
            Each client&apos;s digest of the week is made on this day from this time (or when the app next
            opens).
          </p>
          <div className="settings-row">
            <SelectField label="Day" {...f.field('digestWeekday')}>
              {WEEKDAYS.map((name, i) => (
                <option key={name} value={String(i)}>
                  {name}
                </option>
              ))}
            </SelectField>
            <TextField label="Time (24-hour)" placeholder="08:00" {...f.field('digestTime')} />
          </div>
        </>
      )}
    </SettingsForm>
  )
}
