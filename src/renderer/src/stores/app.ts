// Where the user is: the company and tab on screen, and the portfolio's filter. What the core knows
// (companies, figures) is server state in lib/queries.

import { create } from 'zustand'

export type CompanyTab = 'overview' | 'forecast' | 'console' | 'hygiene' | 'scenarios'

interface AppState {
  selectedCompanyId: string | null
  tab: CompanyTab
  /** The portfolio's "Under 30 days only": kept while the user visits a client and comes back. */
  underThirty: boolean
  selectCompany(id: string | null, tab?: CompanyTab): void
  setTab(tab: CompanyTab): void
  setUnderThirty(on: boolean): void
}

export const useAppStore = create<AppState>((set) => ({
  selectedCompanyId: null,
  tab: 'overview',
  underThirty: false,
  selectCompany: (id, tab) => set({ selectedCompanyId: id, tab: tab ?? 'overview' }),
  setTab: (tab) => set({ tab }),
  setUnderThirty: (on) => set({ underThirty: on })
}))
