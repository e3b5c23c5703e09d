// Labelled form controls with their error, wired for screen readers: while there is a message the
// control is marked invalid and points at it. `extra` follows the error (a hint, a datalist).

import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react'

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
