// The text of each record in a query page, exactly as QBO sent it. The cache keeps every record's
// raw JSON; cutting it out of the page is cheaper than serializing each parsed record again, and
// keeps the bytes QBO sent.

const QUOTE = 34
const BACKSLASH = 92
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const COLON = 58
/** Strings up to this long are scanned in a loop, longer ones with indexOf (see splitQueryPage). */
const SHORT_STRING = 64

const utf8 = new TextDecoder()
const encoder = new TextEncoder()

/** The text of the record at `index` of a split page. */
export function recordText(bytes: Uint8Array, spans: number[], index: number): string {
  return utf8.decode(bytes.subarray(spans[2 * index], spans[2 * index + 1]))
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9
}

export interface PageText {
  /** Where each element of `QueryResponse.<entity>` is in the bytes: start, end, start, end… */
  spans: number[]
  /** The envelope's keys (`QueryResponse`, `time`, or `Fault` when QBO faulted inside a 200). */
  keys: string[]
  /** Every string closed and every bracket matched: the answer arrived whole. */
  complete: boolean
}

/**
 * Finds a query answer's records without parsing the whole page at once: each record is decoded and
 * parsed on its own when it is written, so a page's strings and objects die young instead of being
 * promoted to the old generation (a megabyte-long page string would even sit in V8's large-object
 * space until a full collection; a sync reads a hundred). The sync's memory stays flat. UTF-8 never
 * puts a quote, brace or bracket byte inside a multi-byte character, so the bytes are scanned as
 * they are. It tracks strings and nesting, nothing more; a record that is not JSON fails when it is
 * parsed on its own.
 */
export function splitQueryPage(page: Uint8Array | string, entity: string): PageText {
  const bytes = typeof page === 'string' ? encoder.encode(page) : page
  const spans: number[] = []
  const envelope: string[] = []
  // The key under which each open container sits, by depth (1 = the envelope).
  const keys: (string | null)[] = []
  let depth = 0
  let pendingKey: string | null = null
  let recordStart = -1
  const n = bytes.length
  for (let i = 0; i < n; i++) {
    const c = bytes[i]!
    if (c === QUOTE) {
      const start = i + 1
      // On to the next quote, which closes the string unless an odd run of backslashes escapes it.
      // Most strings are short (keys, ids, dates): a loop finds their end sooner than a call to the
      // native indexOf, which takes over for the long ones.
      let q = start
      const near = Math.min(n, start + SHORT_STRING)
      for (;;) {
        while (q < near && bytes[q] !== QUOTE) q++
        if (q >= near) {
          q = bytes.indexOf(QUOTE, q)
          if (q < 0) q = n
        }
        if (q >= n) break
        let b = q - 1
        while (b >= start && bytes[b] === BACKSLASH) b--
        if ((q - 1 - b) % 2 === 0) break
        q++
      }
      i = q
      // A string followed by a colon is a key; only the envelope's keys and QueryResponse's matter.
      if (depth <= 2) {
        let j = i + 1
        while (j < n && isSpace(bytes[j]!)) j++
        if (bytes[j] === COLON) {
          pendingKey = utf8.decode(bytes.subarray(start, i))
          if (depth === 1) envelope.push(pendingKey)
        }
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++
      keys[depth] = pendingKey
      pendingKey = null
      if (c === OPEN_BRACE && depth === 4 && keys[3] === entity && keys[2] === 'QueryResponse')
        recordStart = i
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (c === CLOSE_BRACE && depth === 4 && recordStart >= 0) {
        spans.push(recordStart, i + 1)
        recordStart = -1
      }
      depth--
      if (depth < 0) break
    }
  }
  let tail = n - 1
  while (tail >= 0 && isSpace(bytes[tail]!)) tail--
  return { spans, keys: envelope, complete: depth === 0 && bytes[tail] === CLOSE_BRACE }
}
