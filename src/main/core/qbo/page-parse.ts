// A query page from its bytes to what the cache writes: where each record's text is in the bytes,
// its row (id, SyncToken, LastUpdatedTime, mapped columns) and links, or why it is skipped. Pure,
// so the same code runs on the page reader's thread (page-worker.ts) and, without one, inline.

import { recordCells, mappingFor, type Cell, type Link } from '../db/cache-mapping'
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
  /** Each text's row as the cache binds it (see `recordCells`), or null when it is skipped. */
  rows: (Cell[] | null)[]
  /** Each row's links to other documents (null for types without links, and for skipped records). */
  links: (Link[] | null)[]
  skipped: Skipped[]
}

const utf8 = new TextDecoder()
/** Larger pages are parsed record by record: a whole page's objects at once would need a larger heap. */
export const WHOLE_PAGE_MAX_BYTES = 4 * 2 ** 20

/**
 * The page is parsed whole when it is JSON and under WHOLE_PAGE_MAX_BYTES (one `JSON.parse` of the
 * page costs about half of one per record); otherwise record by record, so a malformed record is
 * skipped and the rest kept.
 */
export function parsePage(entity: EntityName, bytes: Uint8Array): ParsedPage {
  const split = splitQueryPage(bytes, entity)
  const page: ParsedPage = {
    keys: split.keys,
    complete: split.complete,
    fault: null,
    spans: split.spans,
    rows: [],
    links: [],
    skipped: []
  }
  if (split.keys.includes('Fault')) {
    page.fault = utf8.decode(bytes)
    return page
  }
  if (!split.complete) return page
  const count = split.spans.length / 2
  let parsed: unknown[] | null = null
  if (bytes.length <= WHOLE_PAGE_MAX_BYTES)
    try {
      const records = (JSON.parse(utf8.decode(bytes)) as { QueryResponse?: Record<string, unknown> })
        .QueryResponse?.[entity]
      if (Array.isArray(records) && records.length === count) parsed = records
    } catch {
      parsed = null
    }
  const mapping = mappingFor(entity)
  for (let i = 0; i < count; i++) {
    let record: Record<string, unknown> | null = null
    if (parsed) {
      const row = parsed[i]
      const problem = checkRecord(entity, row)
      if (problem === null) record = row as Record<string, unknown>
      else page.skipped.push(problem)
    } else {
      const one = parseRecordText(entity, recordText(bytes, split.spans, i))
      if ('record' in one) record = one.record
      else page.skipped.push(one.skipped)
    }
    page.rows.push(record ? recordCells(mapping, record) : null)
    page.links.push(record && mapping.links ? mapping.links(record) : null)
  }
  return page
}
