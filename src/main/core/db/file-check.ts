// SQLite's quick check of whole files, off the main thread: it reads every page, so it takes time in
// proportion to the books kept (half a second warm for 500 companies' 490 MB, seconds cold), which
// a start-up or a sync's last step would otherwise spend with the screens waiting. Each check runs
// on a connection of its own, so the app's page cache cannot hide a damaged page.
// Without a worker (none found, or it failed to start) the check runs on the calling thread.

import { Worker } from 'node:worker_threads'
import { findWorker } from './checkpointer'
import { checkFile } from './connection'

/** For each file, null when it is whole (or absent), else what SQLite found; in the order given. */
export async function checkFiles(files: string[], nativeBinding?: string): Promise<(string | null)[]> {
  const script = findWorker(__dirname, 'check-worker')
  if (script) {
    try {
      return await new Promise<(string | null)[]>((resolve, reject) => {
        const workerData = { files, ...(nativeBinding ? { nativeBinding } : {}) }
        const worker = script.source
          ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script.file)})`, {
              eval: true,
              workerData
            })
          : new Worker(script.file, { workerData })
        worker.once('message', (found: (string | null)[]) => resolve(found))
        worker.once('error', reject)
        worker.once('exit', (code) => reject(new Error(`the check's thread ended (${code})`)))
      })
    } catch {
      // Checked here instead: slower for the screens, but never skipped.
    }
  }
  return files.map((file) => checkFile(file, nativeBinding))
}
