import { safeStorage } from 'electron'
import { join } from 'node:path'
import { FileSecretStore, keyFileCipher, type SecretCipher } from '../core/secrets/store'

/**
 * Tokens sealed with the operating system's keychain (Keychain, DPAPI, libsecret) through
 * safeStorage. Where the OS offers none (a Linux desktop without a keyring), an app-held key file
 * is the fallback, as in the Node hosts.
 */
export function appSecretStore(userData: string): FileSecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    return new FileSecretStore(join(userData, 'secrets.bin'), keyFileCipher(join(userData, 'secrets.key')))
  }
  const cipher: SecretCipher = {
    encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
    decrypt: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64')
  }
  return new FileSecretStore(join(userData, 'secrets.safe'), cipher)
}
