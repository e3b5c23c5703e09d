// QBOClient: the API surface the app uses, over one company's QboHttp (limiter, retries, faults).

import { randomUUID } from 'node:crypto'
import { errorFromResponse, QboError } from './errors'
import { parseRecords, type Entity, type EntityName, type Skipped } from './entities'
import type { QboHttp, RawBody } from './http'
import type { ParsedPage } from './page-parse'
import { recordText } from './page-text'
import { INLINE_PARSING, type PageParsing } from './page-parser'
import { countQuery, selectQuery, type Condition } from './query'

export const PAGE_SIZE = 1000
/**
 * Pages in flight while reading whole entity types: all ten QBO allows. A page costs its pooled
 * buffer and nothing that outlives its write (large company, 100 ms latency, two cores: 3.4–3.9 s
 * and peak memory 1.5× idle at 10, against 4.1–4.4 s at 5).
 */
export const PAGE_CONCURRENCY = 10
export const BATCH_LIMIT = 30
/**
 * Retries for requests a person is waiting on (user actions, the first request of a sync they asked
 * for): about two seconds of trying, then the action goes to the outbox or the sync says offline.
 */
export const INTERACTIVE_RETRIES = 2

type Json = Record<string, unknown>

export interface Page<E extends EntityName> {
  entity: E
  startPosition: number
  /** Rows QBO sent, valid or not: what pagination must count, never the echoed maxResults. */
  rowCount: number
  /** The records' rows for the cache, their links, and the malformed ones reported by id. */
  parsed: ParsedPage
  /** Record `index`'s JSON exactly as QBO sent it, decoded when asked for (not after `release`). */
  text(index: number): string
  /** The same as bytes, a view of the page's (not after `release`). */
  bytes(index: number): Uint8Array
  /** Hands the page's bytes back for the next page (readAll does, once `onPage` is done). */
  release(): void
}

/** A page's valid records as objects, with the malformed ones reported by id. */
export function pageRecords<E extends EntityName>(
  page: Page<E>
): { records: Entity<E>[]; skipped: Skipped[] } {
  const records: Entity<E>[] = []
  page.parsed.rows.present.forEach((has, i) => {
    if (has) records.push(JSON.parse(page.text(i)) as Entity<E>)
  })
  return { records, skipped: page.parsed.skipped }
}

export interface CdcResult {
  changed: { [E in EntityName]?: Entity<E>[] }
  deleted: { entity: EntityName; id: string; at: string | null }[]
  skipped: Skipped[]
  /** Entity types whose answer may be cut short by the 1000-object cap: they need a full re-sync. */
  truncated: EntityName[]
  /** QBO's own time of the answer, for the next cursor (a laptop clock may run fast). */
  serverTime: string | null
}

export type BatchItem =
  { operation: 'create' | 'update' | 'delete'; entity: EntityName; body: Json } | { query: string }

export type BatchResult = { ok: true; value: Json } | { ok: false; error: QboError }

export interface BillPaymentInput {
  vendorId: string
  bills: { id: string; amountCents: number }[]
  payType: 'Check' | 'CreditCard'
  accountId: string
  txnDate?: string
  /** Ties retries of one pay action together; also written to PrivateNote to find it again. */
  requestId?: string
  memo?: string
}

const decimal = (cents: number): number => Number((cents / 100).toFixed(2))
/** QBO answers name lists with active records only unless asked for both. */
const NAME_LISTS: ReadonlySet<EntityName> = new Set<EntityName>(['Account', 'Customer', 'Vendor', 'Term'])
/** The condition that makes a query see every record of `entity`, active or not (none for transactions). */
export const everyRecord = (entity: EntityName): Condition[] =>
  NAME_LISTS.has(entity) ? [['Active', 'IN', [true, false]]] : []
const endpoint = (entity: EntityName): string => `/${entity.toLowerCase()}`

/** How long readAll's `together` keeps taking pages that wait behind the one whose turn it is. */
const TOGETHER_MS = 8
/**
 * How far readAll reads pages ahead of the writes: the next page at least, more while their bytes
 * stay under this (a small company's dozen pages together, a large one's next two or three).
 */
