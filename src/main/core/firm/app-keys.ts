// The firm's Intuit app keys on the firm's server, sealed under the firm key. The firm key is derived
// (scrypt) from the firm secret: a passphrase the first partner chooses when joining and colleagues
// type when they join, kept in each desktop's secret store and never sent. Not the app secret
// itself (it is what is protected), not PostgreSQL's pgcrypto (the key would travel to the server
// in each statement), not the person's login (each person has their own; the keys are the firm's).

import type { IntuitKeys } from '../companies/intuit-keys'
import { firmKey, newSalt, seal, unseal } from './sealed'

const PURPOSE = 'runway firm intuit app keys'

export class FirmSecret {
  private readonly derived = new Map<string, Promise<Buffer>>()

  constructor(private readonly secret: string) {}

  private key(salt: string): Promise<Buffer> {
    let key = this.derived.get(salt)
    if (!key) this.derived.set(salt, (key = firmKey(this.secret, salt)))
    return key
  }

  /** Sealed under the firm key; with the salt already on the server, so others' derived keys stay good. */
  async seal(keys: IntuitKeys, salt = newSalt()): Promise<{ salt: string; sealed: string }> {
    return { salt, sealed: seal(await this.key(salt), PURPOSE, JSON.stringify(keys)) }
  }

  /** The keys, or null when this is not the firm's secret. */
  async open(row: { salt: string; sealed: string }): Promise<IntuitKeys | null> {
    const plain = unseal(await this.key(row.salt), PURPOSE, row.sealed)
    return plain === null ? null : (JSON.parse(plain) as IntuitKeys)
  }
}
