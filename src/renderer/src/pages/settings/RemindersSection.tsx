// The message of a customer's payment reminder at each stage; the placeholders are filled in per send.

import { Field, FieldError } from '../../components/fields'
import { SettingsForm } from './SettingsForm'

const STAGES = [
  { key: 'gentle', label: 'Gentle (first reminder)' },
  { key: 'firm', label: 'Firm' },
  { key: 'final', label: 'Final notice' }
] as const

const MAX = 1000

export function RemindersSection() {
  return (
    <SettingsForm
      testId="reminders-form"
      from={(s) => ({ ...s.reminderTemplates })}
      fieldOf={(path) => (path.split('.')[1] ?? null) as never}
      check={(d) => {
        const errors: Record<string, string> = {}
        for (const { key } of STAGES) {
          const text = (d[key] ?? '').trim()
          if (!text) errors[key] = 'Write a message, or undo the change to keep the saved one'
          else if (text.length > MAX)
            errors[key] = `QuickBooks keeps ${MAX} characters; this has ${text.length}`
        }
        if (Object.keys(errors).length > 0) return { errors }
        return {
          patch: {
            reminderTemplates: { gentle: d.gentle!.trim(), firm: d.firm!.trim(), final: d.final!.trim() }
          }
        }
      }}
    >
      {(f) => (
        <>
          <p className="settings-hint">
            Filled in for each customer: <code>{'{customer}'}</code>, <code>{'{company}'}</code>,{' '}
            <code>{'{count}'}</code>, <code>{'{total}'}</code>, <code>{'{invoices}'}</code>,{' '}
            <code>{'{oldestDays}'}</code>.
          </p>
          {STAGES.map(({ key, label }) => {
            const p = f.field(key)
            return (
              <Field key={key} label={label}>
                <textarea
                  className="input settings-template"
                  rows={4}
                  name={p.name}
                  value={p.value}
                  onChange={p.onChange}
                  aria-invalid={p.error ? true : undefined}
                  aria-describedby={p.error ? p.errorId : undefined}
                  data-testid={p['data-testid']}
                />
                <FieldError id={p.errorId} message={p.error} />
              </Field>
            )
          })}
        </>
      )}
    </SettingsForm>
  )
}
