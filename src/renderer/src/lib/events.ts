// One place where core events reach the renderer: they invalidate the server state a screen shows
// (lib/queries) and feed the UI stores that only events know about (sync runs, the test drive,
// notices), so every screen sees the same, current picture.

import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { useAppStore } from '../stores/app'
import { notify, queuedKey, useNoticeStore } from '../stores/notices'
import { useSyncStore } from '../stores/sync'
import { useTestDriveStore } from '../stores/testDrive'
import { onEvent } from './api'
import { companyKey, portfolioKey, queries } from './queries'

/** Collapses bursts (a sync emits many events) into one reload once they pause, and one at least
 *  every `maxWaitMs` while they last: a long sync must not keep a screen from ever reloading. */
function debounce(fn: () => void, ms: number, maxWaitMs = 1000): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let burstStart = 0
  return () => {
    const now = Date.now()
    if (timer) clearTimeout(timer)
    else burstStart = now
    timer = setTimeout(
      () => {
        timer = null
        fn()
      },
      Math.max(0, Math.min(ms, burstStart + maxWaitMs - now))
    )
  }
}

/**
 * The outbox moved: what was waiting and has now gone to QuickBooks is confirmed, and once nothing
 * of the company waits, its "queued" notices go (they would otherwise still say it is waiting).
 */
async function outboxSettled(client: QueryClient, companyId: string): Promise<void> {
  const before = client.getQueryData(queries.outbox.queryKey) ?? []
  const waiting = new Set(before.filter((i) => i.status === 'pending').map((i) => i.id))
  await client.invalidateQueries({ queryKey: queries.outbox.queryKey })
  const after = await client.fetchQuery(queries.outbox).catch(() => null)
  if (!after) return
  for (const item of after)
    if (waiting.has(item.id) && item.status === 'done')
      notify({ tone: 'success', text: `Sent to QuickBooks: ${item.summary}` })
  // The queued notice is about QuickBooks: a digest email waiting for the mail server does not keep it.
  if (!after.some((i) => i.companyId === companyId && i.status === 'pending' && i.action !== 'digest.send'))
    useNoticeStore.getState().dismissKey(queuedKey(companyId))
}

export function connectEvents(client: QueryClient): () => void {
  const invalidate = (queryKey: QueryKey) => void client.invalidateQueries({ queryKey })
  const refreshPortfolio = debounce(() => invalidate(portfolioKey), 150)
  const refreshCompanies = debounce(() => invalidate(queries.companies.queryKey), 150)
  // Every action and decision is audited before the event that says it changed something.
  const refreshActivity = debounce(() => invalidate(['activity']), 150)
  const refreshSyncHistory = debounce(() => invalidate(['sync-history']), 150)
  const companyTimers = new Map<string, () => void>()
  const refreshCompany = (companyId: string) => {
    let fn = companyTimers.get(companyId)
    if (!fn) {
      fn = debounce(() => invalidate(companyKey(companyId)), 100)
      companyTimers.set(companyId, fn)
    }
    fn()
  }
  const companyName = (companyId: string) =>
    client.getQueryData(queries.companies.queryKey)?.find((c) => c.id === companyId)?.name

  const offs = [
    onEvent('companies.changed', () => {
      refreshCompanies()
      refreshPortfolio()
      refreshActivity()
    }),
    onEvent('runway.changed', ({ companyId }) => {
      refreshCompany(companyId)
      refreshPortfolio()
      refreshActivity()
    }),
    onEvent('digest.ready', ({ companyId, weekEnd }) => {
      invalidate(queries.digest(companyId, weekEnd).queryKey)
      invalidate(['digests'])
    }),
    // A sync took days off a runway: said in the app (the desktop app shows a notification too).
    onEvent('runway.alert', (alert) => {
      notify(
        {
          tone: alert.toStatus === 'critical' ? 'error' : 'warning',
          text: `${alert.companyName}: ${alert.message}`,
          action: { label: 'Open', run: () => useAppStore.getState().selectCompany(alert.companyId) }
        },
        30_000
      )
    }),
    onEvent('company.open', ({ companyId }) => useAppStore.getState().selectCompany(companyId)),
    onEvent('settings.changed', (settings) => client.setQueryData(queries.settings.queryKey, settings)),
    onEvent('outbox.changed', ({ companyId }) => {
      void outboxSettled(client, companyId)
      refreshCompany(companyId)
      refreshActivity()
    }),
    onEvent('sync.progress', (p) => {
      // A company connected moments ago (test drive, connect) syncs before companies.changed says so.
      if (companyName(p.companyId) === undefined) refreshCompanies()
      const progress = { entity: p.entity, done: p.done, total: p.total }
      useSyncStore.getState().progress(p.companyId, progress)
      useTestDriveStore.getState().noteProgress(p.companyId, progress)
    }),
    // Either end of a sync can change whether a company's figures are marked stale.
    onEvent('sync.finished', (summary) => {
      useSyncStore.getState().finished(summary)
      refreshSyncHistory()
      refreshActivity()
      refreshCompanies()
      refreshCompany(summary.companyId)
      refreshPortfolio()
    }),
    onEvent('sync.failed', ({ companyId, error }) => {
      useSyncStore.getState().failed(companyId, error)
      refreshSyncHistory()
      refreshCompanies()
      refreshCompany(companyId)
      refreshPortfolio()
    }),
    onEvent('bills.payDue', ({ companyId, billIds }) => {
      notify(
        {
          tone: 'warning',
          text: `${companyName(companyId) ?? 'A client'}: ${billIds.length === 1 ? '1 bill is' : `${billIds.length} bills are`} planned for payment today.`,
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
