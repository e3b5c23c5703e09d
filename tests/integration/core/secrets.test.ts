// Secrets at rest (issue 18 item 6): the data folder is the user's alone (0700, files 0600, SQLite's
// WAL and SHM included), no file in it holds a token or a client secret in plain text after a test
// drive and a real connect (the test drive's sandbox keeps only digests of the tokens it issued),
// and an abandoned sign-in does not keep its client secret in the store.

import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { startTestDriveSandbox } from '@runway/qbo-sandbox/test-drive'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../../src/main/core'
import { readConnection } from '../../../src/main/core/qbo/oauth'
import {
  BASIC_TEXT_WARNING,
  chooseSecretBackend,
  KEY_FILE_WARNING
} from '../../../src/main/core/secrets/backend'
import { FileSecretStore, keyFileCipher } from '../../../src/main/core/secrets/store'
import { world, type World } from '../../helpers/sandbox'
import { tempDir } from '../../helpers/temp'

let w: World | null = null
afterEach(async () => {
  await w?.close()
  w = null
})

const posix = process.platform !== 'win32'

function walk(dir: string): { path: string; mode: number; dir: boolean }[] {
  const out: { path: string; mode: number; dir: boolean }[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = statSync(path)
    out.push({ path, mode: stat.mode & 0o777, dir: stat.isDirectory() })
    if (stat.isDirectory()) out.push(...walk(path))
  }
  return out
}

async function startConnect(target: World): Promise<string> {
  const info = target.sandbox.info
  const started = await target.core.invoke('companies.connect', {
    environment: 'custom',
    custom: {
      apiBaseUrl: info.apiBaseUrl,
      authorizeUrl: info.oauth.authorizeUrl,
      tokenUrl: info.oauth.tokenUrl,
      revokeUrl: info.oauth.revokeUrl
    },
    clientId: info.oauth.clientId,
    clientSecret: info.oauth.clientSecret
  })
  if (!started.ok) throw new Error(started.error.message)
  return (started.value as { state: string }).state
}

describe('the data folder', () => {
  it.runIf(posix)(
    'is 0700 with every file 0600, and holds no token or client secret in plain text',
    async () => {
      // The firm's own client secret (the test drive's is the demo sandbox's, shipped with the app).
      w = await world({
        sandbox: { clientSecret: `firm-secret-${randomBytes(12).toString('hex')}` },
        core: { testDrive: startTestDriveSandbox }
      })
      await w.connect()
      const drive = await w.core.invoke('testDrive.start', undefined)
      expect(drive.ok).toBe(true)
      const companies = (await w.core.invoke('companies.list', undefined)) as { value: { id: string }[] }
      expect(companies.value.length).toBe(4)
      const secrets = FileSecretStore.forDataDir(w.dataDir)
      const needles: string[] = [w.sandbox.info.oauth.clientSecret]
      for (const { id } of companies.value) {
        const connection = (await readConnection(secrets, id))!
        needles.push(connection.tokens.accessToken, connection.tokens.refreshToken)
      }
      // Everything is on disk once the core and the test drive's sandbox have stopped.
      await w.core.stop()

      const entries = walk(w.dataDir)
      expect(statSync(w.dataDir).mode & 0o777).toBe(0o700)
      const names = entries.map((e) => e.path.slice(w!.dataDir.length + 1))
      expect(names).toEqual(
        expect.arrayContaining([
          'runway.sqlite',
          'runway-user.sqlite',
          'secrets.bin',
          'secrets.key',
          join('test-drive', 'sandbox.jsonl')
        ])
      )
      for (const entry of entries) {
        expect(entry.mode & 0o077, `${entry.path} is ${entry.mode.toString(8)}`).toBe(0)
      }
      for (const entry of entries.filter((e) => !e.dir)) {
        const bytes = readFileSync(entry.path)
        for (const needle of needles) {
          const at = bytes.indexOf(needle)
          const around = at < 0 ? '' : bytes.subarray(Math.max(0, at - 120), at + 20).toString()
          expect(at, `${entry.path} holds a secret: …${around}`).toBe(-1)
        }
      }
    }
  )

  it.runIf(posix)(
    'an older folder left readable by others is tightened at start; files not ours are left alone',
    async () => {
      const tmp = tempDir()
      try {
        const dir = join(tmp.dir, 'data')
        mkdirSync(join(dir, 'test-drive'), { recursive: true, mode: 0o755 })
        chmodSync(dir, 0o755)
        writeFileSync(join(dir, 'runway.sqlite'), '', { mode: 0o644 })
        writeFileSync(join(dir, 'test-drive', 'sandbox.jsonl'), '', { mode: 0o644 })
        writeFileSync(join(dir, 'notes.txt'), 'mine', { mode: 0o644 })
        const core = await createCore({ dataDir: dir, host: 'cli' })
        await core.stop()
        expect(statSync(dir).mode & 0o777).toBe(0o700)
        expect(statSync(join(dir, 'test-drive')).mode & 0o777).toBe(0o700)
        expect(statSync(join(dir, 'runway.sqlite')).mode & 0o777).toBe(0o600)
        expect(statSync(join(dir, 'test-drive', 'sandbox.jsonl')).mode & 0o777).toBe(0o600)
        expect(statSync(join(dir, 'notes.txt')).mode & 0o777).toBe(0o644)
      } finally {
        tmp.cleanup()
      }
    }
  )
})