const READ_AHEAD_BYTES = 2 * 2 ** 20
/**
 * Answered pages that may wait for their writes while the request slots go on asking: a slot that
 * waited for its page's write left QBO idle while the writes caught up (its next request went out a
 * write later, and the large company's 126 pages came in over 1.9–2.2 s instead of the network's
 * 1.3). Twelve MiB is about fifteen of its pages: the first sync 2.29–2.39 → 2.06–2.14 s
 * (alternated; 24 MiB no faster), peak memory the same within a run's noise (320–330 MiB).
 */
export const WAITING_BYTES = 12 * 2 ** 20

/** Answered pages waiting for their writes, across every company's read: a firm syncing sixteen
 *  companies at once holds WAITING_BYTES in all, not sixteen times it. */
const unwritten = {
  bytes: 0,
  sleepers: [] as (() => void)[],
  wake(): void {
    for (const resolve of this.sleepers.splice(0)) resolve()
  }
}
/** Pages behind the one whose turn it is that `together` waits for while they are read. */
const TOGETHER_WAIT_BYTES = 256 * 2 ** 10

/**
 * Pages asked for before a full read knows how many pages each type has (QBOClient.askFirstPages):
 * readAll takes each as its own request; those it never takes are stopped and let go by `drop`.
 */
export class EarlyPages {
  private readonly controller = new AbortController()
  private readonly pages = new Map<string, Promise<RawBody>>()

  get signal(): AbortSignal {
    return this.controller.signal
  }

  add(entity: EntityName, start: number, answer: Promise<RawBody>): void {
    answer.catch(() => undefined) // awaited by readAll, or dropped
    this.pages.set(`${entity}:${start}`, answer)
  }

  take(entity: EntityName, start: number): Promise<RawBody> | undefined {
    const key = `${entity}:${start}`
    const answer = this.pages.get(key)
    this.pages.delete(key)
    return answer
  }

  /** Stops the pages not taken and lets their bytes go; resolves once none is in flight. */
  async drop(): Promise<void> {
    const rest = [...this.pages.values()]
    this.pages.clear()
    if (rest.length === 0) return
    this.controller.abort()
    await Promise.all(
      rest.map((answer) =>
        answer.then(
          (raw) => raw.release(),
          () => undefined
        )
      )
    )
  }
}

export class QBOClient {
  constructor(
    readonly realmId: string,
    readonly http: QboHttp,
    /** Where full reads' pages are parsed: a thread of their own in the app (page-parser.ts). */
    readonly pages: PageParsing = INLINE_PARSING
  ) {}

  async count(
    entity: EntityName,
    where: Condition[] = everyRecord(entity),
    signal?: AbortSignal
  ): Promise<number> {
    const json = await this.rawQuery(countQuery({ entity, where }), signal)
    const total = (json.QueryResponse as Json | undefined)?.totalCount
    return typeof total === 'number' ? total : 0
  }

  async page<E extends EntityName>(
    entity: E,
    opts: { where?: Condition[]; startPosition: number; maxResults?: number; signal?: AbortSignal }
  ): Promise<Page<E>> {
    return this.readPage(entity, opts.startPosition, await this.fetchPage(entity, opts))
  }

  /**
   * Asks for the first page of each type now, before the counts say how many pages follow (readAll
   * takes them through its `early`).
   */
  askFirstPages(early: EarlyPages, entities: EntityName[]): void {
    for (const entity of entities)
      early.add(entity, 1, this.fetchPage(entity, { startPosition: 1, signal: early.signal }))
  }

  /** A page's answer as bytes, not yet read (readAll reads it when its turn is near). */
  private fetchPage(
    entity: EntityName,
    opts: { where?: Condition[]; startPosition: number; maxResults?: number; signal?: AbortSignal }
  ): Promise<RawBody> {
    const text = selectQuery({
      entity,
      where: opts.where ?? everyRecord(entity),
      orderBy: { field: 'Id' },
      startPosition: opts.startPosition,
      maxResults: opts.maxResults ?? PAGE_SIZE
    })
    return this.http.request<RawBody>({
      method: 'GET',
      path: '/query',
      query: { query: text },
      raw: true,
      ...(opts.signal ? { signal: opts.signal } : {})
    })
  }

