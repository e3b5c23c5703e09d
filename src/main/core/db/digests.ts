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

/** Companies with books (a runway snapshot) and no digest yet for `weekEnd`. */
export function companiesWithoutDigest(sqlite: Sqlite, weekEnd: string): string[] {
  return sqlite
    .prepare(
      `select c.id from companies c
       where exists (select 1 from runway_snapshots s where s.company_id = c.id)
         and not exists (select 1 from digests d where d.company_id = c.id and d.week_end = ?)`
    )
    .pluck()
    .all(weekEnd) as string[]
}

/** Keeps the first digest made for a week: a catch-up never rewrites one that went out. */
export function storeDigest(sqlite: Sqlite, view: DigestView): void {
  sqlite
    .prepare(
      'insert or ignore into digests (company_id, week_end, generated_at, digest_json) values (?, ?, ?, ?)'
    )
    .run(view.companyId, view.weekEnd, view.generatedAt, JSON.stringify(view))
}
