// Where tokens are sealed. The OS keychain (Keychain, DPAPI, libsecret or KWallet through Electron's
// safeStorage) keeps the key out of the data folder; the key file keeps it beside the secrets, so
// anyone who can read the folder as the user can open them, and the hosts say so at start.

export type SecretBackend = { kind: 'os-keychain' } | { kind: 'key-file'; warning: string }

export interface KeychainFacts {
  platform: NodeJS.Platform
  /** safeStorage.isEncryptionAvailable() (false in the headless hosts). */
  encryptionAvailable: boolean
  /** safeStorage.getSelectedStorageBackend() on Linux. */
  linuxBackend?: string
  /** The user said basic_text will do (RUNWAY_ALLOW_BASIC_TEXT_KEYCHAIN=1). */
  allowBasicText: boolean
}

export const KEY_FILE_WARNING =
  'No OS keychain: QuickBooks tokens are sealed with a key kept in the data folder (readable only by you). Anyone who can read that folder as you can use them.'

export const BASIC_TEXT_WARNING =
  "Linux offers no keyring here (Electron's basic_text backend seals with a fixed password, which protects nothing): QuickBooks tokens are sealed with a key kept in the data folder instead. Start a keyring (GNOME Keyring, KWallet) to use it, or set RUNWAY_ALLOW_BASIC_TEXT_KEYCHAIN=1 to use basic_text anyway."

export function chooseSecretBackend(facts: KeychainFacts): SecretBackend {
  if (!facts.encryptionAvailable) return { kind: 'key-file', warning: KEY_FILE_WARNING }
  if (facts.platform === 'linux' && facts.linuxBackend === 'basic_text' && !facts.allowBasicText)
    return { kind: 'key-file', warning: BASIC_TEXT_WARNING }
  return { kind: 'os-keychain' }
}

/** The user's say-so for basic_text, from the environment. */
export function allowsBasicText(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RUNWAY_ALLOW_BASIC_TEXT_KEYCHAIN === '1'
}
