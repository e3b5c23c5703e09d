import { create } from 'zustand'
import type { AppInfo, CompanySummary } from '../../../shared/contract'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'

type Load = 'idle' | 'loading' | 'ready' | 'error'

export type CompanyTab = 'overview' | 'console' | 'hygiene' | 'scenarios'

interface AppState {
  info: AppInfo | null
  companies: CompanySummary[]
  selectedCompanyId: string | null
  tab: CompanyTab
  load: Load
  error: ErrorValue | null
  refresh(): Promise<void>
  selectCompany(id: string | null, tab?: CompanyTab): void
  setTab(tab: CompanyTab): void
}

export const useAppStore = create<AppState>((set, get) => ({
  info: null,
  companies: [],
  selectedCompanyId: null,
  tab: 'overview',
  load: 'idle',
  error: null,
  refresh: async () => {
    // Keep showing what we have while refreshing: a reload must never blank the sidebar.
    set({ load: get().load === 'ready' ? 'ready' : 'loading', error: null })
    try {
      const [info, companies] = await Promise.all([call('app.info'), call('companies.list')])
      const selected = get().selectedCompanyId
      set({
        info,
        companies,
        load: 'ready',
        // A company removed elsewhere takes the user back to the portfolio, not to a dead screen.
        ...(selected && !companies.some((c) => c.id === selected) ? { selectedCompanyId: null } : {})
      })
    } catch (error) {
      set({ load: 'error', error: toErrorValue(error) })
    }
  },
  selectCompany: (id, tab) => set({ selectedCompanyId: id, tab: tab ?? 'overview' }),
  setTab: (tab) => set({ tab })
}))
