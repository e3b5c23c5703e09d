import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import OAuthClient from 'intuit-oauth'
import { afterEach, describe, expect, it } from 'vitest'
import { connectionKey, OAuthGateway, readConnection, TokenManager } from '../../../src/main/core/qbo/oauth'
import { FileSecretStore, type SecretStore } from '../../../src/main/core/secrets/store'
import { startSandbox } from '@runway/qbo-sandbox'
import { requestLog, tinyRealm, world, type World } from '../../helpers/sandbox'

let w: World | null = null
afterEach(async () => {
  await w?.close()
  w = null
})

const HOUR = 3_600_000
const DAY = 24 * HOUR

async function status(world: World, id: string): Promise<string | undefined> {
  const list = await world.core.invoke('companies.list', undefined)
  return (list as { value: { id: string; status: string }[] }).value.find((c) => c.id === id)?.status
}

describe('connecting a company', () => {
  it('connect → refresh → rotate → expire → reconnect, with the data readable throughout', async () => {
    w = await world()
    const id = await w.connect()
    const list = await w.core.invoke('companies.list', undefined)
    expect(list).toEqual({
      ok: true,
      value: [
        expect.objectContaining({
          id,
          name: 'Tiny Test Books LLC',
          realmId: w.realmId,
          environment: 'custom',
          status: 'connected'
        })
      ]
    })
    const secrets = FileSecretStore.forDataDir(w.dataDir)
    const first = (await readConnection(secrets, id))!.tokens

    // Never in plain text: no file in the data folder contains a token.
    for (const file of readdirSync(w.dataDir)) {
      // Files only: the folder's socket (owner.ts) has nothing to read.
      if (!statSync(join(w.dataDir, file)).isFile()) continue
      const bytes = readFileSync(join(w.dataDir, file))
      expect(bytes.includes(first.refreshToken), file).toBe(false)
      expect(bytes.includes(first.accessToken), file).toBe(false)
    }

    // An hour later the access token has expired: the next call refreshes, and the refresh token rotates.
    w.clock.advance(HOUR + 1000)
    const client = await w.core.services.connections.client(id)
    expect(await client.count('Vendor')).toBe(3)
    const second = (await readConnection(secrets, id))!.tokens
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.refreshToken).not.toBe(first.refreshToken)

    w.clock.advance(HOUR + 1000)
    expect(await client.count('Vendor')).toBe(3)
    const third = (await readConnection(secrets, id))!.tokens
    expect(third.refreshToken).not.toBe(second.refreshToken)

    // 101 days idle: the refresh token is dead, the company needs reconnecting, the cache stays readable.
    w.clock.advance(101 * DAY)
    await expect(client.count('Vendor')).rejects.toMatchObject({ kind: 'auth' })
    expect(await status(w, id)).toBe('needs-reconnect')
    const activity = await w.core.invoke('activity.list', { companyId: id })
    expect((activity as { value: { action: string }[] }).value.map((a) => a.action)).toContain(
      'company.needs-reconnect'
    )

    // Reconnecting keeps the same company.
    expect(await w.connect()).toBe(id)
    expect(await status(w, id)).toBe('connected')
    expect(await (await w.core.services.connections.client(id)).count('Vendor')).toBe(3)
  })

  it('refuses a callback whose state it did not issue (CSRF) and changes nothing', async () => {
    w = await world()
    const forged = `http://127.0.0.1:53682/qbo/callback?code=abc&state=forged&realmId=${w.realmId}`
    const result = await w.core.invoke('companies.completeConnect', { callbackUrl: forged })
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'validation', field: 'callbackUrl' })
    })
    expect(await w.core.invoke('companies.list', undefined)).toEqual({ ok: true, value: [] })
  })

  it('validates connect inputs', async () => {
    w = await world()
    for (const input of [
      { environment: 'custom', clientId: 'a', clientSecret: 'b' },
      {
        environment: 'production',
        clientId: 'a',
        clientSecret: 'b',
        custom: {
          apiBaseUrl: 'http://x',
          authorizeUrl: 'http://x',
          tokenUrl: 'http://x',
          revokeUrl: 'http://x'
        }
      },
      { environment: 'moon', clientId: 'a', clientSecret: 'b' },
      { environment: 'sandbox', clientId: '', clientSecret: 'b' },
      { environment: 'sandbox', clientId: 'a', clientSecret: 'b', redirectUri: 'javascript:alert(1)' }
    ]) {
      const result = await w.core.invoke('companies.connect', input)
      expect(result.ok, JSON.stringify(input)).toBe(false)
      expect((result as { error: { kind: string } }).error.kind).toBe('validation')
    }
  })

  it('disconnect revokes at QBO and forgets the tokens; remove deletes the company', async () => {
    w = await world()
    const id = await w.connect()
    const secrets = FileSecretStore.forDataDir(w.dataDir)
    const { accessToken } = (await readConnection(secrets, id))!.tokens
    const result = await w.core.invoke('companies.disconnect', { companyId: id })
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ id, status: 'disconnected' }) })
    expect(await secrets.get(connectionKey(id))).toBeNull()
    const direct = await fetch(
      `${w.sandbox.info.apiBaseUrl}/v3/company/${w.realmId}/companyinfo/${w.realmId}`,
      {
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' }
      }
    )
    expect(direct.status).toBe(401)
    await expect(w.core.services.connections.client(id)).rejects.toMatchObject({ kind: 'auth' })
    expect(await w.core.invoke('companies.remove', { companyId: id })).toEqual({
      ok: true,
      value: { removed: true, activityDeleted: 0 }
    })
    expect(await w.core.invoke('companies.list', undefined)).toEqual({ ok: true, value: [] })
    expect(await w.core.invoke('companies.remove', { companyId: id })).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'not-found' })
    })
  })
})