describe('abandoned sign-ins', () => {
  it('are swept 30 minutes after they started: when another starts, and after the app starts', async () => {
    w = await world()
    const secrets = FileSecretStore.forDataDir(w.dataDir)
    const first = await startConnect(w)
    expect(await secrets.keys('pending-connect:')).toEqual([`pending-connect:${first}`])

    w.clock.advance(29 * 60_000)
    const second = await startConnect(w)
    expect((await secrets.keys('pending-connect:')).sort()).toEqual(
      [`pending-connect:${first}`, `pending-connect:${second}`].sort()
    )
    w.clock.advance(2 * 60_000)
    const third = await startConnect(w)
    expect((await secrets.keys('pending-connect:')).sort()).toEqual(
      [`pending-connect:${second}`, `pending-connect:${third}`].sort()
    )

    // Nobody connects again: the next start of the app sweeps what is left.
    await w.core.stop()
    w.clock.advance(31 * 60_000)
    const again = await createCore({ dataDir: w.dataDir, host: 'cli', clock: w.clock, checkAfterMs: 0 })
    await again.start()
    await again.checkedAfterStart()
    expect(await secrets.keys('pending-connect:')).toEqual([])
    await again.stop()
  })
})

describe('where tokens are sealed', () => {
  it('the OS keychain when there is one; basic_text only with the user’s say-so; else the key file, with a warning', () => {
    expect(
      chooseSecretBackend({ platform: 'darwin', encryptionAvailable: true, allowBasicText: false })
    ).toEqual({
      kind: 'os-keychain'
    })
    expect(
      chooseSecretBackend({
        platform: 'linux',
        encryptionAvailable: true,
        linuxBackend: 'gnome_libsecret',
        allowBasicText: false
      })
    ).toEqual({ kind: 'os-keychain' })
    expect(
      chooseSecretBackend({
        platform: 'linux',
        encryptionAvailable: true,
        linuxBackend: 'basic_text',
        allowBasicText: false
      })
    ).toEqual({ kind: 'key-file', warning: BASIC_TEXT_WARNING })
    expect(
      chooseSecretBackend({
        platform: 'linux',
        encryptionAvailable: true,
        linuxBackend: 'basic_text',
        allowBasicText: true
      })
    ).toEqual({ kind: 'os-keychain' })
    expect(
      chooseSecretBackend({ platform: 'linux', encryptionAvailable: false, allowBasicText: true })
    ).toEqual({
      kind: 'key-file',
      warning: KEY_FILE_WARNING
    })
  })

  it('moving to another store keeps every secret and leaves no old file behind', async () => {
    const tmp = tempDir()
    try {
      const from = new FileSecretStore(join(tmp.dir, 'secrets.safe'), keyFileCipher(join(tmp.dir, 'a.key')))
      const to = new FileSecretStore(join(tmp.dir, 'secrets.bin'), keyFileCipher(join(tmp.dir, 'b.key')))
      await from.set('connection:1', 'tokens-1')
      await from.set('intuit-keys', 'keys')
      expect(await from.moveAllTo(to)).toBe(2)
      expect(await to.get('connection:1')).toBe('tokens-1')
      expect(await to.get('intuit-keys')).toBe('keys')
      expect(readdirSync(tmp.dir)).not.toContain('secrets.safe')
    } finally {
      tmp.cleanup()
    }
  })

  it('opens the file once while it is unchanged, and sees at once what another process wrote', async () => {
    const tmp = tempDir()
    try {
      const file = join(tmp.dir, 'secrets.bin')
      const sealing = keyFileCipher(join(tmp.dir, 'secrets.key'))
      let opened = 0
      let failNext = false
      const cipher = {
        encrypt: (plain: Buffer): Buffer => {
          if (failNext) {
            failNext = false
            throw new Error('disk full')
          }
          return sealing.encrypt(plain)
        },
        decrypt: (sealed: Buffer): Buffer => {
          opened += 1
          return sealing.decrypt(sealed)
        }
      }
      const store = new FileSecretStore(file, cipher)
      // Another process (the CLI) with its own store over the same file.
      const other = new FileSecretStore(file, keyFileCipher(join(tmp.dir, 'secrets.key')))
      for (let i = 0; i < 500; i++) await other.set(`connection:${i}`, `tokens-${i}`)
      for (let i = 0; i < 200; i++) expect(await store.get(`connection:${i}`)).toBe(`tokens-${i}`)
      expect(opened).toBe(1)
      // What it writes itself it knows without opening the file again.
      await store.set('connection:1', 'tokens-1b')
      await store.delete('connection:2')
      expect(await store.get('connection:1')).toBe('tokens-1b')
      expect(await store.get('connection:2')).toBeNull()
      expect(opened).toBe(1)
      // A write from elsewhere is seen by the next read, even one of the same length.
      await other.set('connection:3', 'tokens-X')
      expect(await store.get('connection:3')).toBe('tokens-X')
      expect(await store.get('connection:1')).toBe('tokens-1b')
      expect(opened).toBe(2)
      // A write that fails changes nothing, in the file or in what is read.
      failNext = true
      await expect(store.set('connection:4', 'lost')).rejects.toThrow('disk full')
      expect(await store.get('connection:4')).toBe('tokens-4')
      expect(await other.get('connection:4')).toBe('tokens-4')
      expect((await store.keys('connection:')).length).toBe(499)
    } finally {
      tmp.cleanup()
    }
  })
})
