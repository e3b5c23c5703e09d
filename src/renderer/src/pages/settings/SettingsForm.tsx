// A section's form over some of the settings: the user's draft as typed, checked on Save (or Enter)
// with a message at each field that is wrong, then saved in part. What the core refuses comes back
// at the field it names, or under the form.

import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { Settings } from '../../../../shared/contract'
import { Button } from '../../components/Button'
import { ErrorNote } from '../../components/ui'
import { useSettings } from './useSettings'

type Draft = Record<string, string>
export type Checked<D extends Draft> =
  { patch: Partial<Settings> } | { errors: Partial<Record<keyof D & string, string>> }

export interface FormFields<D extends Draft> {
  draft: D
  set(key: keyof D & string, value: string): void
  /** Props for a TextField/SelectField of that key: value, onChange, error and its id. */
  field(key: keyof D & string): {
    name: string
    value: string
    onChange(e: { target: { value: string } }): void
    error: string | null
    errorId: string
    'data-testid': string
  }
}

export function SettingsForm<D extends Draft>({
  from,
  check,
  fieldOf,
  children,
  testId
}: {
  /** The draft of the saved settings. */
  from(settings: Settings): D
  check(draft: D): Checked<D>
  /** The draft key a field the core names ("statusBands.warning") belongs to. */
  fieldOf?(path: string): (keyof D & string) | null
  children(fields: FormFields<D>): ReactNode
  testId: string
}) {
  const { settings, save } = useSettings()
  const id = useId()
  const [draft, setDraft] = useState<D | null>(null)
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({})
  if (!settings.data) return settings.error ? <ErrorNote error={settings.error.value} /> : null
  const current = draft ?? from(settings.data)
  const serverField = save.error?.field ? (fieldOf?.(save.error.field) ?? save.error.field) : null
  const shownErrors: Partial<Record<string, string>> =
    save.error && serverField && serverField in current
      ? { ...errors, [serverField]: save.error.message }
      : errors
  const dirty = draft !== null && JSON.stringify(draft) !== JSON.stringify(from(settings.data))

  const fields: FormFields<D> = {
    draft: current,
    set: (key, value) => {
      setDraft({ ...current, [key]: value })
      if (errors[key]) setErrors({ ...errors, [key]: undefined })
      save.reset()
    },
    field: (key) => ({
      name: key,
      value: current[key] ?? '',
      onChange: (e) => fields.set(key, e.target.value),
      error: shownErrors[key] ?? null,
      errorId: `${id}-${key}-error`,
      'data-testid': `setting-${key}`
    })
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const checked = check(current)
    if ('errors' in checked) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    save.mutate(checked.patch, { onSuccess: () => setDraft(null) })
  }

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid={testId}>
      {children(fields)}
      {save.error && !(serverField && serverField in current) ? (
        <ErrorNote error={save.error} compact />
      ) : null}
      <div className="settings-actions">
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel="Saving">
          Save
        </Button>
        {dirty ? (
          <Button
            variant="link"
            onClick={() => {
              setDraft(null)
              setErrors({})
              save.reset()
            }}
          >
            Undo changes
          </Button>
        ) : null}
      </div>
    </form>
  )
}

/** A whole number from `min` to `max`, or the message that says what is wanted. */
export function wholeNumber(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return `Enter ${what} as a whole number`
  const n = Number(t)
  if (n < min || n > max) return `Enter ${what} from ${min} to ${max}`
  return n
}
