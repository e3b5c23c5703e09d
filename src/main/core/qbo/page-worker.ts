// The page reader's thread: a full read's pages are split, parsed, validated and mapped here while
// the main thread writes the ones before them (see page-parser.ts). The page's buffer goes back
// with the answer.

import { parentPort } from 'node:worker_threads'
import type { EntityName } from './entities'
import { parsePage } from './page-parse'

interface Request {
  id: number
  entity: EntityName
  buffer: ArrayBuffer
  length: number
}

parentPort!.on('message', ({ id, entity, buffer, length }: Request) => {
  let answer: { page: unknown } | { error: string }
  try {
    answer = { page: parsePage(entity, new Uint8Array(buffer, 0, length)) }
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) }
  }
  parentPort!.postMessage({ id, ...answer, buffer }, [buffer])
})

// Its code is loaded: pages may come (until then the main thread holds them, and parses them
// itself if this thread never gets here).
parentPort!.postMessage('ready')
