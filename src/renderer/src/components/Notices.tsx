import { useNoticeStore } from '../stores/notices'
import { Button, IconButton } from './Button'

export function Notices() {
  const notices = useNoticeStore((s) => s.notices)
  const dismiss = useNoticeStore((s) => s.dismiss)
  return (
    <div className="notices" aria-live="polite">
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
