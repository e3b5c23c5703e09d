// The client list as the screens ask for it: the core sorts, filters and counts (portfolio.list), and
// a list asks only for the rows it shows, in blocks, so 500 clients cost what 50 do.

import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState, type RefObject } from 'react'
import type {
  PortfolioFilter,
  PortfolioList,
  PortfolioQuery,
  PortfolioSort,
  PortfolioSortKey
} from '../../../shared/contract'
import { PORTFOLIO_BLOCK, type PortfolioRow } from '../../../shared/views'
import type { ApiError } from './api'
import { portfolioKey, queries } from './queries'

export type { PortfolioFilter, PortfolioSort, PortfolioSortKey }

/** The way a column reads worst first: the least runway, the earliest gap, the most owed. */
export const worstDirection: Record<PortfolioSortKey, 'asc' | 'desc'> = {
  worst: 'asc',
  name: 'asc',
  runway: 'asc',
  cashZero: 'asc',
  lowest: 'asc',
  mustPay: 'desc',
  overdue: 'desc',
  change: 'asc',
  lastSync: 'asc'
}

export const noFilter: PortfolioFilter = {
  search: '',
  status: 'all',
  kind: 'all',
  attention: false,
  underThirty: false
}

export const BLOCK = PORTFOLIO_BLOCK

export interface PortfolioWindow {
  /** The row at a place in the sorted, filtered list; undefined until its block has come. */
  rowAt(index: number): PortfolioRow | undefined
  /** What the core last said about the whole list (null before its first answer). */
  list: Omit<PortfolioList, 'rows' | 'offset'> | null
  pending: boolean
  error: ApiError | null
  refetch(): void
}

/**
 * The rows [first, last) of the client list in `sort` order and `filter`ed, with the totals and
 * counts beside them. While a block loads the previous answer stays on screen (a new filter or sort
 * shows the old rows for a moment rather than an empty list).
 */
export function usePortfolioWindow(
  sort: PortfolioSort,
  filter: Partial<PortfolioFilter>,
  first: number,
  last: number
): PortfolioWindow {
  const client = useQueryClient()
  // Half a block beyond the rows asked for, either way: the next block is on its way while the
  // user scrolls through this one, so a steady scroll seldom meets a row still to come.
  const matched = anyBlockOf(client, sort, filter)?.matched
  const lastBlock = matched === undefined ? Infinity : Math.max(0, Math.floor((matched - 1) / BLOCK))
  const from = Math.min(lastBlock, Math.floor(Math.max(0, first - BLOCK / 2) / BLOCK))
  const to = Math.max(from, Math.min(lastBlock, Math.floor(Math.max(0, last - 1 + BLOCK / 2) / BLOCK)))
  const blocks = useQueries({
    queries: Array.from({ length: to - from + 1 }, (_, i) => ({
      ...queries.portfolio({ sort, filter, offset: (from + i) * BLOCK, limit: BLOCK }),
      // Until a block comes: the one this place held before, or any block of the same list (its
      // totals keep the list as tall as it is, so a scroll far down does not snap back to the top).
      placeholderData: (previous: PortfolioList | undefined) => previous ?? anyBlockOf(client, sort, filter)
    }))
  })
  // A block that has answered for this window, else one kept from the last (placeholder data).
  const answered =
    blocks.find((b) => b.data && !b.isPlaceholderData)?.data ?? blocks.find((b) => b.data)?.data
  const failed = blocks.find((b) => b.error)?.error ?? null
  return {
    rowAt: (index) => {
      const block = blocks[Math.floor(index / BLOCK) - from]?.data
      return block && !isStale(block, index) ? block.rows[index - block.offset] : undefined
    },
    list: answered ? { total: answered.total, matched: answered.matched, counts: answered.counts } : null,
    pending: blocks.some((b) => b.isPending),
    error: failed,
    refetch: () => {
      for (const b of blocks) void b.refetch()
    }
  }
}

/** A block of the list in this order with this filter that has come already, if any. */
function anyBlockOf(
  client: QueryClient,
  sort: PortfolioSort,
  filter: Partial<PortfolioFilter>
): PortfolioList | undefined {
  const same = JSON.stringify([sort, filter])
  for (const [key, data] of client.getQueriesData<PortfolioList>({ queryKey: portfolioKey })) {
    const query = key[1] as PortfolioQuery | undefined
    if (data && query && JSON.stringify([query.sort, query.filter]) === same) return data
  }
  return undefined
}

/** A placeholder block kept from another window may not cover the row asked for. */
function isStale(block: PortfolioList, index: number): boolean {
  return index < block.offset || index >= block.offset + block.rows.length
}

/**
 * Where a scrolling element stands (its scroll offset and visible height), kept current as it
 * scrolls or resizes: what a virtualised list draws from. `remeasureOn` re-attaches when the
 * element itself is replaced (e.g. the empty state gives way to the list).
 */
export function useScrollView(
  ref: RefObject<HTMLElement | null>,
  initialHeight: number,
  remeasureOn: unknown = null
): { top: number; height: number } {
  const [view, setView] = useState({ top: 0, height: initialHeight })
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight })
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    el.addEventListener('scroll', measure, { passive: true })
    return () => {
      observer.disconnect()
      el.removeEventListener('scroll', measure)
    }
  }, [ref, remeasureOn])
  return view
}
