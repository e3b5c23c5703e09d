// Whether a company's cached books are whole, and the last whole copy of them. A full read writes
// page by page (so an interrupted one resumes), which leaves the cache half written while it runs
// and after it fails: bills without the invoices they would be set against. The engine must never
// read that; it reads the copy kept from the last time the cache was whole instead.

import type { Books } from '../runway'
import type { Sqlite } from './schema'

export interface Unfinished {
  /** ISO instant the earliest unfinished full read began; null when no type was ever read. */
  since: string | null
}

/**
 * Null when every entity type has been read in full and no full read is under way or was left
 * interrupted; else since when it has not been whole.
 */
export function unfinishedRead(sqlite: Sqlite, companyId: string): Unfinished | null {
  const row = sqlite
    .prepare(
      `select count(*) types,
              sum(full_pages is not null or last_synced_at is null) unfinished,
              min(case when full_pages is not null then full_started_at end) since
       from sync_state where company_id = ?`
    )
    .get(companyId) as { types: number; unfinished: number | null; since: string | null }
  if (row.types === 0) return { since: null }
  return (row.unfinished ?? 0) > 0 ? { since: row.since } : null
}

export function keepConsistentBooks(sqlite: Sqlite, companyId: string, syncedAt: string, books: Books): void {
  sqlite
    .prepare(
      `insert into consistent_books (company_id, synced_at, books_json) values (?, ?, ?)
       on conflict (company_id) do update set synced_at = excluded.synced_at, books_json = excluded.books_json`
    )
    .run(companyId, syncedAt, JSON.stringify(books))
}

export function consistentBooks(
  sqlite: Sqlite,
  companyId: string
): { syncedAt: string; books: Books } | undefined {
  const row = sqlite
    .prepare(`select synced_at, books_json from consistent_books where company_id = ?`)
    .get(companyId) as { synced_at: string; books_json: string } | undefined
  return row ? { syncedAt: row.synced_at, books: JSON.parse(row.books_json) as Books } : undefined
}
