import type { Core } from '../core'
import { SignInListener } from '../core/companies/redirect-listener'

/**
 * Catches Intuit's redirect after the user signs in in their browser: one wait per connect, on the
 * loopback address that connect registered (core/companies/redirect-listener.ts has the logic).
 */
export function signInListener(core: Core, onConnected: () => void): SignInListener {
  return new SignInListener(async (callbackUrl) => {
    const result = await core.invoke('companies.completeConnect', { callbackUrl })
    if (result.ok) onConnected()
    return result
  })
}
