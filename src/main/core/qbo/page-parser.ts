// Full reads parse their pages on a thread of their own. A first sync is bound by CPU: parsing and
// validating the pages (about 1.5 s of the large company's) and writing them to SQLite (about 2 s)
// took turns on the main thread while the second core was mostly idle. Here a page is parsed while
// the ones before it are written; the writes, their transactions and cursors stay on the main thread.
// What crosses between the threads is the page's buffer, moved (not copied) to the thread and back
// with the answer, and the rows as flat arrays (cheaper to copy than a tree of objects). The records'
// texts are not sent: the main thread hands SQLite each record's bytes from those that came back.
// Without a worker script (or one that cannot start) pages are parsed inline, as before.

import { Worker } from 'node:worker_threads'
import { findWorker } from '../db/checkpointer'
import type { EntityName } from './entities'
import { rawBody, releasePooledBodies, type RawBody } from './http'
import { parsePage, type ParsedPage } from './page-parse'

/** The thread is let go once no page has come for this long: it is for full reads only. */
const IDLE_MS = 10_000
/** Pages read during a read beyond which the thread goes as soon as no read holds it (`hold`). */
const LET_GO_BYTES = 32 * 2 ** 20

/**
 * The thread's heap stays small (its defaults grew it by 50–60 MB over a large company's read, and
 * peak memory past 2× idle; a young generation of 4 MB cost 0.6 s more CPU in collections): a
 * page's records are parsed a chunk at a time (CHUNK_BYTES, page-parse.ts) and its rows are garbage
 * once sent, so no page needs more.
 */
const LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 96 }

export interface PageParsing {
  /** The page, and its bytes (the same bytes, in memory that may have moved: release that). */
  parse(entity: EntityName, raw: RawBody): Promise<{ page: ParsedPage; raw: RawBody }>
  /**
   * A full read begins: gets ready for its pages. The call returned ends it; memory kept for
   * pages may then go.
   */
  hold?(): () => void
}

export const INLINE_PARSING: PageParsing = {
  parse: async (entity, raw) => ({ page: parsePage(entity, raw.body), raw })
}

type Answer = { page: ParsedPage; raw: RawBody }

interface Pending {
  entity: EntityName
  length: number
  resolve(answer: Answer): void
  reject(error: Error): void
}

interface Queued {
  entity: EntityName
  raw: RawBody
  resolve(answer: Answer): void
  reject(error: Error): void
}

export class PageParser implements PageParsing {
  private worker: Worker | null = null
  /** Whether the thread has loaded its code (it said so): until then pages wait in `queued`. */
  private ready = false
  private queued: Queued[] = []
  private readonly pending = new Map<number, Pending>()
  private nextId = 0
  private idle: NodeJS.Timeout | null = null
  private closed = false
  /** Full reads under way (see `hold`). */
  private reads = 0
  /** Bytes of the pages sent to the thread so far. */
  private bytesRead = 0

  constructor(
    private script = findWorker(__dirname, 'page-worker'),
    private readonly letGoBytes = LET_GO_BYTES
  ) {}

  /** Whether a full read holds the thread (see `hold`). */
  get reading(): boolean {
    return this.reads > 0
  }

  /** The thread while it runs (tests stop it to see a sync fail cleanly when it dies). */
  get thread(): Worker | null {
    return this.worker
  }

  /**
   * Starts the thread ahead of the first page, so its start overlaps the read's first request. When
   * the last full read under way ends and LET_GO_BYTES of pages were read while it ran, the thread
   * and the pooled page buffers go at once, not IDLE_MS later: after a large company's first sync
   * comes its forecast, and the thread's heap and the buffers (about 30 MiB after the large
   * company's read) were still held while the forecast's own memory peaked. After small reads the
   * thread stays for the next: a firm's "sync all" reads two hundred small companies, and starting
   * the thread again between them cost more CPU than it saved memory.
   */
  hold(): () => void {
    this.reads += 1
    if (!this.closed) this.start()
    const before = this.bytesRead
    let held = true
    return () => {
      if (!held) return
      held = false
      this.reads -= 1
      if (this.reads > 0 || this.bytesRead - before < this.letGoBytes) return
      releasePooledBodies()
      if (this.pending.size === 0 && this.queued.length === 0) void this.stop(null)
    }
  }

