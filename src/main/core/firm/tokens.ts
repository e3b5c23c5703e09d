// Each client's QuickBooks tokens, shared by the firm. Sealed here before they leave the desktop:
// AES-256-GCM under a key derived (HKDF-SHA256) from the firm's Intuit app secret and the client's
// realm. The server never sees that secret, so its tables and backups hold nothing usable; and
// anyone who could open them would need the app secret anyway to use a refresh token.

import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import type { AppCredentials, TokenSet } from '../qbo/oauth'

function keyOf(credentials: AppCredentials, realmId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', credentials.clientSecret, realmId, 'runway firm tokens', 32))
}

export function sealTokens(tokens: TokenSet, credentials: AppCredentials, realmId: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(credentials, realmId), iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

/** The tokens, or null when they were sealed under other app keys (another Intuit app). */
export function openTokens(sealed: string, credentials: AppCredentials, realmId: string): TokenSet | null {
  try {
    const bytes = Buffer.from(sealed, 'base64')
    const decipher = createDecipheriv('aes-256-gcm', keyOf(credentials, realmId), bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(12, 28))
    return JSON.parse(
      Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
    ) as TokenSet
  } catch {
    return null
  }
}
