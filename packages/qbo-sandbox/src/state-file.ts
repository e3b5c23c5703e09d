// The sandbox's memory across restarts. Written as JSON lines (one record per line) so a 100k-record
// company streams to disk without one giant string, to a temp file that is fsynced and renamed over
// the old one: a crash mid-write leaves the previous state, never half of a new one.

import { createReadStream } from 'node:fs'
import { open, rename, rm, stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'

import type { OAuthState } from './oauth'
import { ENTITY_NAMES, type Deletion, type EntityName, type QboRecord, type RealmData } from './types'
import type { SentEmail } from './writes'

const FORMAT = 'runway-qbo-sandbox-state'
const VERSION = 1

export interface CachedResponse {
  status: number
  contentType: string
  body: string
}

export interface SandboxState {
  clientId: string
  clientSecret: string
  realms: RealmData[]
  oauth: OAuthState
  outbox: SentEmail[]
  idempotency: [string, CachedResponse][]
}

type Line =
  | { kind: typeof FORMAT; version: number; clientId: string; clientSecret: string }
  | { kind: 'realm'; realmId: string; companyName: string; nextId: number }
  | { kind: 'record'; realmId: string; entity: EntityName; record: QboRecord }
  | { kind: 'deletion'; realmId: string; deletion: Deletion }
  | { kind: 'oauth'; oauth: OAuthState }
  | { kind: 'email'; email: SentEmail }
  | { kind: 'response'; key: string; response: CachedResponse }
  | { kind: 'end'; records: number }

export async function stateFileExists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}

export async function writeState(file: string, state: SandboxState): Promise<void> {
  // Stored records are replaced, never changed in place, so copying the references before the first
  // await freezes a consistent picture while writes carry on.
  const realms = state.realms.map((realm) => ({
    head: {
      kind: 'realm' as const,
      realmId: realm.realmId,
      companyName: realm.companyName,
      nextId: realm.nextId
    },
    entities: ENTITY_NAMES.map((entity) => [entity, [...realm.entities[entity].values()]] as const),
    deletions: [...realm.deletions]
  }))
  const oauth = structuredClone(state.oauth)
  const outbox = [...state.outbox]
  const idempotency = [...state.idempotency]
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`
  // Only its owner reads it: it holds the books and the OAuth grants (tokens only as digests).
  const handle = await open(tmp, 'w', 0o600)
  try {
    let buffer = ''
    let records = 0
    const emit = async (line: Line): Promise<void> => {
      buffer += JSON.stringify(line) + '\n'
      if (buffer.length > 1 << 20) {
        await handle.write(buffer)
        buffer = ''
      }
    }
    await emit({ kind: FORMAT, version: VERSION, clientId: state.clientId, clientSecret: state.clientSecret })
    for (const realm of realms) {
      await emit(realm.head)
      for (const [entity, rows] of realm.entities) {
        for (const record of rows) {
          records++
          await emit({ kind: 'record', realmId: realm.head.realmId, entity, record })
        }
      }
      for (const deletion of realm.deletions)
        await emit({ kind: 'deletion', realmId: realm.head.realmId, deletion })
    }
    await emit({ kind: 'oauth', oauth })
    for (const email of outbox) await emit({ kind: 'email', email })
    for (const [key, response] of idempotency) await emit({ kind: 'response', key, response })
    await emit({ kind: 'end', records })
    await handle.write(buffer)
    await handle.sync()
  } catch (e) {
    await handle.close()
    await rm(tmp, { force: true })
    throw e
  }
  await handle.close()
  await rename(tmp, file)
}

export async function readState(file: string): Promise<SandboxState> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  const realms = new Map<string, RealmData>()
  const state: SandboxState = {
    clientId: '',
    clientSecret: '',
    realms: [],
    oauth: { grants: [], accessTokens: [], refreshTokens: [] },
    outbox: [],
    idempotency: []
  }
  let header = false
  let ended = false
  let records = 0
  let n = 0
  for await (const text of lines) {
    n++
    if (text.trim() === '') continue
    let line: Line
    try {
      line = JSON.parse(text) as Line
    } catch {
      throw new Error(`${file}: line ${n} is not JSON; the state file is damaged`)
    }
    if (!header) {
      if (line.kind !== FORMAT || line.version !== VERSION)
        throw new Error(`${file} is not a sandbox state file (version ${VERSION})`)
      state.clientId = line.clientId
      state.clientSecret = line.clientSecret
      header = true
      continue
    }
    switch (line.kind) {
      case 'realm': {
        const entities = Object.fromEntries(
          ENTITY_NAMES.map((e) => [e, new Map<string, QboRecord>()])
        ) as RealmData['entities']
        const realm: RealmData = {
          realmId: line.realmId,
          companyName: line.companyName,
          nextId: line.nextId,
          entities,
          deletions: []
        }
        realms.set(realm.realmId, realm)
        state.realms.push(realm)
        break
      }
      case 'record': {
        const realm = realms.get(line.realmId)
        if (!realm || !realm.entities[line.entity])
          throw new Error(`${file}: line ${n} names an unknown realm or entity`)
        realm.entities[line.entity].set(line.record.Id, line.record)
        records++
        break
      }
      case 'deletion':
        realms.get(line.realmId)?.deletions.push(line.deletion)
        break
      case 'oauth':
        state.oauth = line.oauth
        break
      case 'email':
        state.outbox.push(line.email)
        break
      case 'response':
        state.idempotency.push([line.key, line.response])
        break
      case 'end':
        if (line.records !== records)
          throw new Error(`${file}: expected ${line.records} records, read ${records}`)
        ended = true
        break
      default:
        throw new Error(`${file}: line ${n} has an unknown kind`)
    }
  }
  if (!header || !ended) throw new Error(`${file} is incomplete; the state file is damaged`)
  return state
}

/**
 * Writes after changes, at most one write at a time: changes during a write schedule one more.
 * `flush` waits until everything changed so far is on disk.
 */
export class StateWriter {
  private timer: NodeJS.Timeout | undefined
  private firstDirtyAt: number | undefined
  private running: Promise<void> | undefined
  private dirty = false
  lastError: Error | undefined

  constructor(
    private readonly file: string,
    private readonly snapshot: () => SandboxState,
    private readonly debounceMs = 200,
    private readonly maxWaitMs = 2000
  ) {}

  markDirty(): void {
    this.dirty = true
    const now = Date.now()
    this.firstDirtyAt ??= now
    if (this.timer) clearTimeout(this.timer)
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstDirtyAt + this.maxWaitMs - now))
    this.timer = setTimeout(() => void this.run(), wait)
  }

  private async run(): Promise<void> {
    this.timer = undefined
    if (this.running) {
      await this.running.catch(() => {})
      if (this.timer || !this.dirty) return
    }
    if (!this.dirty) return
    this.dirty = false
    this.firstDirtyAt = undefined
    const p = writeState(this.file, this.snapshot())
    this.running = p
    try {
      await p
      this.lastError = undefined
    } catch (e) {
      this.lastError = e as Error
      this.dirty = true
      process.emitWarning(`sandbox state not saved to ${this.file}: ${(e as Error).message}`)
    } finally {
      if (this.running === p) this.running = undefined
    }
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.running) await this.running.catch(() => {})
    if (this.dirty) await this.run()
    if (this.lastError) throw this.lastError
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }
}
