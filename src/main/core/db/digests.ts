// The weekly digests the job made, kept as they were sent: a finished week reads the same later.

import type { DigestView } from '../../../shared/views'
import type { Db, Sqlite } from './schema'

/** The digest stored for `weekEnd`, or the latest one when no week is named. */
export async function storedDigest(
  db: Db,
  companyId: string,
  weekEnd?: string
): Promise<DigestView | undefined> {
  const row = await db
    .selectFrom('digests')
    .select('digest_json')
    .where('company_id', '=', companyId)
    .$if(weekEnd !== undefined, (q) => q.where('week_end', '=', weekEnd!))
    .orderBy('week_end', 'desc')
    .executeTakeFirst()
  return row ? (JSON.parse(row.digest_json) as DigestView) : undefined
}

/** Companies with books (a runway snapshot), each with the first day it had them. */
export function companiesWithBooks(sqlite: Sqlite, companyId?: string): { id: string; first: string }[] {
  return sqlite
    .prepare(
      `select c.id, (select min(s.as_of) from runway_snapshots s where s.company_id = c.id) first
       from companies c where exists (select 1 from runway_snapshots s where s.company_id = c.id)
       ${companyId === undefined ? '' : 'and c.id = ?'}`
    )
    .all(...(companyId === undefined ? [] : [companyId])) as { id: string; first: string }[]
}

/** Keeps the first digest made for a week: a catch-up never rewrites one that went out. */
export function storeDigest(sqlite: Sqlite, view: DigestView): void {
  sqlite
    .prepare(
      'insert or ignore into digests (company_id, week_end, generated_at, digest_json) values (?, ?, ?, ?)'
    )
    .run(view.companyId, view.weekEnd, view.generatedAt, JSON.stringify(view))
}

/** Every stored digest, newest week first (of one company, or all): the list of the Digests screen. */
export function listDigests(
  sqlite: Sqlite,
  companyId?: string
): { company_id: string; name: string; week_end: string; generated_at: string; digest_json: string }[] {
  return sqlite
    .prepare(
      `select d.company_id, c.name, d.week_end, d.generated_at, d.digest_json
       from digests d join companies c on c.id = d.company_id
       where (? is null or d.company_id = ?)
       order by d.week_end desc, c.name collate nocase`
    )
    .all(companyId ?? null, companyId ?? null) as {
    company_id: string
    name: string
    week_end: string
    generated_at: string
    digest_json: string
  }[]
}

/** The week ends that have a digest, of one company, at or after `from`. */
export function digestWeeks(sqlite: Sqlite, companyId: string): string[] {
  return sqlite
    .prepare('select week_end from digests where company_id = ? order by week_end')
    .pluck()
    .all(companyId) as string[]
}

// -- forecast ledgers (runway/variance.ts) ---------------------------------------------------------

/** Keeps the day's last ledger; older days keep theirs for a month, and the newest is never dropped. */
export function keepLedger(
  sqlite: Sqlite,
  companyId: string,
  asOf: string,
  takenAt: string,
  json: string
): void {
  sqlite.transaction(() => {
    sqlite
      .prepare(
        'insert or replace into runway_ledgers (company_id, as_of, taken_at, ledger_json) values (?, ?, ?, ?)'
      )
      .run(companyId, asOf, takenAt, json)
    sqlite
      .prepare(
        `delete from runway_ledgers where company_id = ? and as_of < date(?, '-35 days')
           and as_of < (select max(as_of) from runway_ledgers where company_id = ?)`
      )
      .run(companyId, asOf, companyId)
  })()
}

/** The latest ledger of a day before `day` (undefined: the latest of all). */
export function ledgerBefore(
  sqlite: Sqlite,
  companyId: string,
  day?: string
): { as_of: string; ledger_json: string } | undefined {
  return sqlite
    .prepare(
      `select as_of, ledger_json from runway_ledgers where company_id = ? and (? is null or as_of < ?)
       order by as_of desc limit 1`
    )
    .get(companyId, day ?? null, day ?? null) as { as_of: string; ledger_json: string } | undefined
}

// -- emails of digests -------------------------------------------------------------------------------

/** The scope of the portfolio digest's emails, which are no one company's. */
export const PORTFOLIO_SCOPE = 'portfolio'

export interface DigestSendRow {
  id: number
  scope: string
  week_end: string
  recipient: string
  status: 'sending' | 'queued' | 'sent' | 'failed'
  forced: number
  batch_id: string
  requested_at: string
  sent_at: string | null
  message_id: string | null
  problem: string | null
  attempts: number
}

/** The emails of a week's digest (every recipient, every attempt), oldest first. */
export function digestSends(sqlite: Sqlite, scope: string, weekEnd?: string): DigestSendRow[] {
  return sqlite
    .prepare(`select * from digest_sends where scope = ? and (? is null or week_end = ?) order by id`)
    .all(scope, weekEnd ?? null, weekEnd ?? null) as DigestSendRow[]
}

/**
 * Records a send to `recipients` as `status` in one transaction, unless one of them already has the
 * week (sent, queued or on its way) and the send is not forced, or is still waiting: then nothing
 * is written and those recipients come back.
 */
