// The app's buttons. Every action goes through these, so a button's look is chosen by what it is
// (primary, a link in running text, an icon) rather than by class names at each call, and its type
// is "button" unless a form's submit is meant.

import type { ButtonHTMLAttributes, ReactNode } from 'react'
import { Spinner } from './Spinner'

type NativeProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className'> & { 'data-testid'?: string }

const variantClass = {
  secondary: 'button',
  primary: 'button button-primary',
  warn: 'button button-warn',
  link: 'link-button',
  // No chrome of its own: for a control whose look belongs to its component (a row's name, a pill).
  plain: 'plain-button'
} as const

export function Button({
  variant = 'secondary',
  size,
  busy = false,
  busyLabel,
  className,
  type = 'button',
  disabled,
  children,
  ...native
}: NativeProps & {
  variant?: keyof typeof variantClass
  size?: 'small' | 'large'
  /** An action is running: a spinner leads the label and a second click is not possible. */
  busy?: boolean
  busyLabel?: string
  /** Placement in its container (e.g. pushed left); the look comes from `variant`. */
  className?: string
  children: ReactNode
}) {
  const classes = [variantClass[variant], size ? `button-${size}` : null, className].filter(Boolean).join(' ')
  return (
    <button type={type} className={classes} disabled={disabled || busy} {...native}>
      {busy ? <Spinner small label={busyLabel} /> : null}
      {children}
    </button>
  )
}

/** A glyph-only button; `label` is what screen readers (and the tooltip, unless `title` says more) give. */
export function IconButton({
  label,
  pressed,
  size,
  title,
  children,
  ...native
}: Omit<NativeProps, 'aria-label' | 'aria-pressed'> & {
  label: string
  /** A toggle: faint when off, highlighted when on. */
  pressed?: boolean
  size?: 'small'
  children: ReactNode
}) {
  return (
    <button
      type="button"
      className={size ? `icon-button icon-button-${size}` : 'icon-button'}
      aria-label={label}
      aria-pressed={pressed}
      title={title ?? label}
      {...native}
    >
      {children}
    </button>
  )
}
