// The quick check of the data files on a thread of its own (see file-check.ts): it reads every page
// of a cache that holds hundreds of megabytes, time the main thread spends answering the screens.

import { parentPort, workerData } from 'node:worker_threads'
import { checkFile } from './connection'

const { files, nativeBinding } = workerData as { files: string[]; nativeBinding?: string }
parentPort!.postMessage(files.map((file) => checkFile(file, nativeBinding)))