export function claimDigestSend(
  sqlite: Sqlite,
  send: {
    scope: string
    weekEnd: string
    recipients: string[]
    force: boolean
    batchId: string
    now: string
  }
): { claimed: true } | { claimed: false; already: DigestSendRow[] } {
  return sqlite.transaction(() => {
    const rows = digestSends(sqlite, send.scope, send.weekEnd).filter((r) =>
      send.recipients.includes(r.recipient)
    )
    const blocking = rows.filter(
      (r) => r.status === 'queued' || r.status === 'sending' || (r.status === 'sent' && !send.force)
    )
    if (blocking.length > 0) return { claimed: false as const, already: blocking }
    const insert = sqlite.prepare(
      `insert into digest_sends (scope, week_end, recipient, status, forced, batch_id, requested_at)
       values (?, ?, ?, 'sending', ?, ?, ?)`
    )
    for (const r of send.recipients)
      insert.run(send.scope, send.weekEnd, r, send.force ? 1 : 0, send.batchId, send.now)
    return { claimed: true as const }
  })()
}

export function markDigestBatch(
  sqlite: Sqlite,
  batchId: string,
  patch: { status: DigestSendRow['status']; at: string; messageId?: string | null; problem?: string | null }
): void {
  sqlite
    .prepare(
      `update digest_sends set status = ?, sent_at = case when ? = 'sent' then ? else sent_at end,
         message_id = coalesce(?, message_id), problem = ?, attempts = attempts + 1 where batch_id = ?`
    )
    .run(patch.status, patch.status, patch.at, patch.messageId ?? null, patch.problem ?? null, batchId)
}

/** Batches waiting for the mail server, oldest first; claimed ('sending') so only one retry takes each. */
export function claimQueuedBatch(sqlite: Sqlite, batchId: string): boolean {
  return (
    sqlite
      .prepare(`update digest_sends set status = 'sending' where batch_id = ? and status = 'queued'`)
      .run(batchId).changes > 0
  )
}

export function queuedBatches(sqlite: Sqlite): { batch_id: string; scope: string; week_end: string }[] {
  return sqlite
    .prepare(
      `select batch_id, scope, week_end, min(id) first from digest_sends where status = 'queued'
       group by batch_id order by first`
    )
    .all() as { batch_id: string; scope: string; week_end: string }[]
}

export function batchRecipients(sqlite: Sqlite, batchId: string): string[] {
  return sqlite
    .prepare('select recipient from digest_sends where batch_id = ? order by id')
    .pluck()
    .all(batchId) as string[]
}

/** A batch still waiting for the mail server, or stopped by it, as the outbox shows it. */
export interface UnsentDigestBatch {
  batch_id: string
  scope: string
  week_end: string
  recipients: string
  status: 'queued' | 'sending' | 'failed'
  requested_at: string
  attempts: number
  problem: string | null
}

/** Emails not (yet) sent, one row a batch, oldest first; a scope narrows it to one company's. */
export function unsentDigestBatches(sqlite: Sqlite, scope?: string): UnsentDigestBatch[] {
  return sqlite
    .prepare(
      `select batch_id, scope, week_end, group_concat(recipient, ', ') recipients, max(status) status,
         min(requested_at) requested_at, max(attempts) attempts, max(problem) problem, min(id) first
       from digest_sends where status in ('queued', 'sending', 'failed') and (? is null or scope = ?)
       group by batch_id order by first`
    )
    .all(scope ?? null, scope ?? null) as UnsentDigestBatch[]
}

/**
 * Forgets a batch that is waiting or failed (a waiting one is thereby cancelled); one a retry has
 * taken ('sending') or that went is left alone. The rows it forgot come back.
 */
export function forgetUnsentDigestBatch(sqlite: Sqlite, batchId: string): UnsentDigestBatch | null {
  return sqlite.transaction(() => {
    const batch = unsentDigestBatches(sqlite).find((b) => b.batch_id === batchId && b.status !== 'sending')
    if (!batch) return null
    const gone = sqlite
      .prepare(`delete from digest_sends where batch_id = ? and status in ('queued', 'failed')`)
      .run(batchId).changes
    return gone > 0 ? batch : null
  })()
}

/** Sends an app that stopped mid-way left 'sending': the server may have taken them. */
export function interruptedSends(sqlite: Sqlite, now: string): number {
  return sqlite
    .prepare(
      `update digest_sends set status = 'failed', problem = ?, sent_at = null where status = 'sending'`
    )
    .run(`The app stopped while this was being sent (${now}): check the sent mail before sending again.`)
    .changes
}

export function digestRecipients(sqlite: Sqlite, companyId: string): string[] {
  const json = sqlite
    .prepare('select recipients_json from digest_recipients where company_id = ?')
    .pluck()
    .get(companyId) as string | undefined
  return json ? (JSON.parse(json) as string[]) : []
}

export function setDigestRecipients(sqlite: Sqlite, companyId: string, recipients: string[]): void {
  sqlite
    .prepare(
      `insert into digest_recipients (company_id, recipients_json) values (?, ?)
       on conflict (company_id) do update set recipients_json = excluded.recipients_json`
    )
    .run(companyId, JSON.stringify(recipients))
}

/** Keeps a digest, in a transaction (a digest another desktop of the firm made, pulled). */
export async function keepDigest(db: Db, view: DigestView): Promise<void> {
  await db
    .insertInto('digests')
    .values({
      company_id: view.companyId,
      week_end: view.weekEnd,
      generated_at: view.generatedAt,
      digest_json: JSON.stringify(view)
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
}
