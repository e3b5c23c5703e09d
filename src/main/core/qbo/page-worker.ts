// The page reader's thread: a full read's pages are split, parsed, validated and mapped here while
// the main thread writes the ones before them (see page-parser.ts). The page's buffer goes back
// with the answer.

import { parentPort } from 'node:worker_threads'
import type { EntityName } from './entities'
import { parsePage, type ParsedPage } from './page-parse'

interface Request {
  id: number
  entity: EntityName
  buffer: ArrayBuffer
  length: number
}

parentPort!.on('message', ({ id, entity, buffer, length }: Request) => {
  let answer: { page: ParsedPage } | { error: string }
  try {
    answer = { page: parsePage(entity, new Uint8Array(buffer, 0, length)) }
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) }
  }
  const moved: ArrayBuffer[] = [buffer]
  if ('page' in answer) {
    const { present, linkCounts, kinds, values } = answer.page.rows
    moved.push(...[present, linkCounts, kinds, values].map((array) => array.buffer as ArrayBuffer))
  }
  parentPort!.postMessage({ id, ...answer, buffer }, moved)
})

// Its code is loaded: pages may come (until then the main thread holds them, and parses them
// itself if this thread never gets here).
parentPort!.postMessage('ready')
