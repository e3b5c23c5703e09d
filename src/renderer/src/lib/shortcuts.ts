// The keyboard: one list of shortcuts, read by the handler below and by the "?" help, so the help
// never lists a key that does nothing. Keys typed into a field, or while a dialog is open, are the
// field's and the dialog's (Enter submits, Escape closes).

import { useEffect, useRef } from 'react'

export type ShortcutId = 'jump' | 'portfolio' | 'activity' | 'settings' | 'sync' | 'help'

export interface Shortcut {
  id: ShortcutId
  /** The keys as the help shows them, one entry per key pressed in turn. */
  keys: string[]
  description: string
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform)
export const MOD_KEY = isMac ? '⌘' : 'Ctrl'

export const shortcuts: Shortcut[] = [
  { id: 'jump', keys: [`${MOD_KEY} K`], description: 'Jump to a client' },
  { id: 'portfolio', keys: ['g', 'p'], description: 'Go to the portfolio' },
  { id: 'activity', keys: ['g', 'a'], description: 'Go to Activity' },
  { id: 'settings', keys: ['g', 's'], description: 'Go to Settings' },
  { id: 'sync', keys: ['r'], description: 'Sync the client on screen (on the portfolio: every client)' },
  { id: 'help', keys: ['?'], description: 'Show these shortcuts' }
]

/** After "g", the second key's screen. */
const goKeys: Record<string, ShortcutId> = { p: 'portfolio', a: 'activity', s: 'settings' }

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  )
}

/** Which shortcut a key press completes; `pending` carries a "g" pressed just before. */
export function shortcutFor(
  e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  pending: string | null
): { id: ShortcutId } | { pending: string } | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return { id: 'jump' }
  if (e.ctrlKey || e.metaKey || e.altKey) return null
  if (pending === 'g') {
    const id = goKeys[e.key.toLowerCase()]
    return id ? { id } : null
  }
  if (e.key === 'g') return { pending: 'g' }
  if (e.key === 'r') return { id: 'sync' }
  if (e.key === '?') return { id: 'help' }
  return null
}

/** Runs the shortcut's handler; a "g" waits a second and a half for its second key. */
export function useShortcuts(run: (id: ShortcutId) => void): void {
  const handler = useRef(run)
  useEffect(() => {
    handler.current = run
  })
  useEffect(() => {
    let pending: string | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return
      const inDialog = document.querySelector('dialog[open]') !== null
      const jump = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k'
      // Ctrl/Cmd-K is asked for from anywhere but a dialog; the rest only outside fields.
      if (inDialog || (!jump && typing(e.target))) return
      const hit = shortcutFor(e, pending)
      pending = null
      clearTimeout(timer)
      if (!hit) return
      e.preventDefault()
      if ('pending' in hit) {
        pending = hit.pending
        timer = setTimeout(() => (pending = null), 1500)
        return
      }
      handler.current(hit.id)
    }
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onKey)
      clearTimeout(timer)
    }
  }, [])
}