  parse(entity: EntityName, raw: RawBody): Promise<Answer> {
    const worker = this.closed ? null : this.start()
    // A view over part of a larger buffer (not one of ours) is not moved with all of it.
    if (!worker || raw.body.byteOffset !== 0) return INLINE_PARSING.parse(entity, raw)
    return new Promise<Answer>((resolve, reject) => {
      this.queued.push({ entity, raw, resolve, reject })
      worker.ref()
      this.idle?.refresh()
      if (this.ready) this.send(worker)
    })
  }

  async close(): Promise<void> {
    this.closed = true
    await this.stop(new Error('the app is stopping'))
  }

  private send(worker: Worker): void {
    for (const { entity, raw, resolve, reject } of this.queued.splice(0)) {
      const id = this.nextId++
      const { buffer, length } = raw.body
      this.pending.set(id, { entity, length, resolve, reject })
      this.bytesRead += length
      worker.postMessage({ id, entity, buffer, length }, [buffer as ArrayBuffer])
    }
  }

  private start(): Worker | null {
    if (this.worker) return this.worker
    if (!this.script) return null
    let worker: Worker
    try {
      worker = this.script.source
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.script.file)})`, {
            eval: true,
            resourceLimits: LIMITS
          })
        : new Worker(this.script.file, { resourceLimits: LIMITS })
    } catch {
      this.script = null
      return null
    }
    this.ready = false
    // Only pages waiting on it keep the process alive.
    worker.unref()
    worker.on(
      'message',
      (message: 'ready' | { id: number; page?: ParsedPage; error?: string; buffer: ArrayBuffer }) => {
        if (message === 'ready') {
          this.ready = true
          this.send(worker)
          return
        }
        const waiting = this.pending.get(message.id)
        if (!waiting) return
        this.pending.delete(message.id)
        if (this.pending.size === 0 && this.queued.length === 0) worker.unref()
        const raw = rawBody(new Uint8Array(message.buffer), waiting.length)
        if (message.page) waiting.resolve({ page: message.page, raw })
        else {
          raw.release()
          waiting.reject(new Error(`could not read a page of ${waiting.entity}: ${message.error}`))
        }
      }
    )
    const failed = (cause: Error): void => {
      if (this.worker !== worker) return
      if (!this.ready) {
        // It could not load its code (a packaged app without its files, say): no page was sent to
        // it, and from now on pages are parsed inline.
        this.script = null
        const queued = this.queued.splice(0)
        void this.stop(cause)
        for (const q of queued) INLINE_PARSING.parse(q.entity, q.raw).then(q.resolve, q.reject)
        return
      }
      void this.stop(cause)
    }
    worker.on('error', failed)
    worker.on('exit', (code) => failed(new Error(`it stopped (exit code ${code})`)))
    this.worker = worker
    this.idle = setTimeout(() => {
      if (this.pending.size === 0 && this.queued.length === 0) void this.stop(null)
      else this.idle?.refresh()
    }, IDLE_MS)
    this.idle.unref()
    return worker
  }

  /**
   * Fails the pages still waiting (a sync then fails cleanly, its written pages kept) and ends the
   * thread.
   */
  private async stop(cause: Error | null): Promise<void> {
    const worker = this.worker
    this.worker = null
    this.ready = false
    if (this.idle) clearTimeout(this.idle)
    this.idle = null
    const message = `the thread reading QuickBooks pages failed: ${cause?.message ?? 'stopped'}; the pages written so far are kept and the next sync resumes`
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id)
      waiting.reject(new Error(message))
    }
    for (const q of this.queued.splice(0)) {
      q.raw.release()
      q.reject(new Error(message))
    }
    await worker?.terminate()
  }
}
