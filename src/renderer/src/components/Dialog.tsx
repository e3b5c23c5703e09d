import { useEffect, useRef, type ReactNode } from 'react'
import { IconButton } from './Button'

interface Props {
  title: string
  onClose(): void
  children: ReactNode
  footer: ReactNode
  testId?: string
  /** Room for a table of figures (a forecast cell's items) rather than a form. */
  wide?: boolean
}

/** A modal on the native <dialog>: the browser traps focus, Escape closes, the page stays inert. */
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
    >
      <header className="dialog-header">
        <h2 id="dialog-title">{title}</h2>
        <IconButton label="Close" onClick={onClose}>
          ×
        </IconButton>
      </header>
      <div className="dialog-body">{children}</div>
      <footer className="dialog-footer">{footer}</footer>
    </dialog>
  )
}
