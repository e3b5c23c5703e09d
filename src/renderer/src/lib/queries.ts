// Server state: everything a screen shows from the core is one TanStack Query cache, keyed by what
// was asked. The core says when its answers change (lib/events.ts turns its events into
// invalidations), so nothing here expires by time or polls, and a newer answer always wins over an
// older one still in flight. UI state (which company, which tab, drafts) stays in the zustand stores.

import { QueryClient, queryOptions } from '@tanstack/react-query'
import type { PortfolioQuery, ScenarioChange } from '../../../shared/contract'
import { call, type ApiError } from './api'

declare module '@tanstack/react-query' {
  interface Register {
    // lib/api's call() throws nothing else, so screens read error.value without a cast.
    defaultError: ApiError
  }
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Fresh until the core pushes an event that says otherwise.
      staleTime: Infinity,
      // Switching between clients shows their last figures at once while fresh ones load.
      gcTime: Infinity,
      // The screens offer "Try again"; the core already retries QuickBooks itself.
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false
    }
  }
})

/** The prefix of every window of the client list. */
export const portfolioKey = ['portfolio'] as const

/** The prefix of every query about one company: a runway.changed for it invalidates them all. */
export const companyKey = (companyId: string) => ['company', companyId] as const

function companyResource<T>(resource: string, fetch: (companyId: string) => Promise<T>) {
  return (companyId: string) =>
    queryOptions({ queryKey: [...companyKey(companyId), resource] as const, queryFn: () => fetch(companyId) })
}

export const queries = {
  appInfo: queryOptions({ queryKey: ['app-info'], queryFn: () => call('app.info') }),
  companies: queryOptions({ queryKey: ['companies'], queryFn: () => call('companies.list') }),
  /** A window of the client list (lib/portfolio.ts); portfolioKey invalidates every window. */
  portfolio: (query: PortfolioQuery) =>
    queryOptions({
      queryKey: [...portfolioKey, query] as const,
      queryFn: () => call('portfolio.list', query),
      // Windows the screens have scrolled, sorted or searched away from go after a minute.
      gcTime: 60_000
    }),
  settings: queryOptions({ queryKey: ['settings'], queryFn: () => call('settings.get') }),
  outbox: queryOptions({ queryKey: ['outbox'], queryFn: () => call('outbox.list') }),
  /** The audit trail, of one company or (null) all; ['activity'] invalidates every filter. */
  activity: (companyId: string | null) =>
    queryOptions({
      queryKey: ['activity', companyId] as const,
      queryFn: () => call('activity.list', companyId ? { companyId, limit: 500 } : { limit: 500 })
    }),
  syncHistory: (companyId: string | null) =>
    queryOptions({
      queryKey: ['sync-history', companyId] as const,
      queryFn: () => call('sync.history', companyId ? { companyId, limit: 200 } : { limit: 200 })
    }),
  intuitKeys: queryOptions({ queryKey: ['intuit-keys'], queryFn: () => call('intuitKeys.get') }),
  firm: queryOptions({ queryKey: ['firm'], queryFn: () => call('firm.status'), refetchInterval: 5_000 }),
  firmHandlers: queryOptions({
    queryKey: ['firm', 'handlers'],
    queryFn: () => call('firm.handlers'),
    refetchInterval: 30_000
  }),

  runway: companyResource('runway', (companyId) => call('runway.get', { companyId })),
  bills: companyResource('bills', (companyId) => call('bills.list', { companyId })),
  invoices: companyResource('invoices', (companyId) => call('invoices.list', { companyId })),
  reserves: companyResource('reserves', (companyId) => call('reserves.list', { companyId })),
  accounts: companyResource('accounts', (companyId) => call('accounts.list', { companyId })),
  hygiene: companyResource('hygiene', (companyId) => call('hygiene.get', { companyId })),
  forecastTable: companyResource('forecast-table', (companyId) => call('forecast.table', { companyId })),

  /** The digests kept, of one client or (null) all; ['digests'] invalidates every filter. */
  digests: (companyId: string | null) =>
    queryOptions({
      queryKey: ['digests', companyId] as const,
      queryFn: () => call('digest.list', companyId ? { companyId } : {})
    }),
  /** A finished week's client-ready report (the portfolio's without a company). */
  digestReport: (companyId: string | null, weekEnd: string) =>
    queryOptions({
      queryKey: ['digest-report', companyId, weekEnd] as const,
      queryFn: () => call('digest.report', companyId ? { companyId, weekEnd } : { weekEnd })
    }),
  emailStatus: queryOptions({ queryKey: ['email-status'], queryFn: () => call('email.status') }),

  digest: (companyId: string, weekEnd: string) =>
    queryOptions({
      queryKey: [...companyKey(companyId), 'digest', weekEnd] as const,
      queryFn: () => call('digest.get', { companyId, weekEnd }),
      // Every time the week opens, not only the first: decisions taken in the console since belong here.
      refetchOnMount: 'always'
    }),

  /**
   * The payment plan at the company's minimum (`minCashCents` null) or at one the user is trying.
   * Under the company's key, so any runway.changed re-proposes it: a plan is only as good as the
   * books it was made from, and plan.apply refuses a stale one.
   */
  plan: (companyId: string, minCashCents: number | null) =>
    queryOptions({
      queryKey: [...companyKey(companyId), 'plan', minCashCents] as const,
      queryFn: () =>
        call('plan.propose', minCashCents === null ? { companyId } : { companyId, minCashCents }),
      // Each minimum typed in is a question of its own; only the company's own is worth keeping.
      ...(minCashCents === null ? {} : { gcTime: 60_000 })
    }),

  /** `changes` as JSON: the question's identity, whatever array instance the screen built it in. */
  scenario: (companyId: string, changes: string) =>
    queryOptions({
      queryKey: [...companyKey(companyId), 'scenario', changes] as const,
      queryFn: () =>
        call('scenarios.evaluate', { companyId, changes: JSON.parse(changes) as ScenarioChange[] }),
      // Every date typed into a dialog is a question of its own; old ones are not worth keeping.
      gcTime: 60_000
    })
}

/** After an action: everything shown about the company is reloaded (the core's event follows too). */
export function invalidateCompany(companyId: string): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: companyKey(companyId) })
}
