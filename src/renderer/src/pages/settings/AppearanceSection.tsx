// Light, dark, or as the operating system says: applied as soon as it is picked (lib/theme.ts).

import type { Settings } from '../../../../shared/contract'
import { SegmentedControl } from '../../components/SegmentedControl'
import { ErrorNote } from '../../components/ui'
import { useSettings } from './useSettings'

const themes: { value: Settings['theme']; label: string }[] = [
  { value: 'system', label: 'As the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' }
]

export function AppearanceSection() {
  const { settings, save } = useSettings()
  if (!settings.data) return settings.error ? <ErrorNote error={settings.error.value} /> : null
  return (
    <div className="settings-form">
      <SegmentedControl
        label="Theme"
        options={themes}
        value={save.isPending && save.variables.theme ? save.variables.theme : settings.data.theme}
        onChange={(theme) => save.mutate({ theme })}
      />
      {save.error ? <ErrorNote error={save.error} compact /> : null}
    </div>
  )
}
