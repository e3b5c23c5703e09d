// Writes QBO records into the cache with prepared statements on the raw better-sqlite3 handle: a
// page of 1000 rows and its sync cursor go in ONE transaction, so a crash never leaves half a page
// or a cursor ahead of its data.

import type Database from 'better-sqlite3'
import type { EntityName } from '../qbo/entities'
import { mappingFor, recordCells, type Cell, type EntityMapping, type Link } from './cache-mapping'
import { RowReader, type PageRows } from './page-rows'

type Json = Record<string, unknown>

export interface CursorUpdate {
  entity: EntityName
  fullRun?: number
  /** Start positions of the pages written so far in a full sync; null when none is under way. */
  fullPages?: number[] | null
  fullStartedAt?: string | null
  fullDoneAt?: string | null
  cdcSince?: string | null
  lastSyncedAt?: string | null
  fullKnownDeleted?: string[] | null
}

export interface SyncStateRow {
  entity: string
  full_run: number
  full_pages: string | null
  full_started_at: string | null
  full_done_at: string | null
  cdc_since: string | null
  last_synced_at: string | null
  full_known_deleted: string | null
}

const CURSOR_COLUMNS: [keyof Omit<CursorUpdate, 'entity'>, string][] = [
  ['fullRun', 'full_run'],
  ['fullPages', 'full_pages'],
  ['fullStartedAt', 'full_started_at'],
  ['fullDoneAt', 'full_done_at'],
  ['cdcSince', 'cdc_since'],
  ['lastSyncedAt', 'last_synced_at'],
  ['fullKnownDeleted', 'full_known_deleted']
]

interface Statements {
  upsert: Database.Statement
  remove: Database.Statement
  any: Database.Statement
  mapping: EntityMapping
}

export class CacheWriter {
  /** Transactions of this writer under way (see `transaction`). */
  private depth = 0
  private readonly statements = new Map<EntityName, Statements>()
  private readonly removeLinks: Database.Statement
  private readonly insertLink: Database.Statement
  private readonly ensureState: Database.Statement
  private readonly cursorUpdates = new Map<string, Database.Statement>()
  private readonly selectStates: Database.Statement

  constructor(private readonly sqlite: Database.Database) {
    this.removeLinks = sqlite.prepare(
      'delete from qbo_links where company_id = ? and from_entity = ? and from_id = ?'
    )
    this.insertLink = sqlite.prepare(
      `insert into qbo_links (company_id, from_entity, from_id, to_entity, to_id, amount_cents) values (?, ?, ?, ?, ?, ?)
       on conflict do update set amount_cents = excluded.amount_cents`
    )
    this.ensureState = sqlite.prepare(
      'insert into sync_state (company_id, entity) values (?, ?) on conflict do nothing'
    )
    this.selectStates = sqlite.prepare('select * from sync_state where company_id = ?')
  }

  private prepared(entity: EntityName): Statements {
    let statements = this.statements.get(entity)
    if (!statements) {
      const mapping = mappingFor(entity)
      // The order `write` binds in: company, run and text, then the record's cells (recordCells).
      const cols = [
        'company_id',
        'sync_run',
        'raw_json',
        'qbo_id',
        'sync_token',
        'updated_at',
        ...mapping.columns
      ]
      const updates = cols
        .filter((c) => c !== 'company_id' && c !== 'qbo_id')
        .map((c) => `${c} = excluded.${c}`)
      statements = {
        // An older version (lower SyncToken) never overwrites a newer one, whichever path brought it.
        // The raw text may come as the bytes QBO sent: SQLite reads them as UTF-8 text (cast), with
        // no JavaScript string made for it on the way.
        upsert: this.sqlite.prepare(
          `insert into ${mapping.table} (${cols.join(', ')}) values (${cols.map((c) => (c === 'raw_json' ? 'cast(? as text)' : '?')).join(', ')})
           on conflict (company_id, qbo_id) do update set ${updates.join(', ')}
           where cast(excluded.sync_token as integer) >= cast(${mapping.table}.sync_token as integer)`
        ),
        remove: this.sqlite.prepare(`delete from ${mapping.table} where company_id = ? and qbo_id = ?`),
        any: this.sqlite.prepare(`select 1 from ${mapping.table} where company_id = ? limit 1`),
        mapping
      }
      this.statements.set(entity, statements)
    }
    return statements
  }

  /** Writes records (no transaction of its own: call inside `transaction`). Returns rows written. */
  upsert(companyId: string, entity: EntityName, records: Json[], run: number): number {
    const statements = this.prepared(entity)
    const { mapping } = statements
    let written = 0
    for (const record of records)
      written += this.write(
        statements,
        companyId,
        entity,
        recordCells(mapping, record),
        JSON.stringify(record),
        mapping.links ? mapping.links(record) : null,
        run,
        false
      )
    return written
  }

