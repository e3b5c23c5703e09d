// db/schema.ts types every statement of the data layer: it must name exactly the tables and columns
// the migrations make, or a query can compile against a column that does not exist.

import ts from 'typescript'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openCache, type CacheDb } from '../../../src/main/core/db/connect'
import { tempDir } from '../../helpers/temp'

const tmp = tempDir()
let cache: CacheDb | undefined
afterAll(async () => {
  await cache?.close()
  tmp.cleanup()
})

/** Table → column names, as the TypeScript compiler reads the `DB` interface of schema.ts. */
function declaredSchema(): Record<string, string[]> {
  const file = fileURLToPath(new URL('../../../src/main/core/db/schema.ts', import.meta.url))
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, noEmit: true })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(file)!
  const db = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB'
  )!
  const tables: Record<string, string[]> = {}
  for (const table of checker.getTypeAtLocation(db).getProperties()) {
    const type = checker.getTypeOfSymbolAtLocation(table, db)
    tables[table.name] = type
      .getProperties()
      .map((column) => column.name)
      .sort()
  }
  return tables
}

describe('db/schema.ts', () => {
  it('names every table and column the migrations make, and nothing else', { timeout: 30_000 }, async () => {
    cache = await openCache({ dataDir: tmp.dir })
    const sqlite = cache.sqlite
    const actual: Record<string, string[]> = {}
    const tablesOf = (schema: string): string[] =>
      sqlite
        .prepare(
          `select name from ${schema}.sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`
        )
        .pluck()
        .all() as string[]
    const names = [...tablesOf('main'), ...tablesOf('cache')]
    for (const name of names) {
      actual[name] = (sqlite.prepare(`pragma table_info(${name})`).all() as { name: string }[])
        .map((c) => c.name)
        .sort()
    }
    expect(declaredSchema()).toEqual(actual)
    // The cache file holds the copy of QBO's books and the sync's cursors, and nothing the user made.
    expect(tablesOf('cache').sort()).toEqual(
      names
        .filter((name) => name.startsWith('qbo_') || name === 'sync_state' || name === 'consistent_books')
        .sort()
    )
  })
})