  private async readPage<E extends EntityName>(
    entity: E,
    startPosition: number,
    answer: RawBody
  ): Promise<Page<E>> {
    const { page: parsed, raw } = await this.pages.parse(entity, answer)
    // A Fault can arrive inside an HTTP 200; an answer that does not close was cut short.
    if (parsed.fault !== null || !parsed.complete || !parsed.keys.includes('QueryResponse')) {
      raw.release()
      if (parsed.fault !== null) throw errorFromResponse(400, parsed.fault, { now: Date.now() })
      throw new QboError('server', `QuickBooks sent an unreadable page of ${entity}`)
    }
    return {
      entity,
      startPosition,
      rowCount: parsed.spans.length / 2,
      parsed,
      text: (index) => recordText(raw.body, parsed.spans, index),
      bytes: (index) => raw.body.subarray(parsed.spans[2 * index], parsed.spans[2 * index + 1]),
      release: raw.release
    }
  }

  /**
   * Reads whole entity types page by page, with up to `concurrency` pages in flight across all of
   * them (the company's limiter bounds the rest), handing the pages over one at a time in the order
   * they arrive, each when its write can begin (an async `onPage` is awaited before the next). A
   * request slot asks for its next page once its answer is in, while the answered pages waiting for
   * their writes hold at most `waitingBytes` (WAITING_BYTES), else once its own is written. The
   * counts say which pages to ask for; a full last page means
   * rows were added since the count, and the next page is fetched too — the end is a short page,
   * never the echoed maxResults. `onFetched` is called once QBO has answered every page, while the
   * last ones may still be waiting to be written (and not at all once something failed).
   * `together`: when a page's turn comes, the pages that have arrived behind it are handed over in
   * the same turn, inside one call of `together` (a transaction: many small pages cost one commit
   * instead of one each); `onPage` must then be synchronous. `early`: pages already asked for
   * (askFirstPages, at PAGE_SIZE), taken in place of asking again.
   */
  async readAll(
    plans: { entity: EntityName; total: number; skip?: ReadonlySet<number> }[],
    onPage: (page: Page<EntityName>) => void | Promise<void>,
    opts: {
      pageSize?: number
      concurrency?: number
      signal?: AbortSignal
      onFetched?: () => void
      together?: (write: () => void) => void
      early?: EarlyPages
      waitingBytes?: number
    } = {}
  ): Promise<void> {
    const size = opts.pageSize ?? PAGE_SIZE
    const queue: { entity: EntityName; start: number; last: boolean }[] = []
    for (const plan of plans) {
      const pages = Math.max(1, Math.ceil(plan.total / size))
      for (let i = 0; i < pages; i++) {
        const start = 1 + i * size
        if (!plan.skip?.has(start)) queue.push({ entity: plan.entity, start, last: i === pages - 1 })
        else if (i === pages - 1) queue.push({ entity: plan.entity, start: start + size, last: true })
      }
    }
    let inFlight = 0
    let broken = false
    let fetched = false
    let handing = Promise.resolve()
    interface Waiting {
      entity: EntityName
      start: number
      answer: RawBody
      /** Its bytes (the answer's buffer moves to the page thread while it is read). */
      length: number
      /** Set once the page is read (parsed, validated, mapped): what onPage gets. */
      page: Page<EntityName> | null
      reading: Promise<Page<EntityName>> | null
      handed: boolean
      /** Its turn is over: written, or failed. */
      done?: boolean
    }
    /** Pages answered and not yet handed over, in the order they came. */
    const waiting: Waiting[] = []
    const read = (entry: Waiting): Promise<Page<EntityName>> => {
      if (!entry.reading) {
        entry.reading = this.readPage(entry.entity, entry.start, entry.answer).then(
          (page) => (entry.page = page)
        )
        entry.reading.catch(() => undefined) // awaited at the page's turn
      }
      return entry.reading
    }
    // Pages are read (on the page thread, see page-parser.ts) a little ahead of their turn, not as
    // they arrive: ten answered pages waiting for the writes hold their bytes, not their rows too
    // (peak memory was past 2x idle with every waiting page read).
    const readAhead = (): void => {
      let bytes = 0
      for (const entry of waiting) {
        if (bytes > 0 && bytes + entry.length > READ_AHEAD_BYTES) break
        bytes += entry.length
        void read(entry)
      }
    }
    // Answered pages waiting for their turn, in bytes: a request slot asks for its next page as
    // soon as its answer is in, not once it is written, while these stay under WAITING_BYTES.
    const maxWaiting = opts.waitingBytes ?? WAITING_BYTES
    const handOver = async (mine: Waiting, before: Promise<void>, handed: () => void): Promise<void> => {
      try {
        if (queue.length === 0 && inFlight === 0 && !broken && !fetched) {
          fetched = true
          opts.onFetched?.()
        }
        await before
        await new Promise((resolve) => setImmediate(resolve))
        // Handed over already when an earlier page's turn took it along.
        if (!mine.handed) {
          const page = await read(mine)
          const { together } = opts
          if (together) {
            // Small pages behind it being read join it once read (their reading takes less than
            // a commit), large ones only if read already: the writes never wait on those.
            const small: Promise<unknown>[] = []
            let bytes = 0
            for (const entry of waiting) {
              if (entry === mine) continue
              bytes += entry.length
              if (!entry.reading || bytes > TOGETHER_WAIT_BYTES) break
              small.push(entry.reading.catch(() => undefined))
            }
            await Promise.all(small)
            // Those behind it that are read (in order).
            let ready = waiting.findIndex((entry) => entry !== mine && entry.page === null)
            if (ready < 0) ready = waiting.length
            const batch = waiting.splice(0, ready)
            readAhead()
            together(() => {
              // Pages behind this one join it while the call is short: a long one would keep
              // answers (and the closing CDC) waiting, which one page per turn never does.
              const began = performance.now()
              let taken = 0
              for (; taken < batch.length; taken++) {
                if (taken > 0 && performance.now() - began > TOGETHER_MS) break
                batch[taken]!.handed = true
                void onPage(batch[taken]!.page!)
              }
              waiting.unshift(...batch.slice(taken))
            })
          } else {
            waiting.splice(waiting.indexOf(mine), 1)
            mine.handed = true
            readAhead()
            await onPage(page)
          }
        }
      } catch (error) {
        broken = true
        throw error
      } finally {
        // The page's bytes (moved with its reading, if it was read) go back to the pool.
        if (mine.page) mine.page.release()
        else if (!mine.reading) mine.answer.release()
        unwritten.bytes -= mine.length
        mine.done = true
        unwritten.wake()
        handed()
      }
    }
    const worker = async (): Promise<void> => {
      const mineHanded: Promise<void>[] = []
      try {
        for (let task = queue.shift(); task && !broken; task = queue.shift()) {
          inFlight += 1
          const mine: Waiting = {
            entity: task.entity,
            start: task.start,
            answer: await (
              (size === PAGE_SIZE ? opts.early?.take(task.entity, task.start) : undefined) ??
              this.fetchPage(task.entity, {
                startPosition: task.start,
                maxResults: size,
                ...(opts.signal ? { signal: opts.signal } : {})
              })
            ).catch((error: unknown) => {
              // Before any other worker can see no request in flight and call it done.
              inFlight -= 1
              broken = true
              throw error
            }),
            length: 0,
            page: null,
            reading: null,
            handed: false
          }
          mine.length = mine.answer.body.length
          try {
            // A type's last page is read at once: a full one means rows were added since the count.
            if (task.last) {
              const page = await read(mine)
              if (page.rowCount === size)
                queue.push({ entity: task.entity, start: task.start + size, last: true })
            }
          } catch (error) {
            inFlight -= 1
            broken = true
            throw error
          }
          inFlight -= 1
          // Pages are handed over one at a time, in the order they came, each on a turn of its own
          // of the event loop: answers that arrive while a page is written are taken in before the
          // next one, so the last answer is known when it comes, not when its turn to be written does.
          waiting.push(mine)
          unwritten.bytes += mine.length
          readAhead()
          const before = handing
          let handed!: () => void
          handing = new Promise<void>((resolve) => (handed = resolve))
          const turn = handOver(mine, before, handed)
          turn.catch(() => undefined) // awaited below
          mineHanded.push(turn)
          while (!mine.done && unwritten.bytes > maxWaiting && !broken)
            await new Promise<void>((resolve) => unwritten.sleepers.push(resolve))
        }
      } catch (error) {
        broken = true
        throw error
      } finally {
        await Promise.allSettled(mineHanded)
      }
      for (const turn of mineHanded) await turn
    }
    const workers = Array.from({ length: Math.max(1, opts.concurrency ?? PAGE_CONCURRENCY) }, worker)
    // Every worker settles before a failure is reported: no request outlives the call.
    const results = await Promise.allSettled(workers)
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
    if (failed) throw failed.reason
  }

