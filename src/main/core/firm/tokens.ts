// Each client's QuickBooks tokens, shared by the firm. Sealed here before they leave the desktop:
// AES-256-GCM under a key derived (HKDF-SHA256) from the firm's Intuit app secret and the client's
// realm. The server never sees that secret (the app keys reach it sealed under the firm key,
// app-keys.ts), so its tables and backups hold nothing usable.

import { hkdfSync } from 'node:crypto'
import type { AppCredentials, TokenSet } from '../qbo/oauth'
import { seal, unseal } from './sealed'

// Sealed before the associated data was set: tokens keep an empty purpose, so rows already on a
// firm's server still open.
const PURPOSE = ''

function keyOf(credentials: AppCredentials, realmId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', credentials.clientSecret, realmId, 'runway firm tokens', 32))
}

export function sealTokens(tokens: TokenSet, credentials: AppCredentials, realmId: string): string {
  return seal(keyOf(credentials, realmId), PURPOSE, JSON.stringify(tokens))
}

/** The tokens, or null when they were sealed under other app keys (another Intuit app). */
export function openTokens(sealed: string, credentials: AppCredentials, realmId: string): TokenSet | null {
  const plain = unseal(keyOf(credentials, realmId), PURPOSE, sealed)
  return plain === null ? null : (JSON.parse(plain) as TokenSet)
}
