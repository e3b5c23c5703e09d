import { parseMoney } from '../../src/shared/money'
import { SYNCED_ENTITIES } from '../../src/main/core/qbo/entities'
import { mappingFor } from '../../src/main/core/db/cache-mapping'
import { openDataFolder } from './data-folder'

type Rec = Record<string, unknown>

export interface Snapshot {
  [entity: string]: {
    count: number
    ids: string
    totalCents: number
    balanceCents: number
    syncTokens: string
  }
}

const money = (v: unknown): number => (typeof v === 'number' ? parseMoney(v) : 0)

/** What the sandbox holds for a realm, per synced entity, read through its control plane. */
export async function sandboxSnapshot(sandboxUrl: string, realmId: string): Promise<Snapshot> {
  const out: Snapshot = {}
  for (const entity of SYNCED_ENTITIES) {
    const { records } = (await (
      await fetch(`${sandboxUrl}/_sandbox/realms/${realmId}/entities/${entity}?limit=1000000`)
    ).json()) as { records: Rec[] }
    const sorted = [...records].sort((a, b) => Number(a.Id) - Number(b.Id))
    out[entity] = {
      count: records.length,
      ids: sorted.map((r) => r.Id).join(','),
      totalCents: records.reduce((s, r) => s + money(r.TotalAmt ?? r.CurrentBalance ?? r.Balance), 0),
      balanceCents: records.reduce((s, r) => s + money(r.Balance), 0),
      syncTokens: sorted.map((r) => r.SyncToken).join(',')
    }
  }
  return out
}

/** The same figures from the cache's SQLite file. */
export function cacheSnapshot(dataDir: string, companyId: string): Snapshot {
  const db = openDataFolder(dataDir, { readonly: true })
  try {
    const out: Snapshot = {}
    for (const entity of SYNCED_ENTITIES) {
      const { table } = mappingFor(entity)
      const rows = db
        .prepare(
          `select qbo_id, sync_token, raw_json from ${table} where company_id = ? order by cast(qbo_id as integer)`
        )
        .all(companyId) as { qbo_id: string; sync_token: string; raw_json: string }[]
      const records = rows.map((r) => JSON.parse(r.raw_json) as Rec)
      out[entity] = {
        count: rows.length,
        ids: rows.map((r) => r.qbo_id).join(','),
        totalCents: records.reduce((s, r) => s + money(r.TotalAmt ?? r.CurrentBalance ?? r.Balance), 0),
        balanceCents: records.reduce((s, r) => s + money(r.Balance), 0),
        syncTokens: rows.map((r) => r.sync_token).join(',')
      }
    }
    return out
  } finally {
    db.close()
  }
}

export function integrityOk(dataDir: string): boolean {
  const db = openDataFolder(dataDir, { readonly: true })
  try {
    return db.pragma('integrity_check', { simple: true }) === 'ok'
  } finally {
    db.close()
  }
}
