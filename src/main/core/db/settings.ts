import { defaultSettings, settingsSchema, type Settings } from '../../../shared/contract'
import type { Db, Sqlite } from './schema'

export async function readSettings(db: Db): Promise<Settings> {
  return merged(await db.selectFrom('settings').select(['key', 'value_json']).execute())
}

/** The same, synchronously: for the screens, which prepare a company's runway in one go. */
export function readSettingsNow(sqlite: Sqlite): Settings {
  return merged(
    sqlite.prepare('select key, value_json from settings').all() as { key: string; value_json: string }[]
  )
}

function merged(rows: readonly { key: string; value_json: string }[]): Settings {
  const stored: Record<string, unknown> = {}
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value_json)
    } catch {
      // An unreadable value falls back to its default rather than breaking every screen.
    }
  }
  const merged = { ...defaultSettings }
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const parsed = settingsSchema.shape[key].safeParse(stored[key])
    if (parsed.success) (merged as Record<string, unknown>)[key] = parsed.data
  }
  return merged
}

export async function writeSettings(db: Db, patch: Partial<Settings>, now: string): Promise<void> {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    await db
      .insertInto('settings')
      .values({ key, value_json: JSON.stringify(value), updated_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value_json: JSON.stringify(value), updated_at: now })
      )
      .execute()
  }
}
