import { describe, expect, it } from 'vitest'
import type { Cell, Link } from '../../../src/main/core/db/cache-mapping'
import { RowReader, RowsBuilder, rowList } from '../../../src/main/core/db/page-rows'

describe('a page of rows packed for the writer', () => {
  it('reads back every cell and link of a page larger than the builder starts with', () => {
    // 3,000 records of 12 cells with links: past the builder's first 1,024 records, 1,024 rows and
    // 16,384 cells, so each of its arrays grows while the page is built.
    const width = 12
    const rows: (Cell[] | null)[] = []
    const links: (Link[] | null)[] = []
    const builder = new RowsBuilder(width)
    for (let i = 0; i < 3000; i++) {
      if (i % 97 === 0) {
        rows.push(null)
        links.push(null)
        builder.skip()
        continue
      }
      const cells: Cell[] = Array.from({ length: width }, (_, c) =>
        c % 4 === 0 ? `id-${i}-${c}-é` : c % 4 === 1 ? i * 100 + c : c % 4 === 2 ? (i + c) / 8 : null
      )
      const own: Link[] = Array.from({ length: i % 3 }, (_, l) => ({
        toEntity: 'Bill',
        toId: `${i}-${l}`,
        amountCents: i * 7 + l
      }))
      rows.push(cells)
      links.push(own)
      builder.row(cells, own)
    }
    const page = builder.build()
    expect(rowList(page)).toEqual(rows)
    const seen: Link[][] = []
    for (const reader = new RowReader(page); reader.next();) seen[reader.index] = [...reader.links]
    expect(seen.filter(Boolean)).toEqual(links.filter((l): l is Link[] => l !== null))
  })
})
