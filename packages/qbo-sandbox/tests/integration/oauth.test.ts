import { qboFixture } from '../../../../tests/helpers/fixtures'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Sandbox } from '../../src/index'
import {
  api,
  authorizeCode,
  basic,
  connect,
  control,
  OTHER_REALM,
  REALM,
  REDIRECT,
  startTiny,
  testClock,
  tokenRequest
} from './helpers'

const fixture = (name: string): Record<string, unknown> => qboFixture('oauth-jsclient', name)

const clock = testClock()
let sb: Sandbox

beforeAll(async () => {
  sb = await startTiny({ clock: clock.now })
})
afterAll(async () => {
  await sb.close()
})

function authorizeUrl(params: Record<string, string>): string {
  const u = new URL(sb.info.oauth.authorizeUrl)
  u.search = new URLSearchParams(params).toString()
  return u.toString()
}

const goodParams = (): Record<string, string> => ({
  client_id: sb.info.oauth.clientId,
  redirect_uri: REDIRECT,
  response_type: 'code',
  scope: 'com.intuit.quickbooks.accounting',
  state: 'abc123'
})

describe('authorize', () => {
  it('shows a consent page with one Connect per company, and Connect redirects with code, state and realmId', async () => {
    const res = await fetch(authorizeUrl(goodParams()))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(res.headers.get('intuit_tid')).toBeTruthy()
    const html = await res.text()
    expect(html).toContain('Tiny Test Co')
    expect(html).toContain('Other Test Co')
    const links = [...html.matchAll(/<a class="connect" data-realm-id="(\d+)" href="([^"]+)"/g)]
    expect(links.map((m) => m[1])).toEqual([REALM, OTHER_REALM])
    const follow = await fetch(sb.url + links[1]![2]!.replace(/&amp;/g, '&'), { redirect: 'manual' })
    expect(follow.status).toBe(302)
    const loc = new URL(follow.headers.get('location')!)
    expect(loc.origin + loc.pathname).toBe(REDIRECT)
    expect(loc.searchParams.get('state')).toBe('abc123')
    expect(loc.searchParams.get('realmId')).toBe(OTHER_REALM)
    expect(loc.searchParams.get('code')).toMatch(/^AB11/)
  })

  it('rejects an unknown client_id or redirect_uri with an error page, and a bad scope with a redirect', async () => {
    const badClient = await fetch(authorizeUrl({ ...goodParams(), client_id: 'nope' }), {
      redirect: 'manual'
    })
    expect(badClient.status).toBe(400)
    const badRedirect = await fetch(
      authorizeUrl({ ...goodParams(), redirect_uri: 'http://evil.example/cb' }),
      { redirect: 'manual' }
    )
    expect(badRedirect.status).toBe(400)
    const noRedirect = await fetch(authorizeUrl({ ...goodParams(), redirect_uri: '' }), {
      redirect: 'manual'
    })
    expect(noRedirect.status).toBe(400)
    for (const scope of ['', 'com.intuit.quickbooks.payroll', 'openid']) {
      const res = await fetch(authorizeUrl({ ...goodParams(), scope, auto_consent: REALM }), {
        redirect: 'manual'
      })
      expect(res.status).toBe(302)
      const loc = new URL(res.headers.get('location')!)
      expect(loc.searchParams.get('error')).toBe('invalid_scope')
      expect(loc.searchParams.get('code')).toBeNull()
    }
    const badType = await fetch(
      authorizeUrl({ ...goodParams(), response_type: 'token', auto_consent: REALM }),
      { redirect: 'manual' }
    )
    expect(new URL(badType.headers.get('location')!).searchParams.get('error')).toBe(
      'unsupported_response_type'
    )
    const denied = await fetch(authorizeUrl({ ...goodParams(), auto_consent: 'deny' }), {
      redirect: 'manual'
    })
    expect(new URL(denied.headers.get('location')!).searchParams.get('error')).toBe('access_denied')
  })
})

