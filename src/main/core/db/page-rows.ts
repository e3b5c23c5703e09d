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

export class RowsBuilder {
  private readonly present: number[] = []
  private readonly linkCounts: number[] = []
  private readonly kinds: number[] = []
  private readonly values: number[] = []
  private readonly parts: string[] = []
  private end = 0

  constructor(private readonly width: number) {}

  skip(): void {
    this.present.push(0)
  }

  row(cells: Cell[], links: Link[] | null): void {
    this.present.push(1)
    for (const cell of cells) this.cell(cell)
    this.linkCounts.push(links?.length ?? 0)
    for (const link of links ?? []) {
      this.cell(link.toEntity)
      this.cell(link.toId)
      this.cell(link.amountCents)
    }
  }

  build(): PageRows {
    return {
      width: this.width,
      present: Uint8Array.from(this.present),
      linkCounts: Uint32Array.from(this.linkCounts),
      kinds: Uint8Array.from(this.kinds),
      values: Float64Array.from(this.values),
      text: this.parts.join('')
    }
  }

  private cell(cell: Cell): void {
    if (cell === null) {
      this.kinds.push(NULL_CELL)
      this.values.push(0)
    } else if (typeof cell === 'number') {
      this.kinds.push(NUMBER_CELL)
      this.values.push(cell)
    } else {
      this.parts.push(cell)
      this.end += cell.length
      this.kinds.push(STRING_CELL)
      this.values.push(this.end)
    }
  }
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
    this.cells = new Array<Cell>(rows.width)
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