  async read<E extends EntityName>(entity: E, id: string, signal?: AbortSignal): Promise<Entity<E>> {
    const json = await this.http.request<Json>({
      method: 'GET',
      path: `${endpoint(entity)}/${encodeURIComponent(id)}`,
      ...(signal ? { signal } : {})
    })
    const { records, skipped } = parseRecords(entity, [json[entity]])
    if (!records[0])
      throw new QboError(
        'server',
        `QuickBooks sent a ${entity} we cannot read: ${skipped[0]?.problem ?? 'empty'}`
      )
    return records[0]
  }

  async companyInfo(signal?: AbortSignal, retries?: number): Promise<Entity<'CompanyInfo'>> {
    const json = await this.http.request<Json>({
      method: 'GET',
      path: `/companyinfo/${this.realmId}`,
      ...(signal ? { signal } : {}),
      ...(retries !== undefined ? { retries } : {})
    })
    const { records } = parseRecords('CompanyInfo', [json.CompanyInfo])
    if (!records[0]) throw new QboError('server', 'QuickBooks sent no company information')
    return records[0]
  }

  async cdc(
    entities: EntityName[],
    changedSince: string,
    signal?: AbortSignal,
    retries?: number
  ): Promise<CdcResult> {
    const json = await this.http.request<Json>({
      method: 'GET',
      path: '/cdc',
      query: { entities: entities.join(','), changedSince },
      ...(signal ? { signal } : {}),
      ...(retries !== undefined ? { retries } : {})
    })
    const result: CdcResult = {
      changed: {},
      deleted: [],
      skipped: [],
      truncated: [],
      serverTime: typeof json.time === 'string' ? json.time : null
    }
    let objects = 0
    for (const block of (json.CDCResponse as Json[] | undefined) ?? []) {
      for (const qr of (block.QueryResponse as Json[] | undefined) ?? []) {
        for (const entity of entities) {
          const rows = qr[entity] as Json[] | undefined
          if (!rows) continue
          objects += rows.length
          if (rows.length >= 1000) result.truncated.push(entity)
          const live: Json[] = []
          for (const row of rows) {
            if (row.status === 'Deleted' && typeof row.Id === 'string') {
              const meta = row.MetaData as Json | undefined
              result.deleted.push({
                entity,
                id: row.Id,
                at: typeof meta?.LastUpdatedTime === 'string' ? meta.LastUpdatedTime : null
              })
            } else {
              live.push(row)
            }
          }
          const { records, skipped } = parseRecords(entity, live)
          ;(result.changed as Record<string, unknown[]>)[entity] = [
            ...((result.changed as Record<string, unknown[]>)[entity] ?? []),
            ...records
          ]
          result.skipped.push(...skipped)
        }
      }
    }
    // Intuit caps one CDC answer at 1000 objects in all; which types were cut cannot be told.
    if (objects >= 1000) result.truncated = [...entities]
    return result
  }

