// Where the user is: the screen, the company and tab on screen, and the portfolio's filter. What the
// core knows (companies, figures) is server state in lib/queries.

import { create } from 'zustand'
import { noFilter, type PortfolioFilter, type PortfolioSort } from '../lib/portfolio'

export type CompanyTab = 'overview' | 'forecast' | 'console' | 'hygiene' | 'scenarios'

/**
 * The app's screens. `company` is the one client picked in the sidebar; every other screen is an
 * entry of the sidebar's navigation (src/renderer/src/screens.tsx lists them with their pages).
 */
export type Screen = 'portfolio' | 'company' | 'digests' | 'activity' | 'settings'

interface AppState {
  screen: Screen
  selectedCompanyId: string | null
  tab: CompanyTab
  /** The portfolio's "Under 30 days only": kept while the user visits a client and comes back. */
  underThirty: boolean
  /** The portfolio's search, filters and order, kept the same way. */
  portfolioFilter: Omit<PortfolioFilter, 'underThirty'>
  portfolioSort: PortfolioSort
  /** Opens a screen of the navigation; the company last picked is kept for coming back to it. */
  go(screen: Exclude<Screen, 'company'>): void
  /** Opens a client's screens (null: back to the portfolio). */
  selectCompany(id: string | null, tab?: CompanyTab): void
  setTab(tab: CompanyTab): void
  setUnderThirty(on: boolean): void
  setPortfolioFilter(patch: Partial<Omit<PortfolioFilter, 'underThirty'>>): void
  setPortfolioSort(sort: PortfolioSort): void
}

export const useAppStore = create<AppState>((set) => ({
  screen: 'portfolio',
  selectedCompanyId: null,
  tab: 'overview',
  underThirty: false,
  portfolioFilter: { search: noFilter.search, status: 'all', kind: 'all', attention: false },
  portfolioSort: { key: 'worst', dir: 'asc' },
  go: (screen) => set({ screen }),
  selectCompany: (id, tab) =>
    set(
      id === null
        ? { screen: 'portfolio', selectedCompanyId: null }
        : { screen: 'company', selectedCompanyId: id, tab: tab ?? 'overview' }
    ),
  setTab: (tab) => set({ tab }),
  setUnderThirty: (on) => set({ underThirty: on }),
  setPortfolioFilter: (patch) => set((s) => ({ portfolioFilter: { ...s.portfolioFilter, ...patch } })),
  setPortfolioSort: (sort) => set({ portfolioSort: sort })
}))
