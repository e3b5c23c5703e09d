// The text of each record in a query page, exactly as QBO sent it. The cache keeps every record's
// raw JSON; slicing it out of the page is cheaper than serializing each parsed record again, and
// keeps the bytes QBO sent.

const QUOTE = 34
const BACKSLASH = 92
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const COLON = 58

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9
}

export interface PageText {
  /** The elements of `QueryResponse.<entity>`, each as its own JSON text. */
  records: string[]
  /** The envelope's keys (`QueryResponse`, `time`, or `Fault` when QBO faulted inside a 200). */
  keys: string[]
  /** Every string closed and every bracket matched: the answer arrived whole. */
  complete: boolean
}

/**
 * Splits a query answer into its records without parsing the whole page at once: each record is
 * parsed on its own when it is written, so a page's objects die young instead of a page-sized tree
 * being promoted to the old generation (the sync's memory stays flat). It tracks strings and
 * nesting, nothing more; a record that is not JSON fails when it is parsed on its own.
 */
export function splitQueryPage(text: string, entity: string): PageText {
  const records: string[] = []
  const envelope: string[] = []
  // The key under which each open container sits, by depth (1 = the envelope).
  const keys: (string | null)[] = []
  let depth = 0
  let pendingKey: string | null = null
  let recordStart = -1
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      const start = i + 1
      // Straight to the next quote (indexOf is native and most of a page is inside strings); it
      // closes the string unless an odd run of backslashes escapes it.
      let q = text.indexOf('"', start)
      for (;;) {
        if (q < 0) {
          q = n
          break
        }
        let b = q - 1
        while (b >= start && text.charCodeAt(b) === BACKSLASH) b--
        if ((q - 1 - b) % 2 === 0) break
        q = text.indexOf('"', q + 1)
      }
      i = q
      // A string followed by a colon is a key; only the envelope's keys and QueryResponse's matter.
      if (depth <= 2) {
        let j = i + 1
        while (j < n && isSpace(text.charCodeAt(j))) j++
        if (text.charCodeAt(j) === COLON) {
          pendingKey = text.slice(start, i)
          if (depth === 1) envelope.push(pendingKey)
        }
      }
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++
      keys[depth] = pendingKey
      pendingKey = null
      if (c === OPEN_BRACE && depth === 4 && keys[3] === entity && keys[2] === 'QueryResponse') recordStart = i
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (c === CLOSE_BRACE && depth === 4 && recordStart >= 0) {
        records.push(text.slice(recordStart, i + 1))
        recordStart = -1
      }
      depth--
      if (depth < 0) break
    }
  }
  let tail = n - 1
  while (tail >= 0 && isSpace(text.charCodeAt(tail))) tail--
  return { records, keys: envelope, complete: depth === 0 && text.charCodeAt(tail) === CLOSE_BRACE }
}
