import type { Core } from '../../src/main/core'

/** What a sandbox tells about itself (in-process `info`, or the standalone's JSON line). */
export interface SandboxInfo {
  apiBaseUrl: string
  oauth: { authorizeUrl: string; tokenUrl: string; revokeUrl: string; clientId: string; clientSecret: string }
  realms: { realmId: string; companyName: string }[]
}

/** Connects a company of a sandbox as a user would, following the sandbox's auto-consent redirect. */
export async function connect(
  core: Core,
  info: SandboxInfo,
  realmId = info.realms[0]!.realmId,
  redirectUri?: string
): Promise<string> {
  const started = await core.invoke('companies.connect', {
    environment: 'custom',
    custom: {
      apiBaseUrl: info.apiBaseUrl,
      authorizeUrl: info.oauth.authorizeUrl,
      tokenUrl: info.oauth.tokenUrl,
      revokeUrl: info.oauth.revokeUrl
    },
    clientId: info.oauth.clientId,
    clientSecret: info.oauth.clientSecret,
    ...(redirectUri ? { redirectUri } : {})
  })
  if (!started.ok) throw new Error(started.error.message)
  const consent = await fetch(
    `${(started.value as { authorizeUrl: string }).authorizeUrl}&auto_consent=${realmId}`,
    { redirect: 'manual' }
  )
  const done = await core.invoke('companies.completeConnect', {
    callbackUrl: consent.headers.get('location')
  })
  if (!done.ok) throw new Error(done.error.message)
  return (done.value as { id: string }).id
}
