// Holds the as-of reconstruction to the app's own reading of the books: on the last day of a realm's
// history the rebuilt `Books` must be what books-reader reads after a sync of the same records.
// If they differ, the backtest would be measuring the engine on books the app never shows it.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RealmData } from '@runway/qbo-sandbox'
import { openCache } from '../../../src/main/core/db/connect'
import { CacheWriter } from '../../../src/main/core/db/cache-writer'
import { BooksReader } from '../../../src/main/core/db/books-reader'
import { SYNCED_ENTITIES } from '../../../src/main/core/qbo/entities'
import type { Books } from '../../../src/main/core/runway'
import { addDays, type LocalDate } from '../../../src/shared/dates'
import { booksAsOf, type RealmIndex } from './as-of-books'

/** Differences by field of `Books`, as "field: n rows only in the reader, m only rebuilt". */
export async function checkAgainstReader(
  realm: RealmData,
  index: RealmIndex,
  today: LocalDate
): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'runway-backtest-'))
  const cache = await openCache({ dataDir: dir })
  try {
    cache.sqlite
      .prepare(
        `insert into companies (id, name, realm_id, environment, status, created_at) values ('c', ?, ?, 'custom', 'connected', ?)`
      )
      .run(realm.companyName, realm.realmId, `${today}T00:00:00Z`)
    const writer = new CacheWriter(cache.sqlite)
    const prefs = [...realm.entities.Preferences.values()][0] as Record<string, unknown> | undefined
    const home = (
      (prefs?.CurrencyPrefs as Record<string, unknown> | undefined)?.HomeCurrency as
        { value?: string } | undefined
    )?.value
    writer.transaction(() => {
      writer.upsert('c', 'CompanyInfo', [...realm.entities.CompanyInfo.values()], 1)
      writer.setHomeCurrency('c', home ?? null)
      for (const entity of SYNCED_ENTITIES)
        writer.upsert('c', entity, [...realm.entities[entity].values()], 1)
    })
    const read = new BooksReader(cache.sqlite).books('c', today)
    return diffBooks(read, booksAsOf(index, addDays(today, -1)))
  } finally {
    await cache.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export function diffBooks(read: Books, rebuilt: Books): string[] {
  const out: string[] = []
  const keys = new Set([...Object.keys(read), ...Object.keys(rebuilt)])
  for (const key of [...keys].sort()) {
    const a = (read as unknown as Record<string, unknown>)[key]
    const b = (rebuilt as unknown as Record<string, unknown>)[key]
    if (a === undefined || b === undefined) {
      out.push(`${key}: only ${a === undefined ? 'rebuilt' : 'in the reader'}`)
      continue
    }
    if (!Array.isArray(a) || !Array.isArray(b)) {
      if (canonical(a) !== canonical(b)) out.push(`${key}: reader ${canonical(a)}, rebuilt ${canonical(b)}`)
      continue
    }
    const left = new Map<string, number>()
    for (const row of a) left.set(canonical(row), (left.get(canonical(row)) ?? 0) + 1)
    let onlyRebuilt = 0
    for (const row of b) {
      const k = canonical(row)
      const n = left.get(k) ?? 0
      if (n > 0) left.set(k, n - 1)
      else onlyRebuilt += 1
    }
    const onlyRead = [...left.values()].reduce((s, n) => s + n, 0)
    if (onlyRead > 0 || onlyRebuilt > 0) {
      const example = [...left].find(([, n]) => n > 0)?.[0]
      out.push(
        `${key}: ${onlyRead} rows only in the reader, ${onlyRebuilt} only rebuilt${example ? ` (e.g. ${example.slice(0, 200)})` : ''}`
      )
    }
  }
  return out
}

/** JSON with keys sorted and undefined fields dropped, so field order and absent optionals match. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v
  )
}