describe('refreshing tokens', () => {
  it('ten concurrent calls with an expired token cause one refresh', async () => {
    w = await world()
    const id = await w.connect()
    const client = await w.core.services.connections.client(id)
    await w.control('DELETE', '/log')
    w.clock.advance(HOUR + 1000)
    const counts = await Promise.all(Array.from({ length: 10 }, () => client.count('Vendor')))
    expect(counts).toEqual(Array(10).fill(3))
    const tokenCalls = (await requestLog(w)).filter((e) => e.area === 'oauth')
    expect(tokenCalls).toHaveLength(1)
  })

  it('a busy sign-in server (429) does not make the company need reconnecting', async () => {
    w = await world()
    const id = await w.connect()
    const client = await w.core.services.connections.client(id)
    await w.control('POST', '/faults', { kind: 'error', status: 429, count: 5, match: { area: 'oauth' } })
    w.clock.advance(HOUR + 1000)
    await expect(client.count('Vendor')).rejects.toMatchObject({ kind: 'throttled' })
    expect(await status(w, id)).toBe('connected')
    await w.control('DELETE', '/faults')
    expect(await client.count('Vendor')).toBe(3)
  })

  it('a 401 for a token QBO expired early is refreshed once and retried', async () => {
    w = await world()
    const id = await w.connect()
    const client = await w.core.services.connections.client(id)
    await client.count('Vendor')
    await w.control('POST', '/tokens/expire')
    await w.control('DELETE', '/log')
    await Promise.all(Array.from({ length: 5 }, () => client.count('Vendor')))
    const log = await requestLog(w)
    expect(log.filter((e) => e.area === 'oauth')).toHaveLength(1)
    expect(log.filter((e) => e.status === 401).length).toBeGreaterThanOrEqual(1)
  })

  it('a crash between refresh and persist loses nothing: the previous refresh token still works', async () => {
    w = await world()
    const id = await w.connect()
    const real = FileSecretStore.forDataDir(w.dataDir)
    const stored = (await readConnection(real, id))!
    const crashing: SecretStore = {
      get: (k) => real.get(k),
      set: async () => {
        throw new Error('power cut')
      },
      delete: (k) => real.delete(k),
      keys: (prefix) => real.keys(prefix)
    }
    const endpoints = {
      authorizeUrl: w.sandbox.info.oauth.authorizeUrl,
      tokenUrl: w.sandbox.info.oauth.tokenUrl,
      revokeUrl: w.sandbox.info.oauth.revokeUrl
    }
    const gateway = new OAuthGateway(endpoints, stored.credentials, 'sandbox', w.clock)
    const dying = new TokenManager(id, gateway, crashing, w.clock, async () => {})
    w.clock.advance(HOUR + 1000)
    await expect(dying.accessToken()).rejects.toThrow('power cut')
    // Start again from what was persisted (the old tokens): the refresh still succeeds.
    const reborn = new TokenManager(id, gateway, real, w.clock, async () => {})
    const token = await reborn.accessToken()
    expect(token).not.toBe(stored.tokens.accessToken)
    expect((await readConnection(real, id))!.tokens.accessToken).toBe(token)
  })
})

