import { create } from 'zustand'
import type { CompanySummary, SyncSummary } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'
import { plural } from '../lib/format'
import { notify } from './notices'

export interface SyncProgress {
  entity: string
  done: number
  total: number
}

/** Entity types sync side by side, each reporting records done of its own total. */
export type CompanyProgress = Record<string, { done: number; total: number }>

/** Records done of the total, over every entity type. */
export function progressTotals(progress: CompanyProgress): { done: number; total: number } {
  let done = 0
  let total = 0
  for (const e of Object.values(progress)) {
    done += Math.min(e.done, e.total)
    total += e.total
  }
  return { done, total }
}

interface CompanySync {
  running: boolean
  /** Records done of total per entity type in the running sync; null before the first report. */
  progress: CompanyProgress | null
  /** The last failure, kept until a sync succeeds: the header explains it (reconnect, retry at…). */
  failure: ErrorValue | null
  lastFinishedAt: string | null
}

interface SyncState {
  byCompany: Record<string, CompanySync>
  syncNow(companyId: string): Promise<void>
  progress(companyId: string, progress: SyncProgress): void
  finished(summary: SyncSummary): void
  failed(companyId: string, error: ErrorValue): void
}

const idle: CompanySync = { running: false, progress: null, failure: null, lastFinishedAt: null }

export const useSyncStore = create<SyncState>((set, get) => {
  const patch = (companyId: string, p: Partial<CompanySync>) =>
    set((s) => ({
      byCompany: { ...s.byCompany, [companyId]: { ...(s.byCompany[companyId] ?? idle), ...p } }
    }))
  return {
    byCompany: {},
    syncNow: async (companyId) => {
      if (get().byCompany[companyId]?.running) return
      patch(companyId, { running: true, progress: null })
      try {
        const summaries = await call('sync.now', { companyId })
        const mine = summaries.find((s) => s.companyId === companyId)
        patch(companyId, {
          running: false,
          progress: null,
          failure: mine && !mine.ok ? (mine.error ?? { kind: 'internal', message: 'sync failed' }) : null,
          lastFinishedAt: new Date().toISOString()
        })
      } catch (error) {
        patch(companyId, { running: false, progress: null, failure: toErrorValue(error) })
      }
    },
    progress: (companyId, p) =>
      patch(companyId, {
        running: true,
        progress: { ...get().byCompany[companyId]?.progress, [p.entity]: { done: p.done, total: p.total } }
      }),
    finished: (summary) =>
      patch(summary.companyId, {
        running: false,
        progress: null,
        ...(summary.ok ? { failure: null } : summary.error ? { failure: summary.error } : {}),
        lastFinishedAt: new Date().toISOString()
      }),
    failed: (companyId, error) => patch(companyId, { running: false, progress: null, failure: error })
  }
})

export function useCompanySync(companyId: string): CompanySync {
  return useSyncStore((s) => s.byCompany[companyId] ?? idle)
}

/** "Sync all" (and `r` on the portfolio): every connected client side by side, then one notice. */
export async function syncConnected(companies: CompanySummary[]): Promise<void> {
  const connected = companies.filter((c) => c.status === 'connected')
  const { syncNow } = useSyncStore.getState()
  await Promise.all(connected.map((c) => syncNow(c.id)))
  const byCompany = useSyncStore.getState().byCompany
  const failed = connected.filter((c) => byCompany[c.id]?.failure)
  notify(
    failed.length === 0
      ? { tone: 'success', text: `Synced ${plural(connected.length, 'client')}.` }
      : {
          tone: 'error',
          text: `${failed.length} of ${connected.length} syncs failed (${failed
            .slice(0, 3)
            .map((c) => c.name)
            .join(', ')}${failed.length > 3 ? ', …' : ''}): their rows say why.`
        }
  )
}
