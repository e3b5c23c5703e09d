// The weekly digests a screen has opened, per company and week, and the weekday weeks end on.
// Kept apart from the company store because a digest is asked for by week, not just by company.

import { create } from 'zustand'
import type { ErrorValue } from '../../../shared/errors'
import type { DigestView } from '../../../shared/runway'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'
import type { Res } from './company'

const key = (companyId: string, weekEnd: string) => `${companyId}|${weekEnd}`

interface DigestState {
  byKey: Record<string, Res<DigestView>>
  /** The week each company's Digest tab shows, the only one worth reloading when the books move. */
  shown: Record<string, string>
  /** settings.digestWeekday; null until read. */
  weekday: number | null
  weekdayError: ErrorValue | null
  loadWeekday(): Promise<void>
  setWeekday(weekday: number): void
  load(companyId: string, weekEnd: string): Promise<void>
  show(companyId: string, weekEnd: string | null): void
  /** The books or the decisions moved: reload the week on screen, forget the others' copies. */
  refresh(companyId: string): Promise<void>
  /** The job made (or remade) a week's digest. */
  ready(companyId: string, weekEnd: string): Promise<void>
}

// Only the newest request for a week may write it, so a slow old answer never overwrites a new one.
const latest = new Map<string, number>()
let seq = 0

export const useDigestStore = create<DigestState>((set, get) => ({
  byKey: {},
  shown: {},
  weekday: null,
  weekdayError: null,
  loadWeekday: async () => {
    set({ weekdayError: null })
    try {
      const settings = await call('settings.get')
      set({ weekday: settings.digestWeekday })
    } catch (error) {
      set({ weekdayError: toErrorValue(error) })
    }
  },
  setWeekday: (weekday) => set({ weekday, weekdayError: null }),
  load: async (companyId, weekEnd) => {
    const k = key(companyId, weekEnd)
    const id = ++seq
    latest.set(k, id)
    const patch = (p: Partial<Res<DigestView>>) =>
      set((s) => ({
        byKey: {
          ...s.byKey,
          [k]: { ...(s.byKey[k] ?? { data: null, error: null, loading: false, settled: false }), ...p }
        }
      }))
    patch({ loading: true })
    try {
      const data = await call('digest.get', { companyId, weekEnd })
      if (latest.get(k) === id) patch({ data, error: null, loading: false, settled: true })
    } catch (error) {
      if (latest.get(k) === id) patch({ error: toErrorValue(error), loading: false, settled: true })
    }
  },
  show: (companyId, weekEnd) =>
    set((s) => {
      const shown = { ...s.shown }
      if (weekEnd === null) delete shown[companyId]
      else shown[companyId] = weekEnd
      return { shown }
    }),
  refresh: async (companyId) => {
    const shownWeek = get().shown[companyId]
    const prefix = `${companyId}|`
    set((s) => ({
      byKey: Object.fromEntries(
        Object.entries(s.byKey).filter(
          ([k]) => !k.startsWith(prefix) || k === key(companyId, shownWeek ?? '')
        )
      )
    }))
    if (shownWeek) await get().load(companyId, shownWeek)
  },
  ready: async (companyId, weekEnd) => {
    if (get().shown[companyId] === weekEnd) await get().load(companyId, weekEnd)
    else
      set((s) => {
        const byKey = { ...s.byKey }
        delete byKey[key(companyId, weekEnd)]
        return { byKey }
      })
  }
}))

export function digestOf(
  state: DigestState,
  companyId: string,
  weekEnd: string | null
): Res<DigestView> | undefined {
  return weekEnd === null ? undefined : state.byKey[key(companyId, weekEnd)]
}
