// A damaged database is noticed and healed. Both files are checked on a thread of their own shortly
// after start (not before the first screen: the check reads every page, so start-up would take as
// long as the books are big), and again whenever an error says "malformed" (a read met a damaged
// page). A damaged cache is set aside and made anew, its books read again from QBO; the user file
// cannot be swapped under a running app, so that one is restored from its newest whole backup at
// the next start (a mark left in the folder says so), and until then every call says so.

import type { ErrorValue } from '../../shared/errors'
import type { CoreContext } from './context'
import { logActivity } from './db/activity'
import { forgetSyncs } from './db/companies'
import { isCorruption, type Repair } from './db/data-files'
import { appendLog } from './log'

/** The longest the check after start waits for full reads to end (a firm's "sync all" reads for minutes). */
const POSTPONE_MAX_MS = 60_000
/** How often it looks again while it waits. */
const POSTPONE_STEP_MS = 250

export class DataGuard {
  private checking: Promise<boolean> | null = null
  /** The check that follows start, then the user file's backup when one is due. */
  private afterStart: { done: Promise<void>; started: boolean; cancel(): void } | null = null
  /** Set when the user file is found damaged while running: nothing more is written to it. */
  userDamaged: string | null = null

  constructor(
    private readonly ctx: CoreContext,
    /** A cache made anew: every company's books are read again. */
    private readonly rebuilt: () => void
  ) {}

  /** Whether an error, or an error value's message, says a database file is damaged. */
  static damaging(error: unknown): boolean {
    const value = error as Partial<ErrorValue> | null
    return (
      isCorruption(error) || (typeof value?.message === 'string' && isCorruption(new Error(value.message)))
    )
  }

  /** After an error: when it says a file is damaged, both are checked, one check at a time. */
  async noticed(error: unknown): Promise<void> {
    if (DataGuard.damaging(error)) await this.verify()
  }

  /**
   * Checks both files now; true when the cache was damaged and has been made anew. A sync the user
   * asked for ends with this, so it never says ok over a damaged file: a damaged page a sync does
   * not read (most of them, for a sync of the changes) raises no error on its own.
   */
  async verify(): Promise<boolean> {
    this.checking ??= this.check().finally(() => {
      this.checking = null
    })
    return this.checking
  }

  /**
   * `delayMs` after start, both files are checked (then the user file is backed up when a backup is
   * due and it is whole), then `housekeeping` runs: by then the first screen has its figures. While
   * `reading` says a full read of QBO is under way, the check waits for it, up to POSTPONE_MAX_MS:
   * it reads every page of a cache that the read is writing, on the core the read's pages are
   * parsed on (a large company's first sync right after start took 0.1 s longer with it).
   */
  checkAfterStart(delayMs: number, housekeeping: () => Promise<unknown>, reading: () => boolean): void {
    let settle = (): void => undefined
    const done = new Promise<void>((resolve) => (settle = resolve))
    const failed = (what: string) => (error: unknown) =>
      appendLog(
        this.ctx.config.dataDir,
        this.ctx.clock.now().toISOString(),
        `${what} after start failed: ${error instanceof Error ? error.message : String(error)}`
      )
    const latest = performance.now() + delayMs + POSTPONE_MAX_MS
    const run = (): void => {
      if (reading() && performance.now() < latest) {
        timer = setTimeout(run, Math.max(delayMs, POSTPONE_STEP_MS))
        timer.unref()
        return
      }
      this.afterStart!.started = true
      void this.verify()
        .then(async () => {
          if (this.userDamaged === null) await this.ctx.cache.backUpIfDue()
        })
        .catch(failed('the check of the data files'))
        .then(housekeeping)
        .catch(failed('the housekeeping'))
        .finally(settle)
    }
    let timer = setTimeout(run, delayMs)
    timer.unref()
    this.afterStart = {
      done,
      started: false,
      cancel: () => {
        clearTimeout(timer)
        settle()
      }
    }
  }

  /** Resolves once the check after start has run (at once when none was asked for). */
  async checkedAfterStart(): Promise<void> {
    await this.afterStart?.done
  }

  /** Before the files close: a check not begun yet is not begun; one under way is waited for. */
  async stop(): Promise<void> {
    const pending = this.afterStart
    if (!pending) return
    if (!pending.started) pending.cancel()
    await pending.done
  }

  /** What was found and done, in the audit trail and the log (the file's own problem included). */
  async record(repair: Repair): Promise<void> {
    const { ctx } = this
    const at = ctx.clock.now().toISOString()
    const what =
      repair.file === 'cache'
        ? `the cache of QuickBooks data was damaged (${repair.problem}); it was set aside at ${repair.keptAt} and is read again from QuickBooks`
        : `the file of your own data was damaged (${repair.problem}); it was set aside at ${repair.keptAt} and ${
            repair.restoredFrom
              ? `restored from the backup ${repair.restoredFrom}`
              : 'no whole backup was found'
          }`
    appendLog(ctx.config.dataDir, at, what)
    await logActivity(ctx.cache.db, {
      at,
      companyId: null,
      actor: 'system',
      action: 'data.repaired',
      details: { ...repair }
    })
    if (repair.file === 'cache') await this.cacheMadeAnew()
  }

  /** The books the companies' last syncs read are gone with the old cache: each reads in full again. */
  async cacheMadeAnew(): Promise<void> {
    await forgetSyncs(this.ctx.cache.db)
    this.rebuilt()
  }

  private async check(): Promise<boolean> {
    const found = await this.ctx.cache.check()
    if (!found) return false
    if (found.file === 'user') {
      this.userDamaged = found.problem
      this.ctx.cache.userDamaged(found.problem)
      appendLog(
        this.ctx.config.dataDir,
        this.ctx.clock.now().toISOString(),
        `the file of your own data is damaged (${found.problem}): restart the app to restore it from its newest backup`
      )
      return false
    }
    await this.record(await this.ctx.cache.replaceCache(found.problem))
    return true
  }
}
