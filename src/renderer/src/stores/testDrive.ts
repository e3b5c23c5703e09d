// The test drive's run: started from the empty portfolio, its progress reported by the sync events
// of the demo companies it connects.

import { create } from 'zustand'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'
import { portfolioKey, queries, queryClient } from '../lib/queries'
import { notify } from './notices'
import type { CompanyProgress, SyncProgress } from './sync'

interface TestDriveState {
  state: 'idle' | 'running' | 'error'
  error: ErrorValue | null
  /** Progress per company and entity type while the demo companies sync. */
  progress: Record<string, CompanyProgress>
  start(): Promise<void>
  /** Starts over with fresh demo books (testDrive.reset). */
  reset(): Promise<void>
  /** Leaves the test drive: the demo companies go, real clients stay. */
  end(): Promise<void>
  noteProgress(companyId: string, progress: SyncProgress): void
}

// The portfolio first, so the progress gives way to the companies rather than to an empty page.
const reload = () =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: portfolioKey }),
    queryClient.invalidateQueries({ queryKey: queries.companies.queryKey })
  ])

export const useTestDriveStore = create<TestDriveState>((set, get) => {
  const run = async (channel: 'testDrive.start' | 'testDrive.reset') => {
    if (get().state === 'running') return
    set({ state: 'running', error: null, progress: {} })
    try {
      await call(channel)
      await reload()
      set({ state: 'idle', error: null, progress: {} })
    } catch (error) {
      set({ state: 'error', error: toErrorValue(error) })
    }
  }
  return {
    state: 'idle',
    error: null,
    progress: {},
    start: () => run('testDrive.start'),
    reset: () => run('testDrive.reset'),
    end: async () => {
      set({ error: null })
      try {
        const { removed } = await call('testDrive.end')
        await reload()
        notify({
          tone: 'success',
          text: `Test drive over: ${removed.length} demo ${removed.length === 1 ? 'company' : 'companies'} removed.`
        })
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
  }
})
