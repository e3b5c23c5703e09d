// Tokens and client secrets go through this port: Electron's safeStorage in the app, an encrypted
// file in the Node hosts. Nothing here is ever written in plain text or logged.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
  openSync,
  fsyncSync,
  closeSync,
  rmSync
} from 'node:fs'
import { dirname, join } from 'node:path'

export interface SecretStore {
  get(key: string): Promise<string | null>
  set(key: string, value: string): Promise<void>
  delete(key: string): Promise<void>
  /** The keys held that start with `prefix` (to sweep what is left of abandoned work). */
  keys(prefix: string): Promise<string[]>
}

/** Turns the secrets file's bytes into ciphertext and back. */
export interface SecretCipher {
  encrypt(plain: Buffer): Buffer
  decrypt(sealed: Buffer): Buffer
}

/** AES-256-GCM with a random key kept in a file only the user can read (Node hosts). */
export function keyFileCipher(keyFile: string): SecretCipher {
  let key: Buffer
  if (existsSync(keyFile)) {
    key = readFileSync(keyFile)
    if (key.length !== 32) throw new Error(`the secret key file ${keyFile} is damaged`)
  } else {
    mkdirSync(dirname(keyFile), { recursive: true })
    key = randomBytes(32)
    writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' })
  }
  return {
    encrypt: (plain) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decrypt: (sealed) => {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12))
      decipher.setAuthTag(sealed.subarray(12, 28))
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()])
    }
  }
}

/**
 * All secrets in one sealed file, rewritten atomically (temp file, fsync, rename) so a crash leaves
 * either the old or the new file, never half of one. Writes are serialized.
 */
export class FileSecretStore implements SecretStore {
  private chain: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher
  ) {}

  static forDataDir(dataDir: string): FileSecretStore {
    return new FileSecretStore(join(dataDir, 'secrets.bin'), keyFileCipher(join(dataDir, 'secrets.key')))
  }

  /**
   * The file's bytes and what they open to, from the last read or write here. A firm's file holds
   * every company's tokens (about 500 KB for 500 clients): opening it took 2 ms, and each sync
   * reads a company's tokens from it. The bytes are read again each time and compared with those
   * last opened: the same bytes under the same key hold the same secrets, so a write from another
   * process (the CLI) is seen at once.
   */
  private opened: { sealed: Buffer; all: Readonly<Record<string, string>> } | null = null

  /** Every secret; the object is shared with the next read, so it is copied before a change. */
  private read(): Readonly<Record<string, string>> {
    if (!existsSync(this.file)) return {}
    const sealed = readFileSync(this.file)
    if (this.opened?.sealed.equals(sealed)) return this.opened.all
    const all = JSON.parse(this.cipher.decrypt(sealed).toString('utf8')) as Record<string, string>
    this.opened = { sealed, all }
    return all
  }

  private write(all: Record<string, string>): void {
    mkdirSync(dirname(this.file), { recursive: true })
    const temp = `${this.file}.${process.pid}.tmp`
    const sealed = this.cipher.encrypt(Buffer.from(JSON.stringify(all), 'utf8'))
    writeFileSync(temp, sealed, { mode: 0o600 })
    const fd = openSync(temp, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, this.file)
    this.opened = { sealed, all }
  }

  private serial<T>(fn: () => T): Promise<T> {
    const next = this.chain.then(fn, fn)
    this.chain = next.catch(() => undefined)
    return next
  }

  get(key: string): Promise<string | null> {
    return this.serial(() => this.read()[key] ?? null)
  }

  set(key: string, value: string): Promise<void> {
    return this.serial(() => this.write({ ...this.read(), [key]: value }))
  }

  /**
   * Moves every secret into `target` and deletes this store's file: for a change of keychain, so a
   * user's connections survive it. Written to the target before this file goes.
   */
  async moveAllTo(target: SecretStore): Promise<number> {
    const keys = await this.keys('')
    for (const key of keys) {
      const value = await this.get(key)
      if (value !== null) await target.set(key, value)
    }
    await this.serial(() => {
      rmSync(this.file, { force: true })
      this.opened = null
    })
    return keys.length
  }

  keys(prefix: string): Promise<string[]> {
    return this.serial(() => Object.keys(this.read()).filter((key) => key.startsWith(prefix)))
  }

  delete(key: string): Promise<void> {
    return this.serial(() => {
      const { [key]: gone, ...rest } = this.read()
      if (gone !== undefined) this.write(rest)
    })
  }
}
