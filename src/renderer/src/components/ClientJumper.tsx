// Ctrl/Cmd-K: type part of a client's name, Enter opens it (arrows pick another match).

import { useEffect, useRef, useState } from 'react'
import type { CompanySummary } from '../../../shared/contract'
import { Dialog } from './Dialog'

export function ClientJumper({
  companies,
  onPick,
  onClose
}: {
  companies: CompanySummary[]
  onPick(id: string): void
  onClose(): void
}) {
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  // After the dialog opens (showModal focuses its first button, the Close ×).
  useEffect(() => {
    const frame = requestAnimationFrame(() => input.current?.focus())
    return () => cancelAnimationFrame(frame)
  }, [])
  const q = query.trim().toLowerCase()
  const matches = companies
    .filter((c) => c.name.toLowerCase().includes(q))
    .sort((a, b) => Number(!a.name.toLowerCase().startsWith(q)) - Number(!b.name.toLowerCase().startsWith(q)))
  const current = Math.min(index, Math.max(0, matches.length - 1))
  const pick = (c: CompanySummary | undefined) => {
    if (c) onPick(c.id)
  }
  return (
    <Dialog title="Jump to a client" onClose={onClose} testId="client-jumper" footer={null}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          pick(matches[current])
        }}
      >
        <input
          className="input jumper-input"
          aria-label="Client name"
          placeholder="Type a client's name…"
          ref={input}
          value={query}
          role="combobox"
          aria-expanded="true"
          aria-controls="jumper-list"
          aria-activedescendant={matches[current] ? `jumper-${matches[current].id}` : undefined}
          onChange={(e) => {
            setQuery(e.target.value)
            setIndex(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault()
              setIndex(Math.min(current + 1, matches.length - 1))
            } else if (e.key === 'ArrowUp') {
              e.preventDefault()
              setIndex(Math.max(current - 1, 0))
            }
          }}
          data-testid="jumper-input"
        />
      </form>
      <ul className="jumper-list" id="jumper-list" role="listbox" aria-label="Clients">
        {matches.length === 0 ? (
          <li className="muted jumper-empty">No client&apos;s name has &ldquo;{query}&rdquo;</li>
        ) : (
          matches.map((c, i) => (
            <li
              key={c.id}
              id={`jumper-${c.id}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'jumper-option jumper-current' : 'jumper-option'}
              onMouseDown={(e) => {
                e.preventDefault()
                pick(c)
              }}
              onMouseEnter={() => setIndex(i)}
            >
              {c.name}
            </li>
          ))
        )}
      </ul>
    </Dialog>
  )
}
