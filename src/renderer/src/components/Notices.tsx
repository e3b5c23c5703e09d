import { useEffect, useLayoutEffect, useRef } from 'react'
import { useNoticeStore } from '../stores/notices'
import { Button, IconButton } from './Button'

/** Whether two boxes overlap. */
function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
}

export function Notices() {
  const notices = useNoticeStore((s) => s.notices)
  const dismiss = useNoticeStore((s) => s.dismiss)
  const ref = useRef<HTMLDivElement>(null)
  // The control last pressed: a button that disables itself while it works has lost the focus.
  const lastUsed = useRef<Element | null>(null)
  useEffect(() => {
    const note = (e: Event) => {
      if (e.target instanceof Element && !ref.current?.contains(e.target)) lastUsed.current = e.target
    }
    document.addEventListener('pointerdown', note, true)
    document.addEventListener('keydown', note, true)
    return () => {
      document.removeEventListener('pointerdown', note, true)
      document.removeEventListener('keydown', note, true)
    }
  }, [])
  // The toasts sit in the bottom corner unless they would cover the control just used (Earmark,
  // at the foot of the console): then at the top, so the next click is not on a toast. Checked
  // again whenever the page moves under them: the list the control adds to grows after the
  // toast appears (the new reserve's row), which pushes the control down into the corner.
  useLayoutEffect(() => {
    const box = ref.current
    if (!box || notices.length === 0) return
    const place = (): void => {
      const focused = document.activeElement
      const used = focused && focused !== document.body && !box.contains(focused) ? focused : lastUsed.current
      box.classList.remove('notices-top')
      if (used?.isConnected)
        box.classList.toggle(
          'notices-top',
          overlaps(box.getBoundingClientRect(), used.getBoundingClientRect())
        )
    }
    place()
    let frame = 0
    const later = (): void => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(place)
    }
    const resized = new ResizeObserver(later)
    resized.observe(document.body)
    window.addEventListener('scroll', later, true)
    window.addEventListener('resize', later)
    return () => {
      cancelAnimationFrame(frame)
      resized.disconnect()
      window.removeEventListener('scroll', later, true)
      window.removeEventListener('resize', later)
    }
  }, [notices])
  return (
    <div className="notices" aria-live="polite" ref={ref}>
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.tone}`}
          role={n.tone === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          <span>{n.text}</span>
          {n.action ? (
            <Button
              variant="link"
              onClick={() => {
                n.action?.run()
                dismiss(n.id)
              }}
            >
              {n.action.label}
            </Button>
          ) : null}
          <IconButton label="Dismiss" onClick={() => dismiss(n.id)}>
            ×
          </IconButton>
        </div>
      ))}
    </div>
  )
}
