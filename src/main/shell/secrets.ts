import { safeStorage } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { allowsBasicText, chooseSecretBackend } from '../core/secrets/backend'
import { FileSecretStore, type SecretCipher } from '../core/secrets/store'

/**
 * Tokens sealed with the operating system's keychain (Keychain, DPAPI, libsecret, KWallet) through
 * safeStorage. Where the OS offers none, or only Linux's basic_text (a fixed password) without the
 * user's say-so, the app-held key file of the Node hosts, with a warning (core/secrets/backend.ts).
 */
export async function appSecretStore(
  userData: string,
  warn: (message: string) => void
): Promise<FileSecretStore> {
  const backend = chooseSecretBackend({
    platform: process.platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    ...(process.platform === 'linux' ? { linuxBackend: safeStorage.getSelectedStorageBackend() } : {}),
    allowBasicText: allowsBasicText()
  })
  const safeFile = join(userData, 'secrets.safe')
  const cipher: SecretCipher = {
    encrypt: (plain) => safeStorage.encryptString(plain.toString('base64')),
    decrypt: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64')
  }
  if (backend.kind === 'os-keychain') return new FileSecretStore(safeFile, cipher)
  warn(backend.warning)
  const keyFile = FileSecretStore.forDataDir(userData)
  // Connections sealed earlier through basic_text move to the key file rather than being lost.
  if (existsSync(safeFile) && safeStorage.isEncryptionAvailable())
    await new FileSecretStore(safeFile, cipher).moveAllTo(keyFile)
  return keyFile
}