  /**
   * What a full read needs before its first page, in ONE batch request instead of one request each:
   * the company's info, its preferences (home currency) and how many rows each entity type has.
   */
  async overview(
    entities: EntityName[],
    signal?: AbortSignal,
    retries?: number
  ): Promise<{
    info: Entity<'CompanyInfo'>
    preferences: Json
    counts: Map<EntityName, number>
    serverTime: string | null
  }> {
    const items: BatchItem[] = [
      { query: 'select * from CompanyInfo' },
      { query: 'select * from Preferences' },
      ...entities.map((entity) => ({ query: countQuery({ entity, where: everyRecord(entity) }) }))
    ]
    const { results, time } = await this.batchOnce(items, signal, retries)
    const answer = (i: number): Json => {
      const result = results[i]!
      if (!result.ok) throw result.error
      return (result.value.QueryResponse as Json | undefined) ?? {}
    }
    const { records } = parseRecords('CompanyInfo', [(answer(0).CompanyInfo as unknown[] | undefined)?.[0]])
    if (!records[0]) throw new QboError('server', 'QuickBooks sent no company information')
    const preferences = ((answer(1).Preferences as Json[] | undefined)?.[0] as Json | undefined) ?? {}
    const counts = new Map<EntityName, number>()
    entities.forEach((entity, i) => {
      const total = answer(2 + i).totalCount
      counts.set(entity, typeof total === 'number' ? total : 0)
    })
    return { info: records[0], preferences, counts, serverTime: time }
  }

