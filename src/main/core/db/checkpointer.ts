// WAL checkpoints on a thread of their own while a full sync writes a hundred megabytes. On the main
// connection a checkpoint runs inside whichever commit crosses the threshold and stops everything
// (half a second per sync on the large company); here it overlaps with the writing.
// Without a worker (none found, or it failed to start) the main connection checkpoints as usual.

import type Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join, sep } from 'node:path'
import { Worker } from 'node:worker_threads'

const EVERY_MS = 100

/**
 * A worker script built beside the bundle, or, run from source (tests, tsx), its TypeScript file.
 * In a packaged app the bundle is inside app.asar: a worker thread is started from the copy
 * electron-builder unpacked beside it (app.asar.unpacked), a real file on disk.
 */
export function findWorker(dir: string, name: string): { file: string; source: boolean } | null {
  for (const built of [
    join(dir, `${name}.js`),
    join(dir, '..', `${name}.js`),
    join(dir, '..', '..', `${name}.js`)
  ]) {
    const unpacked = built.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`)
    for (const file of unpacked === built ? [built] : [unpacked, built]) {
      if (existsSync(file)) return { file, source: false }
    }
  }
  const source = join(dir, `${name}.ts`)
  return existsSync(source) ? { file: source, source: true } : null
}

export class Checkpointer {
  private holders = 0
  private worker: Worker | null = null
  /** Workers told to stop that have not exited yet. */
  private readonly stopping = new Set<Promise<void>>()
  private closed = false
  private readonly autocheckpoint: number

  constructor(
    private readonly sqlite: Database.Database,
    private readonly database: { file: string; nativeBinding?: string },
    private script = findWorker(__dirname, 'checkpoint-worker')
  ) {
    this.autocheckpoint = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number
  }

  /**
   * Checkpoints move to the worker until the returned release is called (holds nest). Release does
   * not wait for the last checkpoint: the worker finishes it while the caller goes on.
   */
  hold(): () => void {
    this.holders += 1
    if (this.holders === 1 && !this.closed) this.start()
    let released = false
    return () => {
      if (released) return
      released = true
      this.holders -= 1
      if (this.holders === 0) this.stop()
    }
  }

  /**
   * Before the connection closes: stops the worker, held or not (the core may stop while a sync
   * still reads; its release then finds nothing to do), and waits until every worker has exited.
   */
  async close(): Promise<void> {
    this.closed = true
    this.stop()
    await Promise.all(this.stopping)
  }

  private start(): void {
    if (!this.script) return
    const workerData = { ...this.database, everyMs: EVERY_MS }
    let worker: Worker
    try {
      worker = this.script.source
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(this.script.file)})`, {
            eval: true,
            workerData
          })
        : new Worker(this.script.file, { workerData })
    } catch {
      this.script = null
      return
    }
    worker.unref()
    worker.on('error', () => {
      // The main connection checkpoints again; nothing is lost, the WAL is only longer for a while.
      this.script = null
      if (this.worker !== worker) return
      this.worker = null
      this.restore()
    })
    this.worker = worker
    this.sqlite.pragma('wal_autocheckpoint = 0')
  }

  private stop(): void {
    const worker = this.worker
    this.worker = null
    if (!worker) return
    this.restore()
    // The last checkpoint runs on the worker; whoever held it does not wait for it.
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', () => resolve())
      worker.once('message', () => void worker.terminate())
    })
    this.stopping.add(exited)
    void exited.then(() => this.stopping.delete(exited))
    worker.postMessage('stop')
  }

  private restore(): void {
    if (this.sqlite.open) this.sqlite.pragma(`wal_autocheckpoint = ${this.autocheckpoint}`)
  }
}
