import { create } from 'zustand'

export interface Notice {
  id: number
  tone: 'info' | 'success' | 'warning' | 'error'
  text: string
  /** Opens the place the notice is about (e.g. a company's console). */
  action?: { label: string; run(): void }
  /** What the notice is about: a newer notice with the same key replaces it, dismissKey takes it away. */
  key?: string
}

interface NoticeState {
  notices: Notice[]
  push(notice: Omit<Notice, 'id'>, ttlMs?: number): void
  dismiss(id: number): void
  dismissKey(key: string): void
}

let nextId = 1

export const useNoticeStore = create<NoticeState>((set, get) => ({
  notices: [],
  push: (notice, ttlMs = 6000) => {
    const id = nextId++
    // The newest four are enough: older confirmations have been read or no longer matter.
    set((s) => ({
      notices: [
        ...s.notices.filter((n) => notice.key === undefined || n.key !== notice.key),
        { ...notice, id }
      ].slice(-4)
    }))
    if (ttlMs > 0) setTimeout(() => get().dismiss(id), ttlMs)
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  dismissKey: (key) => set((s) => ({ notices: s.notices.filter((n) => n.key !== key) }))
}))

export const notify = (notice: Omit<Notice, 'id'>, ttlMs?: number): void =>
  useNoticeStore.getState().push(notice, ttlMs)

/** The key of a company's "queued while offline" notices. */
export const queuedKey = (companyId: string): string => `outbox-queued:${companyId}`
