// The test drive's run: started from the empty portfolio, its progress reported by the sync events
// of the demo companies it connects.

import { create } from 'zustand'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'
import { queries, queryClient } from '../lib/queries'
import type { CompanyProgress, SyncProgress } from './sync'

interface TestDriveState {
  state: 'idle' | 'running' | 'error'
  error: ErrorValue | null
  /** Progress per company and entity type while the demo companies sync. */
  progress: Record<string, CompanyProgress>
  start(): Promise<void>
  noteProgress(companyId: string, progress: SyncProgress): void
}

export const useTestDriveStore = create<TestDriveState>((set, get) => ({
  state: 'idle',
  error: null,
  progress: {},
  start: async () => {
    if (get().state === 'running') return
    set({ state: 'running', error: null, progress: {} })
    try {
      await call('testDrive.start')
      // The portfolio first, so the progress gives way to the companies rather than to an empty page.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queries.portfolio.queryKey }),
        queryClient.invalidateQueries({ queryKey: queries.companies.queryKey })
      ])
      set({ state: 'idle', error: null, progress: {} })
    } catch (error) {
      set({ state: 'error', error: toErrorValue(error) })
    }
  },
  noteProgress: (companyId, progress) => {
    if (get().state !== 'running') return
    set((s) => ({
      progress: {
        ...s.progress,
        [companyId]: {
          ...s.progress[companyId],
          [progress.entity]: { done: progress.done, total: progress.total }
        }
      }
    }))
  }
}))
