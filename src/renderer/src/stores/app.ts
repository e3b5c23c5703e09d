import { create } from 'zustand'
import type { AppInfo, CompanySummary } from '../../../shared/contract'
import { ApiError, call } from '../lib/api'

type Load = 'idle' | 'loading' | 'ready' | 'error'

interface AppState {
  info: AppInfo | null
  companies: CompanySummary[]
  selectedCompanyId: string | null
  load: Load
  error: string | null
  refresh(): Promise<void>
  selectCompany(id: string | null): void
}

export const useAppStore = create<AppState>((set) => ({
  info: null,
  companies: [],
  selectedCompanyId: null,
  load: 'idle',
  error: null,
  refresh: async () => {
    set({ load: 'loading', error: null })
    try {
      const [info, companies] = await Promise.all([call('app.info'), call('companies.list')])
      set({ info, companies, load: 'ready' })
    } catch (error) {
      set({ load: 'error', error: error instanceof ApiError ? error.message : String(error) })
    }
  },
  selectCompany: (id) => set({ selectedCompanyId: id })
}))
