import type { Core } from '../../src/main/core'
import type { SandboxInfo } from './sandbox-process'

export async function connect(core: Core, info: SandboxInfo, realmId = info.realms[0]!.realmId): Promise<string> {
  const started = await core.invoke('companies.connect', {
    environment: 'custom',
    custom: { apiBaseUrl: info.apiBaseUrl, authorizeUrl: info.oauth.authorizeUrl, tokenUrl: info.oauth.tokenUrl, revokeUrl: info.oauth.revokeUrl },
    clientId: info.oauth.clientId,
    clientSecret: info.oauth.clientSecret
  })
  if (!started.ok) throw new Error(started.error.message)
  const consent = await fetch(`${(started.value as { authorizeUrl: string }).authorizeUrl}&auto_consent=${realmId}`, { redirect: 'manual' })
  const done = await core.invoke('companies.completeConnect', { callbackUrl: consent.headers.get('location') })
  if (!done.ok) throw new Error(done.error.message)
  return (done.value as { id: string }).id
}