  /** Up to 30 operations per call; each item's fault comes back in its own slot. */
  async batch(items: BatchItem[], signal?: AbortSignal, retries?: number): Promise<BatchResult[]> {
    const results: BatchResult[] = []
    for (let i = 0; i < items.length; i += BATCH_LIMIT) {
      results.push(...(await this.batchOnce(items.slice(i, i + BATCH_LIMIT), signal, retries)).results)
    }
    return results
  }

  /** One batch request of at most 30 items, with QBO's time of the answer. */
  private async batchOnce(
    chunk: BatchItem[],
    signal?: AbortSignal,
    retries?: number
  ): Promise<{ results: BatchResult[]; time: string | null }> {
    const body = {
      BatchItemRequest: chunk.map((item, j) =>
        'query' in item
          ? { bId: String(j), Query: item.query }
          : { bId: String(j), operation: item.operation, [item.entity]: item.body }
      )
    }
    const hasWrite = chunk.some((item) => !('query' in item))
    const json = await this.http.request<Json>({
      method: 'POST',
      path: '/batch',
      body,
      batch: true,
      write: hasWrite,
      ...(signal ? { signal } : {}),
      ...(retries !== undefined ? { retries } : {})
    })
    const byId = new Map<string, Json>()
    for (const r of (json.BatchItemResponse as Json[] | undefined) ?? []) byId.set(String(r.bId), r)
    const results = chunk.map((_, j): BatchResult => {
      const r = byId.get(String(j))
      if (!r) return { ok: false, error: new QboError('server', 'QuickBooks did not answer this batch item') }
      if (r.Fault)
        return {
          ok: false,
          error: errorFromResponse(200, JSON.stringify({ Fault: r.Fault }), { now: Date.now() })
        }
      return { ok: true, value: r }
    })
    return { results, time: typeof json.time === 'string' ? json.time : null }
  }

  private async rawQuery(text: string, signal?: AbortSignal): Promise<Json> {
    return this.http.request<Json>({
      method: 'GET',
      path: '/query',
      query: { query: text },
      ...(signal ? { signal } : {})
    })
  }

  // ---- user actions -------------------------------------------------------------------------

  /**
   * Records a BillPayment. The request id is reused on every retry; and because Intuit's request-id
   * de-duplication is reported to misbehave, after an answer lost in transit we look for the payment
   * by the marker in its PrivateNote before we would ever send it again.
   */
  async createBillPayment(input: BillPaymentInput, signal?: AbortSignal): Promise<Entity<'BillPayment'>> {
    const requestId = input.requestId ?? randomUUID()
    const marker = `runway:${requestId}`
    const total = input.bills.reduce((sum, b) => sum + b.amountCents, 0)
    const body: Json = {
      VendorRef: { value: input.vendorId },
      PayType: input.payType,
      TotalAmt: decimal(total),
      PrivateNote: input.memo ? `${input.memo} (${marker})` : marker,
      ...(input.txnDate ? { TxnDate: input.txnDate } : {}),
      ...(input.payType === 'Check'
        ? { CheckPayment: { BankAccountRef: { value: input.accountId } } }
        : { CreditCardPayment: { CCAccountRef: { value: input.accountId } } }),
      Line: input.bills.map((b) => ({
        Amount: decimal(b.amountCents),
        LinkedTxn: [{ TxnId: b.id, TxnType: 'Bill' }]
      }))
    }
    // Every resend is decided here, never by the HTTP layer: after an answer that was lost (the
    // payment may have been made), QBO is first asked for a payment carrying this marker.
    let unsure = false
    for (let attempt = 0; ; attempt++) {
      try {
        const json = await this.http.request<Json>({
          method: 'POST',
          path: '/billpayment',
          body,
          write: true,
          requestId,
          retries: 0,
          ...(signal ? { signal } : {})
        })
        const { records } = parseRecords('BillPayment', [json.BillPayment])
        if (!records[0])
          throw new QboError('server', 'QuickBooks answered without the bill payment', { ambiguous: true })
        return records[0]
      } catch (error) {
        if (!(error instanceof QboError)) throw error
        unsure ||= error.info.ambiguous === true || error.qboKind === 'server'
        if (!unsure) throw error
        let existing: Entity<'BillPayment'> | null
        try {
          existing = await this.findBillPaymentByMarker(input.vendorId, marker, signal)
        } catch {
          // Cannot tell whether the payment was made: it must not be sent again from here.
          throw new QboError('network', 'QuickBooks did not confirm the payment', { ambiguous: true })
        }
        if (existing) return existing
        if (attempt >= INTERACTIVE_RETRIES || signal?.aborted) {
          throw new QboError('network', 'QuickBooks did not confirm the payment', { ambiguous: true })
        }
        await new Promise((resolve) => setTimeout(resolve, 300 * 2 ** attempt))
      }
    }
  }

