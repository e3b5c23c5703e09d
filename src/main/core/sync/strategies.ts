// When each company syncs: the four strategies and how user activity moves the interval.

export type SyncStrategy = 'ON_DEMAND' | 'EVENT_TRIGGERED' | 'SCHEDULED' | 'BACKGROUND'

export interface TimingSettings {
  scheduledSyncMinutes: number
  backgroundSyncMinutes: number
}

const MINUTE = 60_000
/** Activity this recent means someone is working on the company right now. */
export const HOT_WINDOW_MS = 10 * MINUTE
/** While hot, sync at least this often (the scheduled interval shortened). */
export const HOT_INTERVAL_MS = 15 * MINUTE
/** Activity older than this (or none) means idle: background timing. */
export const IDLE_AFTER_MS = 60 * MINUTE

export interface Due {
  strategy: 'SCHEDULED' | 'BACKGROUND'
  intervalMs: number
  /** ms epoch; null when the company never synced (due now). */
  at: number | null
}

/**
 * Hot (activity in the last 10 min): every 15 min, or the scheduled interval if shorter.
 * Open (activity in the last hour): the scheduled interval (default 60 min).
 * Idle: the background interval (default 240 min).
 */
export function nextDue(
  lastSyncAt: number | null,
  lastActivityAt: number | null,
  now: number,
  settings: TimingSettings
): Due {
  const sinceActivity = lastActivityAt === null ? Number.POSITIVE_INFINITY : now - lastActivityAt
  const scheduled = settings.scheduledSyncMinutes * MINUTE
  let strategy: Due['strategy'] = 'SCHEDULED'
  let intervalMs = scheduled
  if (sinceActivity <= HOT_WINDOW_MS) intervalMs = Math.min(HOT_INTERVAL_MS, scheduled)
  else if (sinceActivity > IDLE_AFTER_MS) {
    strategy = 'BACKGROUND'
    intervalMs = settings.backgroundSyncMinutes * MINUTE
  }
  return { strategy, intervalMs, at: lastSyncAt === null ? null : lastSyncAt + intervalMs }
}

export function isDue(due: Due, now: number): boolean {
  return due.at === null || due.at <= now
}
