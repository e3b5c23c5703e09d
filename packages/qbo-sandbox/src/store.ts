// One realm's records, indexed for the two hot paths: read by Id (the RealmData maps) and paging in
// Id order (an array kept sorted, so a 1000-row page of a 100k-row table is a slice, not a sort).

import { parseInstant } from './time'
import { ENTITY_NAMES, type Deletion, type EntityName, type QboRecord, type RealmData } from './types'

/** Numeric-string order ('9' < '10'); QBO ids are numeric strings. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

export class RealmStore {
  private readonly sorted = new Map<EntityName, QboRecord[]>()
  /** The records this store holds, to tell them from copies met while serializing an answer. */
  private readonly stored = new WeakSet<object>()
  /** Each stored record's LastUpdatedTime in ms, with the text it was read from (see `updatedAt`). */
  private readonly instants = new WeakMap<object, { text: string | undefined; ms: number }>()
  /** Each stored record's JSON bytes, made once and kept until the record changes (see `encode`). */
  private readonly wire = new WeakMap<object, { token: string; updated: string; bytes: Buffer }>()

  constructor(readonly data: RealmData) {
    let maxId = 0
    for (const name of ENTITY_NAMES) {
      if (!data.entities[name]) data.entities[name] = new Map()
      const rows = [...data.entities[name].values()]
      rows.sort((a, b) => compareIds(a.Id, b.Id))
      this.sorted.set(name, rows)
      for (const r of rows) {
        this.stored.add(r)
        this.wireBytes(r)
        this.updatedAt(r)
        const n = Number(r.Id)
        if (Number.isSafeInteger(n) && n > maxId) maxId = n
      }
    }
    for (const d of data.deletions) {
      const n = Number(d.id)
      if (Number.isSafeInteger(n) && n > maxId) maxId = n
    }
    // New ids must sort after every existing one, or appending would break the paging order.
    if (!(data.nextId > maxId)) data.nextId = maxId + 1
  }

  get realmId(): string {
    return this.data.realmId
  }

  get companyName(): string {
    return this.data.companyName
  }

  get(entity: EntityName, id: string): QboRecord | undefined {
    return this.data.entities[entity].get(id)
  }

  /** All records of an entity in Id order. Callers must not mutate the array. */
  rows(entity: EntityName): readonly QboRecord[] {
    return this.sorted.get(entity)!
  }

  count(entity: EntityName): number {
    return this.data.entities[entity].size
  }

  newId(): string {
    return String(this.data.nextId++)
  }

  /** Inserts or replaces a record (by Id) without changing its place in the Id order. */
  put(entity: EntityName, record: QboRecord): void {
    const map = this.data.entities[entity]
    const rows = this.sorted.get(entity)!
    const existed = map.has(record.Id)
    map.set(record.Id, record)
    this.stored.add(record)
    this.wire.delete(record)
    const at = this.indexOf(rows, record.Id)
    if (existed && at.found) rows[at.index] = record
    else if (at.index === rows.length) rows.push(record)
    else rows.splice(at.index, 0, record)
  }

  remove(entity: EntityName, id: string, deletedAt: string): void {
    const map = this.data.entities[entity]
    const record = map.get(id)
    if (!record || !map.delete(id)) return
    this.stored.delete(record)
    const rows = this.sorted.get(entity)!
    const at = this.indexOf(rows, id)
    if (at.found) rows.splice(at.index, 1)
    const tombstone: Deletion = { entity, id, deletedAt }
    this.data.deletions.push(tombstone)
  }

  /**
   * A record's LastUpdatedTime in ms, kept: CDC compares every record's, and a large realm's first
   * CDC answer spent 70 ms parsing 117,000 of them while a client waited on it (QBO keeps an index).
   * Kept from the start for the records a realm starts with.
   */
  updatedAt(record: QboRecord): number {
    const text = record.MetaData?.LastUpdatedTime
    const kept = this.instants.get(record)
    if (kept && kept.text === text) return kept.ms
    const ms = parseInstant(text)
    this.instants.set(record, { text, ms })
    return ms
  }

  /**
   * An answer's JSON bytes, in parts, with every stored record's part its kept bytes. Real QBO's
   * servers do not share the client's cores; the sandbox does, so a page of a full read should cost
   * it a write of bytes it has, not a serialization of a megabyte (the benchmarks measure the client,
   * not the emulator). Not a joined string: a string of a megabyte is flattened, measured and encoded
   * again on its way to the socket, a fifth of the sandbox's CPU in a large first sync. Not one
   * joined buffer either: a megabyte of fresh memory per page drove the sandbox's full collections
   * of its hundred thousand records, another third.
   */
  encode(body: unknown): Buffer[] {
    const out = new AnswerBytes()
    this.write(body, out)
    return out.done()
  }

  /** JSON.stringify's output, walking only what is not a stored record. */
  private write(value: unknown, out: AnswerBytes): void {
    if (value === null || typeof value !== 'object') {
      out.text(JSON.stringify(value) ?? 'null')
    } else if (this.stored.has(value)) {
      out.bytes(this.wireBytes(value as QboRecord))
    } else if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      out.text(JSON.stringify(value))
    } else if (Array.isArray(value)) {
      out.text('[')
      for (let i = 0; i < value.length; i++) {
        if (i > 0) out.text(',')
        const item: unknown = value[i]
        this.write(
          item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item,
          out
        )
      }
      out.text(']')
    } else {
      out.text('{')
      let first = true
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
        if (!first) out.text(',')
        first = false
        out.text(`${JSON.stringify(key)}:`)
        this.write(item, out)
      }
      out.text('}')
    }
  }

  /** Kept bytes of a stored record; checked against its SyncToken and time in case it was changed in place. */
  private wireBytes(record: QboRecord): Buffer {
    const token = String(record.SyncToken)
    const updated = String(record.MetaData?.LastUpdatedTime)
    const kept = this.wire.get(record)
    if (kept && kept.token === token && kept.updated === updated) return kept.bytes
    const bytes = Buffer.from(JSON.stringify(record))
    this.wire.set(record, { token, updated, bytes })
    return bytes
  }

  private indexOf(rows: readonly QboRecord[], id: string): { found: boolean; index: number } {
    let lo = 0
    let hi = rows.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const c = compareIds(rows[mid]!.Id, id)
      if (c === 0) return { found: true, index: mid }
      if (c < 0) lo = mid + 1
      else hi = mid
    }
    return { found: false, index: lo }
  }
}

const COMMA = Buffer.from(',')

/** An answer's bytes as they are written: the kept records' bytes between the text around them. */
class AnswerBytes {
  private readonly parts: Buffer[] = []
  private pending = ''

  text(text: string): void {
    this.pending += text
  }

  bytes(bytes: Buffer): void {
    this.flush()
    this.parts.push(bytes)
  }

  done(): Buffer[] {
    this.flush()
    return this.parts
  }

  private flush(): void {
    if (this.pending === '') return
    // Between the records of a page there is only a comma: one shared buffer, not a thousand.
    this.parts.push(this.pending === ',' ? COMMA : Buffer.from(this.pending))
    this.pending = ''
  }
}
