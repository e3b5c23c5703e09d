// One place where core events reach the stores, so every screen sees the same, current picture.

import { onEvent } from '../lib/api'
import { useAppStore } from './app'
import { useCompanyStore } from './company'
import { useDigestStore } from './digest'
import { notify } from './notices'
import { useOutboxStore } from './outbox'
import { usePortfolioStore } from './portfolio'
import { useSyncStore } from './sync'

/** Collapses bursts (a sync emits many events) into one reload. */
function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  return () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      fn()
    }, ms)
  }
}

export function connectEvents(): () => void {
  const refreshPortfolio = debounce(() => void usePortfolioStore.getState().refresh(), 150)
  const refreshCompanies = debounce(() => void useAppStore.getState().refresh(), 150)
  const companyTimers = new Map<string, () => void>()
  const refreshCompany = (companyId: string) => {
    let fn = companyTimers.get(companyId)
    if (!fn) {
      fn = debounce(() => {
        void useCompanyStore.getState().refresh(companyId)
        void useDigestStore.getState().refresh(companyId)
      }, 100)
      companyTimers.set(companyId, fn)
    }
    fn()
  }

  const offs = [
    onEvent('companies.changed', () => {
      refreshCompanies()
      refreshPortfolio()
    }),
    onEvent('runway.changed', ({ companyId }) => {
      refreshCompany(companyId)
      refreshPortfolio()
    }),
    onEvent(
      'digest.ready',
      ({ companyId, weekEnd }) => void useDigestStore.getState().ready(companyId, weekEnd)
    ),
    onEvent('settings.changed', (settings) => useDigestStore.getState().setWeekday(settings.digestWeekday)),
    onEvent('outbox.changed', ({ companyId }) => {
      void useOutboxStore.getState().refresh()
      refreshCompany(companyId)
    }),
    onEvent('sync.progress', (p) => {
      // A company connected moments ago (test drive, connect) syncs before companies.changed says so.
      if (!useAppStore.getState().companies.some((c) => c.id === p.companyId)) refreshCompanies()
      useSyncStore.getState().progress(p.companyId, { entity: p.entity, done: p.done, total: p.total })
      usePortfolioStore
        .getState()
        .noteProgress(p.companyId, { entity: p.entity, done: p.done, total: p.total })
    }),
    onEvent('sync.finished', (summary) => {
      useSyncStore.getState().finished(summary)
      refreshCompanies()
      refreshPortfolio()
    }),
    onEvent('sync.failed', ({ companyId, error }) => {
      useSyncStore.getState().failed(companyId, error)
      refreshCompanies()
    }),
    onEvent('bills.payDue', ({ companyId, billIds }) => {
      const name = useAppStore.getState().companies.find((c) => c.id === companyId)?.name ?? 'A client'
      notify(
        {
          tone: 'warning',
          text: `${name}: ${billIds.length === 1 ? '1 bill is' : `${billIds.length} bills are`} planned for payment today.`,
          action: {
            label: 'Open console',
            run: () => useAppStore.getState().selectCompany(companyId, 'console')
          }
        },
        15_000
      )
    })
  ]
  return () => offs.forEach((off) => off())
}
