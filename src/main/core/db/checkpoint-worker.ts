// The checkpointer's thread: copies the WAL into the database file while a full sync writes, so
// the main thread never stops for it. A PASSIVE checkpoint waits for no one and blocks no one.

import { parentPort, workerData } from 'node:worker_threads'
import { connectTo, WAL_CHECKPOINT_BYTES } from './connection'

const { file, nativeBinding, everyMs } = workerData as {
  file: string
  nativeBinding?: string
  everyMs: number
}
const sqlite = connectTo(file, nativeBinding)
const restartFrames = Math.ceil(
  WAL_CHECKPOINT_BYTES / (sqlite.pragma('page_size', { simple: true }) as number)
)

function checkpoint(): void {
  const [state] = sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[]
  // PASSIVE copies what it can but never takes the writer's turn, so under steady writing the WAL
  // is never begun again and grows with the whole sync. Once it is long, RESTART waits for the
  // writer between two pages, copies the little PASSIVE left and makes the next write start the
  // WAL over (journal_size_limit then cuts the file back).
  if (state && state.log >= restartFrames) sqlite.pragma('wal_checkpoint(RESTART)')
}

const timer = setInterval(checkpoint, everyMs)

parentPort?.on('message', () => {
  clearInterval(timer)
  // What the last pages left in the WAL goes now, off the main thread too.
  checkpoint()
  sqlite.close()
  parentPort!.postMessage('done')
  parentPort!.close()
})
