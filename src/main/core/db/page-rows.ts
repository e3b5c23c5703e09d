// The rows of a query page on their way from the page thread to the cache (see PageRows).

import type { EntityName } from '../qbo/entities'
import type { Cell, Link } from './cache-mapping'

/**
 * A page's rows in a few flat arrays and one string instead of a thousand arrays of cells: they
 * cross from the page thread as a handful of objects, and the main thread, which writes them, makes
 * only each row's strings as it binds them (a page of rows as arrays was 80 MB of the main thread's
 * allocations over the large company's read, and held until written it was copied by each young
 * collection). Each row is `width` cells, then three per link (toEntity, toId, amountCents).
 */
export interface PageRows {
  width: number
  /** Per record: 1 when it has a row, 0 when it was skipped. */
  present: Uint8Array
  /** Per row: how many links follow its cells. */
  linkCounts: Uint32Array
  /** Per cell: 0 null, 1 a number (in `values`), 2 a string (it ends at `values` in `text`). */
  kinds: Uint8Array
  values: Float64Array
  text: string
}

const NULL_CELL = 0
const NUMBER_CELL = 1
const STRING_CELL = 2
const NO_LINKS: readonly Link[] = []

/**
 * The builder keeps its numbers in typed arrays that grow, not in JavaScript arrays: those began
 * each page holding small integers and were converted when the first amount with cents came, which
 * threw away the builder's compiled code once per page (V8's "not a Smi"), and they outlived young
 * collections while a page was built.
 */
export class RowsBuilder {
  // Empty until the first row: a page that faulted or came incomplete builds no rows, and parsePage
  // makes one of those for every page before it knows.
  private present = new Uint8Array(0)
  private records = 0
  private linkCounts = new Uint32Array(0)
  private rows = 0
  private kinds = new Uint8Array(0)
  private values = new Float64Array(0)
  private cells = 0
  private readonly parts: string[] = []
  private end = 0

  constructor(private readonly width: number) {}

  skip(): void {
    this.record(0)
  }

  row(cells: Cell[], links: Link[] | null): void {
    // Indexed loops, and no empty list made for a row without links: `links ?? []` put arrays of
    // two kinds through one loop, and the function was compiled 7–9 times in a large company's read
    // instead of 6 (`--trace-opt`).
    this.record(1)
    for (let c = 0; c < cells.length; c++) this.cell(cells[c] as Cell)
    if (this.rows === this.linkCounts.length) this.linkCounts = grown(this.linkCounts, 1024)
    const count = links === null ? 0 : links.length
    this.linkCounts[this.rows++] = count
    for (let l = 0; l < count; l++) {
      const link = links![l]!
      this.cell(link.toEntity)
      this.cell(link.toId)
      this.cell(link.amountCents)
    }
  }

  build(): PageRows {
    return {
      width: this.width,
      present: this.present.slice(0, this.records),
      linkCounts: this.linkCounts.slice(0, this.rows),
      kinds: this.kinds.slice(0, this.cells),
      values: this.values.slice(0, this.cells),
      text: this.parts.join('')
    }
  }

  private record(present: 0 | 1): void {
    if (this.records === this.present.length) this.present = grown(this.present, 1024)
    this.present[this.records++] = present
  }

  private cell(cell: Cell): void {
    if (this.cells === this.kinds.length) {
      this.kinds = grown(this.kinds, 16 * 1024)
      this.values = grown(this.values, 16 * 1024)
    }
    const at = this.cells++
    if (cell === null) {
      this.kinds[at] = NULL_CELL
      this.values[at] = 0
    } else if (typeof cell === 'number') {
      this.kinds[at] = NUMBER_CELL
      this.values[at] = cell
    } else {
      this.parts.push(cell)
      this.end += cell.length
      this.kinds[at] = STRING_CELL
      this.values[at] = this.end
    }
  }
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(array: T, first: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(Math.max(first, array.length * 2))
  bigger.set(array)
  return bigger
}

/**
 * Reads a page's rows in order: `next` moves to the next record that has one (its `index` among the
 * page's records); `cells` is the same array each time (bound at once, not kept).
 */
export class RowReader {
  index = -1
  readonly cells: Cell[]
  links: readonly Link[] = NO_LINKS
  private row = 0
  private at = 0
  private textAt = 0

  constructor(private readonly rows: PageRows) {
    // Filled with null: an array that starts empty changes kind as numbers then strings go in,
    // on every page, and the writer's compiled code is thrown away each time (V8's "wrong map").
    this.cells = new Array<Cell>(rows.width).fill(null)
  }

  next(): boolean {
    const { present, width, linkCounts } = this.rows
    do this.index++
    while (this.index < present.length && present[this.index] === 0)
    if (this.index >= present.length) return false
    for (let c = 0; c < width; c++) this.cells[c] = this.cell()
    const count = linkCounts[this.row++]!
    // Most rows have none: they share one empty list rather than each making its own.
    if (count === 0) {
      this.links = NO_LINKS
      return true
    }
    const links: Link[] = []
    for (let l = count; l > 0; l--)
      links.push({
        toEntity: this.cell() as EntityName,
        toId: this.cell() as string,
        amountCents: this.cell() as number
      })
    this.links = links
    return true
  }

  private cell(): Cell {
    const { kinds, values, text } = this.rows
    const kind = kinds[this.at]
    const value = values[this.at++]!
    if (kind === NUMBER_CELL) return value
    if (kind === NULL_CELL) return null
    const start = this.textAt
    this.textAt = value
    return text.slice(start, value)
  }
}

/** Each record's cells as an array of its own, or null when skipped (tests, and callers that keep them). */
export function rowList(rows: PageRows): (Cell[] | null)[] {
  const list: (Cell[] | null)[] = Array.from(rows.present, () => null)
  for (const reader = new RowReader(rows); reader.next();) list[reader.index] = [...reader.cells]
  return list
}