  /**
   * Writes a page read in full (see qbo/page-parse.ts): each record's row, mapped already, with its
   * text as the bytes QBO sent (SQLite stores them as the text; no string is decoded for it).
   * `fresh`: the company had no rows of this type when the run began, so none has links to replace.
   * Returns rows written.
   */
  upsertPage(
    companyId: string,
    entity: EntityName,
    page: { rows: PageRows; bytes(index: number): Uint8Array },
    run: number,
    fresh = false
  ): number {
    const statements = this.prepared(entity)
    let written = 0
    for (const row = new RowReader(page.rows); row.next();)
      written += this.write(
        statements,
        companyId,
        entity,
        row.cells,
        page.bytes(row.index),
        row.links,
        run,
        fresh
      )
    return written
  }

  private write(
    { upsert, mapping }: Statements,
    companyId: string,
    entity: EntityName,
    cells: Cell[],
    text: string | Uint8Array,
    links: readonly Link[] | null,
    run: number,
    fresh: boolean
  ): number {
    // Positional parameters (the record's cells as one array): binding by name costs a property
    // lookup per column per row.
    const { changes } = upsert.run(companyId, run, text, cells)
    // Links follow the row: an older copy the SyncToken guard turned away brings no links either.
    if (mapping.links && changes > 0) {
      const id = cells[0]
      if (!fresh) this.removeLinks.run(companyId, entity, id)
      for (const link of links ?? [])
        this.insertLink.run(companyId, entity, id, link.toEntity, link.toId, link.amountCents)
    }
    return changes
  }

  /** Whether the company has no rows of this type at all (a first read replaces nothing, sweeps nothing). */
  isEmpty(companyId: string, entity: EntityName): boolean {
    return this.prepared(entity).any.get(companyId) === undefined
  }

  remove(companyId: string, entity: EntityName, ids: string[]): number {
    const { remove, mapping } = this.prepared(entity)
    let removed = 0
    for (const id of ids) {
      removed += remove.run(companyId, id).changes
      if (mapping.links) this.removeLinks.run(companyId, entity, id)
    }
    return removed
  }

  /** Marks rows as seen by this full run without changing them (their new version was unreadable). */
  keep(companyId: string, entity: EntityName, ids: string[], run: number): void {
    if (ids.length === 0) return
    const { mapping } = this.prepared(entity)
    const statement = this.sqlite.prepare(
      `update ${mapping.table} set sync_run = ? where company_id = ? and qbo_id = ?`
    )
    for (const id of ids) statement.run(run, companyId, id)
  }

  /** Rows a full re-sync did not see again: QBO no longer has them. */
  sweep(companyId: string, entity: EntityName, run: number): number {
    const { mapping } = this.prepared(entity)
    const gone = this.sqlite
      .prepare(`select qbo_id from ${mapping.table} where company_id = ? and sync_run < ?`)
      .pluck()
      .all(companyId, run) as string[]
    return this.remove(companyId, entity, gone)
  }

  /** QBO keeps the home currency in Preferences; it is kept beside the company's info. */
  setHomeCurrency(companyId: string, currency: string | null): void {
    this.sqlite
      .prepare('update qbo_company_info set home_currency = ? where company_id = ?')
      .run(currency, companyId)
  }

  setCursor(companyId: string, update: CursorUpdate): void {
    this.ensureState.run(companyId, update.entity)
    const fields: string[] = []
    const values: unknown[] = []
    for (const [key, col] of CURSOR_COLUMNS) {
      const value = update[key]
      if (value !== undefined) {
        fields.push(col)
        values.push(Array.isArray(value) ? JSON.stringify(value) : value)
      }
    }
    if (fields.length === 0) return
    // Every page of a full read moves its cursor: one statement per set of columns, prepared once.
    const shape = fields.join(',')
    let statement = this.cursorUpdates.get(shape)
    if (!statement) {
      statement = this.sqlite.prepare(
        `update sync_state set ${fields.map((c) => `${c} = ?`).join(', ')} where company_id = ? and entity = ?`
      )
      this.cursorUpdates.set(shape, statement)
    }
    statement.run(...values, companyId, update.entity)
  }

  /**
   * Runs `fn` in a transaction; inside one of this writer's already (a page written with others
   * that arrived together), it joins it. A nested one is a savepoint, and SQLite copies every page a
   * savepoint changes to a sub-journal first: 2.2 MB of temp files for each demo company's first
   * sync, for nothing, as an error in any page aborts the whole batch.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn()
    this.depth += 1
    try {
      return this.sqlite.transaction(fn)()
    } finally {
      this.depth -= 1
    }
  }

  /** Where each entity type's sync stands for a company (its cursor row). */
  states(companyId: string): SyncStateRow[] {
    return this.selectStates.all(companyId) as SyncStateRow[]
  }

  /** How many rows of an entity type the cache holds for a company. */
  rowCount(companyId: string, entity: EntityName): number {
    return this.sqlite
      .prepare(`select count(*) from ${mappingFor(entity).table} where company_id = ?`)
      .pluck()
      .get(companyId) as number
  }
}
