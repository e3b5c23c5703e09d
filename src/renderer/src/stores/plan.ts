import { create } from 'zustand'

/** A plan the user applied in this session: what Undo takes back, and why each bill got its date. */
export interface AppliedPlan {
  planId: string
  billIds: string[]
  /** The plan's reasons: once applied its dates are the user's, and a new proposal only says so. */
  reasons: Record<string, string>
  cashZeroBefore: string | null
}

interface PlanState {
  /** Kept while the user moves between tabs and clients, so Undo is still there when they come back. */
  applied: Record<string, AppliedPlan | undefined>
  /** A minimum cash the user is trying on the plan (not the company's setting), per company. */
  minCash: Record<string, number | undefined>
  setApplied(companyId: string, plan: AppliedPlan | null): void
  setMinCash(companyId: string, cents: number | null): void
}

export const usePlanStore = create<PlanState>((set) => ({
  applied: {},
  minCash: {},
  setApplied: (companyId, plan) =>
    set((s) => ({ applied: { ...s.applied, [companyId]: plan ?? undefined } })),
  setMinCash: (companyId, cents) =>
    set((s) => ({ minCash: { ...s.minCash, [companyId]: cents ?? undefined } }))
}))