  /** A BillPayment made under this request id (from the marker in its PrivateNote), if QBO has one. */
  findBillPayment(
    vendorId: string,
    requestId: string,
    signal?: AbortSignal
  ): Promise<Entity<'BillPayment'> | null> {
    return this.findBillPaymentByMarker(vendorId, `runway:${requestId}`, signal)
  }

  private async findBillPaymentByMarker(
    vendorId: string,
    marker: string,
    signal?: AbortSignal
  ): Promise<Entity<'BillPayment'> | null> {
    const json = await this.rawQuery(
      selectQuery({
        entity: 'BillPayment',
        where: [['VendorRef', '=', vendorId]],
        orderBy: { field: 'Id', dir: 'DESC' },
        maxResults: 100
      }),
      signal
    )
    const rows = ((json.QueryResponse as Json | undefined)?.BillPayment as Json[] | undefined) ?? []
    const hit = rows.find((r) => typeof r.PrivateNote === 'string' && r.PrivateNote.includes(marker))
    return hit ? (parseRecords('BillPayment', [hit]).records[0] ?? null) : null
  }

  /** QBO emails the invoice; the request id keeps a resend (the outbox's replay) from mailing twice. */
  async sendInvoice(
    invoiceId: string,
    sendTo?: string,
    signal?: AbortSignal,
    requestId?: string
  ): Promise<Entity<'Invoice'>> {
    const json = await this.http.request<Json>({
      method: 'POST',
      path: `/invoice/${encodeURIComponent(invoiceId)}/send`,
      query: sendTo ? { sendTo } : {},
      contentType: 'application/octet-stream',
      body: '',
      write: true,
      ...(requestId ? { requestId } : {}),
      retries: INTERACTIVE_RETRIES,
      ...(signal ? { signal } : {})
    })
    const { records } = parseRecords('Invoice', [json.Invoice])
    if (!records[0]) throw new QboError('server', 'QuickBooks answered without the invoice')
    return records[0]
  }

  /** Sparse update: only the given fields change; a stale SyncToken fails with kind 'stale'. */
  /** A sparse update of an invoice; the request id makes a replay answer with the first response. */
  async updateInvoice(
    id: string,
    syncToken: string,
    fields: Json,
    requestId?: string
  ): Promise<Entity<'Invoice'>> {
    const json = await this.http.request<Json>({
      method: 'POST',
      path: '/invoice',
      body: { ...fields, Id: id, SyncToken: syncToken, sparse: true },
      write: true,
      ...(requestId ? { requestId } : {}),
      retries: INTERACTIVE_RETRIES
    })
    const { records } = parseRecords('Invoice', [json.Invoice])
    if (!records[0]) throw new QboError('server', 'QuickBooks answered without the invoice')
    return records[0]
  }

  async updateBill(
    id: string,
    syncToken: string,
    fields: Json,
    signal?: AbortSignal
  ): Promise<Entity<'Bill'>> {
    const json = await this.http.request<Json>({
      method: 'POST',
      path: '/bill',
      body: { ...fields, Id: id, SyncToken: syncToken, sparse: true },
      write: true,
      retries: INTERACTIVE_RETRIES,
      ...(signal ? { signal } : {})
    })
    const { records } = parseRecords('Bill', [json.Bill])
    if (!records[0]) throw new QboError('server', 'QuickBooks answered without the bill')
    return records[0]
  }

  async voidPayment(id: string, syncToken: string, signal?: AbortSignal): Promise<Json> {
    const json = await this.http.request<Json>({
      method: 'POST',
      path: '/payment',
      query: { operation: 'void' },
      body: { Id: id, SyncToken: syncToken, sparse: true },
      write: true,
      retries: INTERACTIVE_RETRIES,
      ...(signal ? { signal } : {})
    })
    return (json.Payment as Json | undefined) ?? json
  }
}
