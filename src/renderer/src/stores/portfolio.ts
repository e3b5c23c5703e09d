import { create } from 'zustand'
import type { PortfolioRow } from '../../../shared/runway'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'

export interface SyncProgress {
  entity: string
  done: number
  total: number
}

/** Entity types sync side by side, each reporting records done of its own total. */
export type CompanyProgress = Record<string, { done: number; total: number }>

interface TestDriveState {
  state: 'idle' | 'running' | 'error'
  error: ErrorValue | null
  /** Progress per company and entity type while the demo companies sync. */
  progress: Record<string, CompanyProgress>
}

interface PortfolioState {
  rows: PortfolioRow[]
  loaded: boolean
  loading: boolean
  error: ErrorValue | null
  underThirty: boolean
  testDrive: TestDriveState
  refresh(): Promise<void>
  setUnderThirty(on: boolean): void
  startTestDrive(): Promise<void>
  noteProgress(companyId: string, progress: SyncProgress): void
}

let seq = 0

export const usePortfolioStore = create<PortfolioState>((set, get) => ({
  rows: [],
  loaded: false,
  loading: false,
  error: null,
  underThirty: false,
  testDrive: { state: 'idle', error: null, progress: {} },
  refresh: async () => {
    const mine = ++seq
    set({ loading: true })
    try {
      const rows = await call('portfolio.list')
      if (mine === seq) set({ rows, loaded: true, loading: false, error: null })
    } catch (error) {
      if (mine === seq) set({ loading: false, error: toErrorValue(error), loaded: true })
    }
  },
  setUnderThirty: (on) => set({ underThirty: on }),
  startTestDrive: async () => {
    if (get().testDrive.state === 'running') return
    set({ testDrive: { state: 'running', error: null, progress: {} } })
    try {
      await call('testDrive.start')
      set({ testDrive: { state: 'idle', error: null, progress: {} } })
      await get().refresh()
    } catch (error) {
      set((s) => ({ testDrive: { ...s.testDrive, state: 'error', error: toErrorValue(error) } }))
    }
  },
  noteProgress: (companyId, progress) => {
    if (get().testDrive.state !== 'running') return
    set((s) => {
      const company = {
        ...s.testDrive.progress[companyId],
        [progress.entity]: { done: progress.done, total: progress.total }
      }
      return { testDrive: { ...s.testDrive, progress: { ...s.testDrive.progress, [companyId]: company } } }
    })
  }
}))

/** Worst first: the fewest effective runway days, then the earliest cash-zero date; companies
 *  without figures yet go last, since there is nothing to rank them by. */
export function worstFirst(rows: PortfolioRow[]): PortfolioRow[] {
  const key = (r: PortfolioRow): [number, number, string] => {
    const s = r.snapshot
    if (!s) return [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, r.name]
    const days = s.effectiveRunwayDays ?? Number.MAX_SAFE_INTEGER
    const zero = s.cashZeroDate ? Date.parse(`${s.cashZeroDate}T00:00:00Z`) : Number.MAX_SAFE_INTEGER
    return [days, zero, r.name]
  }
  return [...rows].sort((a, b) => {
    const [ad, az, an] = key(a)
    const [bd, bz, bn] = key(b)
    return ad - bd || az - bz || an.localeCompare(bn)
  })
}
