// Everything one company's screens read, per company and per resource, so switching clients shows
// the last figures at once while fresh ones load, and a runway.changed event reloads only what a
// screen has asked for.

import { useEffect } from 'react'
import { create } from 'zustand'
import type {
  BankAccountView,
  BillRow,
  HygieneView,
  InvoiceRow,
  ReserveView,
  RunwayView
} from '../../../shared/runway'
import type { ErrorValue } from '../../../shared/errors'
import { call } from '../lib/api'
import { toErrorValue } from '../lib/errors'

export interface Resources {
  runway: RunwayView
  bills: BillRow[]
  invoices: InvoiceRow[]
  reserves: ReserveView[]
  accounts: BankAccountView[]
  hygiene: HygieneView
}
export type ResourceKey = keyof Resources

export interface Res<T> {
  data: T | null
  error: ErrorValue | null
  loading: boolean
  /** Set once the first answer (data or error) arrived: only then is "nothing" really nothing. */
  settled: boolean
}

const empty: Res<never> = { data: null, error: null, loading: false, settled: false }

const fetchers: { [K in ResourceKey]: (companyId: string) => Promise<Resources[K]> } = {
  runway: (companyId) => call('runway.get', { companyId }),
  bills: (companyId) => call('bills.list', { companyId }),
  invoices: (companyId) => call('invoices.list', { companyId }),
  reserves: (companyId) => call('reserves.list', { companyId }),
  accounts: (companyId) => call('accounts.list', { companyId }),
  hygiene: (companyId) => call('hygiene.get', { companyId })
}

type CompanyResources = { [K in ResourceKey]?: Res<Resources[K]> }

interface CompanyState {
  byCompany: Record<string, CompanyResources>
  load<K extends ResourceKey>(companyId: string, key: K): Promise<void>
  /** Reloads every resource a screen has already asked for (on runway.changed and after actions). */
  refresh(companyId: string): Promise<void>
  put<K extends ResourceKey>(companyId: string, key: K, data: Resources[K]): void
}

// Only the newest request for a resource may write it, so a slow old answer never overwrites a new one.
const latest = new Map<string, number>()
let seq = 0

export const useCompanyStore = create<CompanyState>((set, get) => {
  const patch = <K extends ResourceKey>(companyId: string, key: K, p: Partial<Res<Resources[K]>>) =>
    set((s) => {
      const current = (s.byCompany[companyId]?.[key] ?? empty) as Res<Resources[K]>
      return {
        byCompany: { ...s.byCompany, [companyId]: { ...s.byCompany[companyId], [key]: { ...current, ...p } } }
      }
    })
  return {
    byCompany: {},
    load: async (companyId, key) => {
      const id = ++seq
      const slot = `${companyId}|${key}`
      latest.set(slot, id)
      patch(companyId, key, { loading: true })
      try {
        const data = await fetchers[key](companyId)
        if (latest.get(slot) === id)
          patch(companyId, key, { data, error: null, loading: false, settled: true })
      } catch (error) {
        if (latest.get(slot) === id)
          patch(companyId, key, { error: toErrorValue(error), loading: false, settled: true })
      }
    },
    refresh: async (companyId) => {
      const known = Object.keys(get().byCompany[companyId] ?? {}) as ResourceKey[]
      await Promise.all(known.map((key) => get().load(companyId, key)))
    },
    put: (companyId, key, data) => {
      latest.set(`${companyId}|${key}`, ++seq)
      patch(companyId, key, { data, error: null, loading: false, settled: true })
    }
  }
})

/** The resource for a company, loading it the first time a screen asks. */
export function useResource<K extends ResourceKey>(companyId: string, key: K): Res<Resources[K]> {
  const res = useCompanyStore((s) => s.byCompany[companyId]?.[key]) as Res<Resources[K]> | undefined
  const load = useCompanyStore((s) => s.load)
  const asked = res !== undefined
  useEffect(() => {
    if (!asked) void load(companyId, key)
  }, [asked, companyId, key, load])
  return res ?? empty
}
