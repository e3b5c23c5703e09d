// The CPU floor of a first sync, measured in the same run (issue 19): one thread JSON.parses the
// page bodies the sync received and inserts the rows the sync wrote, with raw prepared statements
// in one transaction, into a fresh cache file opened with the same settings. Nothing a real sync must do
// besides (HTTP, finding records in the bytes, validating, mapping, cursors) is in it.
import { join } from 'node:path'
import { createCore } from '../../src/main/core'
import { connectTo } from '../../src/main/core/db/connection'
import { CACHE_FILE } from '../../src/main/core/db/data-files'
import { mappingFor } from '../../src/main/core/db/cache-mapping'
import { SYNCED_ENTITIES } from '../../src/main/core/qbo/entities'

export interface LogEntry {
  path: string
  query: Record<string, string>
  area: string
}

/** The bodies of the query pages a sync asked for, fetched again with the same request lines. */
export async function pageBodies(baseUrl: string, token: string, log: LogEntry[]): Promise<Buffer[]> {
  const pages = log.filter(
    (e) => e.area === 'api' && e.path.endsWith('/query') && /startposition/i.test(e.query.query ?? '')
  )
  const bodies: Buffer[] = []
  for (const e of pages) {
    const res = await fetch(`${baseUrl}${e.path}?${new URLSearchParams(e.query).toString()}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }
    })
    if (!res.ok) throw new Error(`page ${e.query.query}: ${res.status}`)
    bodies.push(Buffer.from(await res.arrayBuffer()))
  }
  return bodies
}

export function parseMs(bodies: Buffer[]): number {
  const t = performance.now()
  for (const body of bodies) JSON.parse(body.toString('utf8'))
  return performance.now() - t
}

/** Every row the sync wrote for `companyId`, table by table (columns in table order). */
export function syncedRows(
  dataDir: string,
  companyId: string
): { table: string; columns: string[]; rows: unknown[][] }[] {
  const db = connectTo(join(dataDir, CACHE_FILE))
  try {
    const tables = [...new Set(SYNCED_ENTITIES.map((e) => mappingFor(e).table)), 'qbo_links']
    return tables.map((table) => {
      const statement = db.prepare(`select * from ${table} where company_id = ?`).raw(true)
      const columns = statement.columns().map((c) => c.name)
      return { table, columns, rows: statement.all(companyId) as unknown[][] }
    })
  } finally {
    db.close()
  }
}

/** Inserts `tables` into a fresh cache in `dir` (same schema and settings), timed, one transaction. */
export async function insertMs(
  dir: string,
  tables: { table: string; columns: string[]; rows: unknown[][] }[]
): Promise<number> {
  const core = await createCore({ dataDir: dir, host: 'cli', jobs: false })
  await core.stop()
  const db = connectTo(join(dir, CACHE_FILE))
  try {
    const statements = tables.map((t) => ({
      rows: t.rows,
      insert: db.prepare(
        `insert into ${t.table} (${t.columns.join(', ')}) values (${t.columns.map(() => '?').join(', ')})`
      )
    }))
    const t = performance.now()
    db.transaction(() => {
      for (const { rows, insert } of statements) for (const row of rows) insert.run(row)
    })()
    return performance.now() - t
  } finally {
    db.close()
  }
}
