import { useEffect, useRef, type ReactNode } from 'react'
import { IconButton } from './Button'

interface Props {
  title: string
  onClose(): void
  children: ReactNode
  /** Its buttons; the primary one is what Enter does. */
  footer: ReactNode
  testId?: string
  /** Room for a table of figures (a forecast cell's items) rather than a form. */
  wide?: boolean
}

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes, the page stays inert.
 * Enter in a field does what the footer's primary button says (a dialog without one submits its
 * form), whatever the fields' layout.
 */
export function Dialog({ title, onClose, children, footer, testId, wide = false }: Props) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby="dialog-title"
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.defaultPrevented) return
        const target = e.target as HTMLElement
        if (target.closest('textarea, button, a, select, summary, [role="button"]')) return
        // The browser's own Enter-submits-the-form is not left to decide: it depends on how many
        // fields the form has and where its button is.
        e.preventDefault()
        const primary = ref.current?.querySelector<HTMLButtonElement>('.dialog-footer .button-primary')
        if (primary) {
          if (!primary.disabled) primary.click()
          return
        }
        target.closest('form')?.requestSubmit()
      }}
    >
      <header className="dialog-header">
        <h2 id="dialog-title">{title}</h2>
        <IconButton label="Close" onClick={onClose}>
          ×
        </IconButton>
      </header>
      <div className="dialog-body">{children}</div>
      {footer ? <footer className="dialog-footer">{footer}</footer> : null}
    </dialog>
  )
}
