import { create } from 'zustand'
import type { OutboxItem } from '../../../shared/runway'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'

interface OutboxState {
  items: OutboxItem[]
  error: ErrorValue | null
  refresh(): Promise<void>
  dismiss(id: string): Promise<void>
}

export const useOutboxStore = create<OutboxState>((set, get) => ({
  items: [],
  error: null,
  refresh: async () => {
    try {
      set({ items: await call('outbox.list'), error: null })
    } catch (error) {
      set({ error: toErrorValue(error) })
    }
  },
  dismiss: async (id) => {
    try {
      await call('outbox.dismiss', { id })
      await get().refresh()
    } catch (error) {
      set({ error: toErrorValue(error) })
    }
  }
}))

/** Items that still need the user's eye: waiting to be sent, or stopped by a conflict or failure. */
export function openItems(items: OutboxItem[], companyId?: string): OutboxItem[] {
  return items.filter((i) => i.status !== 'done' && (companyId === undefined || i.companyId === companyId))
}
