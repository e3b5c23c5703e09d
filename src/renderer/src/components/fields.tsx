// Labelled form controls with their error, wired for screen readers: while there is a message the
// control is marked invalid and points at it. `extra` follows the error (a hint, a datalist).

import { useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react'
import { formatDay, isLocalDate, parseDay } from '../../../shared/dates'

export function FieldError({ message, id }: { message: string | null; id: string }) {
  if (!message) return null
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  )
}

interface FieldProps {
  label: string
  /** The message under the control, or null; needs `errorId` to be announced. */
  error?: string | null
  errorId?: string
  extra?: ReactNode
  'data-testid'?: string
}

/** A label over any content, for a field whose control is not there yet (e.g. while loading). */
export function Field({
  label,
  error = null,
  errorId,
  extra,
  children
}: Omit<FieldProps, 'data-testid'> & { children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {errorId ? <FieldError id={errorId} message={error} /> : null}
      {extra}
    </label>
  )
}

function invalid(error: string | null | undefined, errorId: string | undefined) {
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? errorId : undefined }
}

export function TextField({
  label,
  error,
  errorId,
  extra,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'children' | 'className'>) {
  return (
    <Field label={label} error={error} errorId={errorId} extra={extra}>
      <input className="input" {...input} {...invalid(error, errorId)} />
    </Field>
  )
}

/**
 * A day, shown and typed as every screen writes it ("29 Dec 2026"), with the calendar one click away.
 * A native date input would show the machine's own format (12/29/2026) beside our "29 Dec 2026".
 * `onChange` gets the ISO day, or what was typed when it is not a day, for the core to refuse.
 */
export function DateField({
  label,
  error,
  errorId,
  extra,
  value,
  min,
  onChange,
  'data-testid': testId
}: FieldProps & { value: string; min?: string; onChange: (day: string) => void }) {
  const [text, setText] = useState(() => (isLocalDate(value) ? formatDay(value) : value))
  const picker = useRef<HTMLInputElement>(null)
  const [shown, setShown] = useState(value)
  if (value !== shown) {
    // A day set from outside (the calendar, a preset) is shown written out; what is being typed stays.
    setShown(value)
    if (parseDay(text, min) !== value && text !== value)
      setText(isLocalDate(value) ? formatDay(value) : value)
  }
  return (
    <Field label={label} error={error} errorId={errorId} extra={extra}>
      <span className="date-field">
        <input
          className="input"
          value={text}
          placeholder="e.g. 29 Dec 2026"
          autoComplete="off"
          data-testid={testId}
          onChange={(e) => {
            setText(e.target.value)
            onChange(parseDay(e.target.value, min) ?? e.target.value)
          }}
          onBlur={() => {
            const day = parseDay(text, min)
            if (day) setText(formatDay(day))
          }}
          {...invalid(error, errorId)}
        />
        <button
          type="button"
          className="date-field-pick"
          aria-label={`${label}: choose on a calendar`}
          title="Choose on a calendar"
          onClick={() => picker.current?.showPicker()}
        >
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <rect
              x="2"
              y="3"
              width="12"
              height="11"
              rx="1.5"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.4"
            />
            <path d="M2 6.5h12M5 1.5v3M11 1.5v3" stroke="currentColor" strokeWidth="1.4" />
          </svg>
        </button>
        <input
          ref={picker}
          type="date"
          className="date-field-native"
          tabIndex={-1}
          aria-hidden="true"
          value={isLocalDate(value) ? value : ''}
          min={min}
          onChange={(e) => {
            if (isLocalDate(e.target.value)) onChange(e.target.value)
          }}
        />
      </span>
    </Field>
  )
}

/** An amount in dollars as the user types it ("1,250.00"), for lib/format's parseDollars to read. */
export function MoneyField(props: Omit<Parameters<typeof TextField>[0], 'inputMode'>) {
  return <TextField inputMode="decimal" placeholder="0.00" {...props} />
}

/** A select; its children are the options. */
export function SelectField({
  label,
  error,
  errorId,
  extra,
  children,
  ...select
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className'> & { children: ReactNode }) {
  return (
    <Field label={label} error={error} errorId={errorId} extra={extra}>
      <select className="input" {...select} {...invalid(error, errorId)}>
        {children}
      </select>
    </Field>
  )
}
