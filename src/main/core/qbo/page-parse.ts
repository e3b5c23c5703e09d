// A query page from its bytes to what the cache writes: where each record's text is in the bytes,
// its row (id, SyncToken, LastUpdatedTime, mapped columns) and links, or why it is skipped. Pure,
// so the same code runs on the page reader's thread (page-worker.ts) and, without one, inline.

import { recordCells, mappingFor } from '../db/cache-mapping'
import { RowsBuilder, type PageRows } from '../db/page-rows'
import { checkRecord, parseRecordText, type EntityName, type Skipped } from './entities'
import { recordText, splitQueryPage } from './page-text'

export interface ParsedPage {
  /** The envelope's keys (`QueryResponse`, `time`, or `Fault` when QBO faulted inside a 200). */
  keys: string[]
  /** Every string closed and every bracket matched: the answer arrived whole. */
  complete: boolean
  /** The page's text when it is a Fault (for the error), else null. */
  fault: string | null
  /** Where each record (valid or not) is in the bytes: start, end, start, end… (see page-text.ts). */
  spans: number[]
  /** Each text's row as the cache binds it (see `recordCells`) and its links, packed (see PageRows). */
  rows: PageRows
  skipped: Skipped[]
}

const utf8 = new TextDecoder()
/**
 * Records are parsed this many bytes of them at a time, with one `JSON.parse` of the text that
 * holds them (an array's elements and their commas: `[` + that text + `]`). A whole page at once
 * costs half as much as record by record, but its objects outlive the young generation while its
 * rows are mapped, and copying them out of it was a quarter of the page thread's time; a chunk's
 * objects die young, and one parse per chunk costs no more than one per page.
 */
export const CHUNK_BYTES = 64 * 1024

/**
 * Records are parsed CHUNK_BYTES of them at a time; a chunk that is not JSON (or does not hold as
 * many records as the page's text shows) is parsed record by record, so a malformed record is
 * skipped and the rest kept.
 */
export function parsePage(entity: EntityName, bytes: Uint8Array, chunkBytes = CHUNK_BYTES): ParsedPage {
  const split = splitQueryPage(bytes, entity)
  const page: ParsedPage = {
    keys: split.keys,
    complete: split.complete,
    fault: null,
    spans: split.spans,
    rows: new RowsBuilder(0).build(),
    skipped: []
  }
  if (split.keys.includes('Fault')) {
    page.fault = utf8.decode(bytes)
    return page
  }
  if (!split.complete) return page
  const { spans } = split
  const count = spans.length / 2
  const mapping = mappingFor(entity)
  const rows = new RowsBuilder(3 + mapping.columns.length)
  for (let first = 0; first < count;) {
    let end = first + 1
    while (end < count && spans[2 * end + 1]! - spans[2 * first]! <= chunkBytes) end++
    let parsed: unknown[] | null = null
    if (end - first > 1)
      try {
        const records: unknown = JSON.parse(
          `[${utf8.decode(bytes.subarray(spans[2 * first], spans[2 * end - 1]))}]`
        )
        if (Array.isArray(records) && records.length === end - first) parsed = records
      } catch {
        parsed = null
      }
    for (let i = first; i < end; i++) {
      let record: Record<string, unknown> | null = null
      if (parsed) {
        const row = parsed[i - first]
        const problem = checkRecord(entity, row)
        if (problem === null) record = row as Record<string, unknown>
        else page.skipped.push(problem)
      } else {
        const one = parseRecordText(entity, recordText(bytes, spans, i))
        if ('record' in one) record = one.record
        else page.skipped.push(one.skipped)
      }
      if (record) rows.row(recordCells(mapping, record), mapping.links ? mapping.links(record) : null)
      else rows.skip()
    }
    first = end
  }
  page.rows = rows.build()
  return page
}
