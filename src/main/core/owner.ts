// The process that owns a data folder (db/folder-lock.ts) answers the others over a local socket:
// a unix socket in the data folder (a named pipe on Windows), for the CLI to hand its call to the
// running app instead of opening the folder a second time. A caller proves it may read the folder:
// it sends the token the owner wrote there, readable by the folder's user alone (0600).
//
// One JSON line each way: {token, channel, input} → the channel's Result.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Result } from '../../shared/errors'
import type { CoreConfig } from './context'

const TOKEN_FILE = 'runway.token'
const OWNER_FILE = 'runway.owner.json'
/** A request larger than this is not a contract call. */
const MAX_REQUEST_BYTES = 16 * 2 ** 20

export interface OwnerInfo {
  pid: number
  host: CoreConfig['host']
  since: string
}

/** Another process owns the folder; `owner` says which, when it could be read. */
export class FolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: OwnerInfo | null
  ) {
    const who = owner
      ? `${HOST_NAMES[owner.host]} (process ${owner.pid}, since ${owner.since})`
      : 'another Runway Desktop process'
    super(
      `The data folder ${dataDir} is in use by ${who}. One process at a time keeps it: close that one first, or start this one with another data folder.`
    )
    this.name = 'FolderInUseError'
  }
}

const HOST_NAMES: Record<CoreConfig['host'], string> = {
  electron: 'the Runway Desktop app',
  web: 'a Runway Desktop browser preview',
  cli: 'a runway-cli call'
}

/** Where the owner listens: in the folder, unless its path is too long for a unix socket. */
export function socketPath(dataDir: string, platform = process.platform): string {
  const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 24)
  if (platform === 'win32') return `\\\\?\\pipe\\runway-${id}`
  const inFolder = join(dataDir, 'runway.sock')
  // sun_path holds 104 bytes on macOS, 108 on Linux.
  return Buffer.byteLength(inFolder) < 100 ? inFolder : join(tmpdir(), `runway-${id}.sock`)
}

/** Says who holds the folder, for the processes it refuses (written once the lock is taken). */
export function writeOwner(dataDir: string, owner: OwnerInfo): void {
  writeSecret(join(dataDir, OWNER_FILE), JSON.stringify(owner))
}

export function clearOwner(dataDir: string): void {
  rmSync(join(dataDir, OWNER_FILE), { force: true })
}

export function readOwner(dataDir: string): OwnerInfo | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, OWNER_FILE), 'utf8')) as OwnerInfo
  } catch {
    return null
  }
}

export interface OwnerService {
  close(): Promise<void>
}

/**
 * Serves `invoke` to the other processes of this folder's user; the caller holds the folder's lock,
 * so a socket file left by an owner that died is its to remove.
 */
export async function serveFolder(
  dataDir: string,
  invoke: (channel: unknown, input: unknown) => Promise<Result<unknown>>
): Promise<OwnerService> {
  const token = randomBytes(32)
  writeSecret(join(dataDir, TOKEN_FILE), token.toString('hex'))
  const path = socketPath(dataDir)
  if (process.platform !== 'win32') rmSync(path, { force: true })
  const calls = new Set<Promise<unknown>>()
  /** Connections whose call has not begun: told to go elsewhere when the owner stops. */
  const idle = new Set<Socket>()
  let closing = false
  const server: Server = createServer((socket) => {
    idle.add(socket)
    socket.on('close', () => idle.delete(socket))
    socket.on('error', () => socket.destroy())
    if (closing) return refuse(socket)
    let buffered = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      buffered += chunk
      if (buffered.length > MAX_REQUEST_BYTES) return socket.destroy()
      const end = buffered.indexOf('\n')
      if (end < 0) return
      socket.removeAllListeners('data')
      idle.delete(socket)
      if (closing) return refuse(socket)
      // Said before the call runs: a caller whose connection drops before this line knows nothing
      // ran (a connection still in the listen queue when the owner exits is reset, not refused).
      socket.write(`${ACCEPTED}\n`)
      const call = answer(buffered.slice(0, end)).then((result) => {
        if (!socket.destroyed) socket.end(`${JSON.stringify(result)}\n`)
      })
      calls.add(call)
      void call.finally(() => calls.delete(call))
    })
  })
  const answer = async (line: string): Promise<Result<unknown> | { refused: string }> => {
    let request: { token?: unknown; channel?: unknown; input?: unknown }
    try {
      request = JSON.parse(line) as typeof request
    } catch {
      return { refused: 'not JSON' }
    }
    const given = typeof request.token === 'string' ? Buffer.from(request.token, 'hex') : Buffer.alloc(0)
    if (given.length !== token.length || !timingSafeEqual(given, token)) return { refused: 'wrong token' }
    return invoke(request.channel, request.input)
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => {
      server.off('error', reject)
      resolve()
    })
  })
  if (process.platform !== 'win32') chmodSync(path, 0o600)
  return {
    close: async () => {
      // No new callers; those already in get their answer before the core goes.
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Nothing has run for these: their callers try again, and find the folder's next owner.
      for (const socket of idle) refuse(socket)
      await Promise.all(calls)
      await closed
      rmSync(join(dataDir, TOKEN_FILE), { force: true })
    }
  }
}

const ACCEPTED = JSON.stringify({ accepted: true })

function refuse(socket: Socket): void {
  socket.removeAllListeners('data')
  socket.end(`${JSON.stringify({ refused: 'the owner is stopping' })}\n`)
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 })
  // An existing file keeps its mode through writeFileSync.
  chmodSync(file, 0o600)
}

/** The owner could not be asked: nobody listens yet (or any more), or it refused us. Nothing ran. */
export class OwnerUnreachable extends Error {}

/** Hands one call to the folder's owner and returns its result. */
export function callOwner(dataDir: string, channel: string, input: unknown): Promise<Result<unknown>> {
  let token: string
  try {
    token = readFileSync(join(dataDir, TOKEN_FILE), 'utf8').trim()
  } catch {
    return Promise.reject(new OwnerUnreachable('no token yet'))
  }
  return new Promise((resolve, reject) => {
    let received = ''
    const accepted = (): boolean => received.startsWith(`${ACCEPTED}\n`)
    const socket = createConnection(socketPath(dataDir), () => {
      socket.write(`${JSON.stringify({ token, channel, input })}\n`)
    })
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      received += chunk
    })
    socket.on('error', (error) => {
      // Once the owner took the call it may have run: that is not for the caller to try again.
      reject(accepted() ? error : new OwnerUnreachable(error.message))
    })
    socket.on('end', () => {
      const taken = accepted()
      let answer: Result<unknown> | { refused: string }
      try {
        answer = JSON.parse(taken ? received.slice(ACCEPTED.length + 1) : received) as typeof answer
      } catch {
        if (!taken)
          return reject(new OwnerUnreachable('the owner closed the connection before taking the call'))
        return reject(new Error('the running app closed the connection without an answer'))
      }
      if ('refused' in answer) return reject(new OwnerUnreachable(answer.refused))
      resolve(answer)
    })
  })
}
