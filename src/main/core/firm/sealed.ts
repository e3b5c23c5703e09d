// What the desktops keep on the firm's server sealed: AES-256-GCM with a random IV, the purpose as
// associated data (a sealed value cannot be passed off as another kind), base64 of IV, tag, body.
// The keys are derived on the desktops; the server stores ciphertext it cannot open.

import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto'

export function seal(key: Buffer, purpose: string, plain: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(purpose))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

/** The plain text, or null when the key (or purpose) is not the one it was sealed with. */
export function unseal(key: Buffer, purpose: string, sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12))
    decipher.setAAD(Buffer.from(purpose))
    decipher.setAuthTag(bytes.subarray(12, 28))
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

// scrypt at N = 2^15 (about 0.1 s and 32 MiB once per start): a stolen server copy cannot try
// firm secrets quickly. Salted per firm; the salt is kept beside the ciphertext.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

/** The firm key: what the firm secret (a passphrase the partners give their colleagues) opens. */
export function firmKey(secret: string, salt: string): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), 32, SCRYPT, (error, key) =>
      error ? reject(error) : resolve(key)
    )
  )
}

export const newSalt = (): string => randomBytes(16).toString('base64')
