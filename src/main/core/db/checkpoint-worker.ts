// The checkpointer's thread: copies the WAL into the database file while a full sync writes, so
// the main thread never stops for it. A PASSIVE checkpoint waits for no one and blocks no one.

import { parentPort, workerData } from 'node:worker_threads'
import { connectTo } from './connection'

const { file, nativeBinding, everyMs } = workerData as { file: string; nativeBinding?: string; everyMs: number }
const sqlite = connectTo(file, nativeBinding)
const timer = setInterval(() => sqlite.pragma('wal_checkpoint(PASSIVE)'), everyMs)

parentPort?.on('message', () => {
  clearInterval(timer)
  // What the last pages left in the WAL goes now, off the main thread too.
  sqlite.pragma('wal_checkpoint(PASSIVE)')
  sqlite.close()
  parentPort!.postMessage('done')
  parentPort!.close()
})
