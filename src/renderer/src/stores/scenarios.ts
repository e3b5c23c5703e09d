import { create } from 'zustand'
import type { ScenarioChange } from '../../../shared/contract'

export type DraftChange = ScenarioChange & { key: number }

interface ScenarioState {
  /** The what-if each company's session is building; kept while the user moves between tabs. */
  byCompany: Record<string, DraftChange[]>
  add(companyId: string, change: ScenarioChange): void
  remove(companyId: string, key: number): void
  clear(companyId: string): void
}

let nextKey = 1

export const useScenarioStore = create<ScenarioState>((set) => ({
  byCompany: {},
  add: (companyId, change) =>
    set((s) => ({
      byCompany: {
        ...s.byCompany,
        [companyId]: [...(s.byCompany[companyId] ?? []), { ...change, key: nextKey++ }]
      }
    })),
  remove: (companyId, key) =>
    set((s) => ({
      byCompany: { ...s.byCompany, [companyId]: (s.byCompany[companyId] ?? []).filter((c) => c.key !== key) }
    })),
  clear: (companyId) => set((s) => ({ byCompany: { ...s.byCompany, [companyId]: [] } }))
}))