describe("intuit-oauth's traps", () => {
  it('two companies on different endpoints in one process each talk to their own OAuth server', async () => {
    w = await world()
    const other = await startSandbox({
      realms: [tinyRealm('9341453000000777', 'Other Books')],
      clock: () => w!.clock.now().getTime()
    })
    try {
      const creds = {
        clientId: w.sandbox.info.oauth.clientId,
        clientSecret: w.sandbox.info.oauth.clientSecret,
        redirectUri: 'http://127.0.0.1:1/cb'
      }
      const ga = new OAuthGateway(w.sandbox.info.oauth, creds, 'sandbox', w.clock)
      const gb = new OAuthGateway(
        other.info.oauth,
        { ...creds, clientId: other.info.oauth.clientId, clientSecret: other.info.oauth.clientSecret },
        'sandbox',
        w.clock
      )
      expect(ga.authorizeUri('s1').startsWith(w.sandbox.info.oauth.authorizeUrl)).toBe(true)
      expect(gb.authorizeUri('s2').startsWith(other.info.oauth.authorizeUrl)).toBe(true)
      // Interleaved refreshes with made-up tokens: each must land on its own token endpoint.
      await Promise.allSettled([ga.refresh('a1'), gb.refresh('b1'), ga.refresh('a2'), gb.refresh('b2')])
      const logA = (await requestLog(w)).filter((e) => e.area === 'oauth' && e.method === 'POST')
      const logB = (
        (await (await fetch(`${other.url}/_sandbox/log`)).json()) as {
          entries: { area: string; method: string }[]
        }
      ).entries.filter((e) => e.area === 'oauth' && e.method === 'POST')
      expect(logA).toHaveLength(2)
      expect(logB).toHaveLength(2)
      // And the library's process-wide defaults are left as they were.
      expect((OAuthClient as unknown as { tokenEndpoint: string }).tokenEndpoint).toBe(
        'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer'
      )
    } finally {
      await other.close()
    }
  })

  it('the library never retries a token request by itself; our own retry reuses the same refresh token once', async () => {
    w = await world()
    const id = await w.connect()
    const stored = (await readConnection(FileSecretStore.forDataDir(w.dataDir), id))!
    const gateway = new OAuthGateway(w.sandbox.info.oauth, stored.credentials, 'sandbox', w.clock)
    await w.control('DELETE', '/log')
    await w.control('POST', '/faults', { kind: 'error', status: 503, count: 1, match: { area: 'oauth' } })
    await expect(gateway.refresh(stored.tokens.refreshToken)).rejects.toMatchObject({ kind: 'server' })
    expect((await requestLog(w)).filter((e) => e.area === 'oauth')).toHaveLength(1)

    await w.control('POST', '/faults', { kind: 'error', status: 503, count: 1, match: { area: 'oauth' } })
    await w.control('DELETE', '/log')
    const manager = new TokenManager(
      id,
      gateway,
      FileSecretStore.forDataDir(w.dataDir),
      w.clock,
      async () => {}
    )
    w.clock.advance(HOUR + 1000)
    await manager.accessToken()
    expect((await requestLog(w)).filter((e) => e.area === 'oauth')).toHaveLength(2)
    expect(manager.refreshCount).toBe(2)
  })
})
