// "?": the keyboard shortcuts, from lib/shortcuts' one list.

import { shortcuts } from '../lib/shortcuts'
import { Button } from './Button'
import { Dialog } from './Dialog'

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      testId="shortcuts-dialog"
      footer={
        <Button variant="primary" onClick={onClose}>
          Close
        </Button>
      }
    >
      <dl className="shortcuts">
        {shortcuts.map((s) => (
          <div key={s.id} className="shortcut">
            <dt>
              {s.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? <span className="muted"> then </span> : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{s.description}</dd>
          </div>
        ))}
        <div className="shortcut">
          <dt>
            <kbd>Enter</kbd>
          </dt>
          <dd>In a dialog: do what its main button says</dd>
        </div>
        <div className="shortcut">
          <dt>
            <kbd>Esc</kbd>
          </dt>
          <dd>Close a dialog</dd>
        </div>
      </dl>
    </Dialog>
  )
}