describe('token endpoint', () => {
  it('answers the authorization_code grant in the shape of the oauth-jsclient fixture', async () => {
    const code = await authorizeCode(sb, REALM, 'com.intuit.quickbooks.accounting openid')
    const { status, body } = await tokenRequest(sb, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT
    })
    expect(status).toBe(200)
    const expected = fixture('tokenResponse.json')
    expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort())
    for (const [k, v] of Object.entries(expected)) expect(typeof body[k], k).toBe(typeof v)
    expect(body.token_type).toBe('bearer')
    expect(body.expires_in).toBe(3600)
    expect(body.x_refresh_token_expires_in).toBe(8726400)
  })

  it('omits id_token without openid and adds the hard expiry on request', async () => {
    const code = await authorizeCode(sb)
    const { body } = await tokenRequest(
      sb,
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
      { 'x-include-refresh-token-hard-expires-in': 'true' }
    )
    expect(body.id_token).toBeUndefined()
    expect(body.x_refresh_token_hard_expires_in).toBe(5 * 365 * 86400)
    const refreshed = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: String(body.refresh_token)
    })
    expect(refreshed.body.x_refresh_token_hard_expires_in).toBeUndefined()
  })

  it('requires HTTP Basic client credentials and a known grant', async () => {
    const code = await authorizeCode(sb)
    const res = await fetch(sb.info.oauth.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: 'Basic ' + Buffer.from(`${sb.info.oauth.clientId}:wrong`).toString('base64'),
        'content-type': 'application/x-www-form-urlencoded'
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }).toString()
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'invalid_client' })
    expect((await tokenRequest(sb, { grant_type: 'password' })).body).toEqual({
      error: 'unsupported_grant_type'
    })
    // The code was not spent by the failed attempt; a wrong redirect_uri is invalid_grant.
    expect(
      (
        await tokenRequest(sb, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: 'http://127.0.0.1:9/other'
        })
      ).status
    ).toBe(400)
  })

  it('revokes what a code issued when the code is replayed', async () => {
    const code = await authorizeCode(sb)
    const first = await tokenRequest(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT })
    expect(first.status).toBe(200)
    const at = String(first.body.access_token)
    expect((await api(sb, at, 'GET', `/companyinfo/${REALM}`)).status).toBe(200)
    const replay = await tokenRequest(sb, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT })
    expect(replay.status).toBe(400)
    expect(replay.body).toEqual(fixture('errorResponse.json').json)
    expect((await api(sb, at, 'GET', `/companyinfo/${REALM}`)).status).toBe(401)
    const refresh = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token)
    })
    expect(refresh.status).toBe(400)
    expect(refresh.body).toEqual({ error_description: 'Token invalid', error: 'invalid_grant' })
  })

  it('rotates refresh tokens; the previous one works for 24 hours of the clock, then is invalid_grant', async () => {
    const t1 = await connect(sb)
    const r2 = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: t1.refresh_token })
    expect(r2.status).toBe(200)
    expect(r2.body.refresh_token).not.toBe(t1.refresh_token)
    expect(r2.body.access_token).not.toBe(t1.access_token)
    expect(r2.body.expires_in).toBe(3600)
    expect(r2.body.x_refresh_token_expires_in).toBe(8726400)

    clock.advance(23 * 3600 * 1000)
    const again = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: t1.refresh_token })
    expect(again.status).toBe(200)

    clock.advance(3600 * 1000 + 1000)
    const late = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: t1.refresh_token })
    expect(late.status).toBe(400)
    expect(late.body).toEqual({ error_description: 'Token invalid', error: 'invalid_grant' })

    // The latest refresh token is still good, and so are access tokens from any refresh.
    const latest = await tokenRequest(sb, {
      grant_type: 'refresh_token',
      refresh_token: String(again.body.refresh_token)
    })
    expect(latest.status).toBe(200)
    expect((await api(sb, String(latest.body.access_token), 'GET', `/companyinfo/${REALM}`)).status).toBe(200)
  })

  it('revokes a connection through the revoke endpoint', async () => {
    const t = await connect(sb)
    const res = await fetch(sb.info.oauth.revokeUrl, {
      method: 'POST',
      headers: { authorization: basic(sb), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: t.refresh_token })
    })
    expect(res.status).toBe(200)
    expect((await api(sb, t.access_token, 'GET', `/companyinfo/${REALM}`)).status).toBe(401)
    expect(
      (await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token })).status
    ).toBe(400)
  })
})

describe('access tokens', () => {
  it('expire after 3600 s of the clock with the lowercase fault body and WWW-Authenticate header', async () => {
    const t = await connect(sb)
    clock.advance(3599 * 1000)
    expect((await api(sb, t.access_token, 'GET', `/companyinfo/${REALM}`)).status).toBe(200)
    clock.advance(1000)
    const res = await api(sb, t.access_token, 'GET', `/companyinfo/${REALM}`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="Intuit", error="invalid_token"')
    expect(res.headers.get('intuit_tid')).toBeTruthy()
    expect(res.json.warnings).toBeNull()
    expect(res.json.fault.type).toBe('AUTHENTICATION')
    expect(res.json.fault.error).toHaveLength(1)
    expect(res.json.fault.error[0]).toMatchObject({
      message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
      code: '3200'
    })
    expect(res.json.fault.error[0].detail).toMatch(/^Token expired: /)
    expect(typeof res.json.time).toBe('number')
    expect(res.json.Fault).toBeUndefined()
    // A refresh brings it back.
    const r = await tokenRequest(sb, { grant_type: 'refresh_token', refresh_token: t.refresh_token })
    expect((await api(sb, String(r.body.access_token), 'GET', `/companyinfo/${REALM}`)).status).toBe(200)
  })

  it('are all expired at once by the control plane, and a missing token is 401 too', async () => {
    const t = await connect(sb)
    expect((await control(sb, 'POST', '/tokens/expire')).json.expired).toBeGreaterThanOrEqual(1)
    expect((await api(sb, t.access_token, 'GET', `/companyinfo/${REALM}`)).status).toBe(401)
    const none = await api(sb, undefined, 'GET', `/companyinfo/${REALM}`)
    expect(none.status).toBe(401)
    expect(none.json.fault.error[0].code).toBe('3200')
  })

  it('of another realm get 403 with code 3100', async () => {
    const t = await connect(sb, OTHER_REALM)
    expect(
      (
        await api(sb, t.access_token, 'GET', `/companyinfo/${OTHER_REALM}`, undefined, {
          realmId: OTHER_REALM
        })
      ).status
    ).toBe(200)
    const res = await api(sb, t.access_token, 'GET', `/companyinfo/${REALM}`)
    expect(res.status).toBe(403)
    expect(res.json.fault.type).toBe('AUTHORIZATION')
    expect(res.json.fault.error[0]).toMatchObject({
      code: '3100',
      message: 'message=AuthorizationFailed; errorCode=003100; statusCode=403'
    })
  })

  it('are revoked by the control plane per realm', async () => {
    const a = await connect(sb, REALM)
    const b = await connect(sb, OTHER_REALM)
    expect(
      (await control(sb, 'POST', '/tokens/revoke', { realmId: OTHER_REALM })).json.revoked
    ).toBeGreaterThanOrEqual(1)
    expect((await api(sb, a.access_token, 'GET', `/companyinfo/${REALM}`)).status).toBe(200)
    expect(
      (
        await api(sb, b.access_token, 'GET', `/companyinfo/${OTHER_REALM}`, undefined, {
          realmId: OTHER_REALM
        })
      ).status
    ).toBe(401)
  })
})
