// The pure decisions behind the desktop shell's locks (issue 18 item 5); tests/electron/ checks
// them wired into a running app where Electron's binary exists.

import { readFileSync } from 'node:fs'
import { join, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  appOrigins,
  CONTENT_SECURITY_POLICY,
  isAllowedExternal,
  isPermissionAllowed,
  isTrustedSender,
  resolveAppFile
} from '../../../src/main/core/security'
import { isOwnHost } from '../../../src/main/core/loopback'

const root = join(sep, 'opt', 'runway', 'renderer')

describe('app:// paths', () => {
  it('resolve inside the renderer folder, / to the page', () => {
    expect(resolveAppFile(root, 'app://runway/')).toBe(join(root, 'index.html'))
    expect(resolveAppFile(root, 'app://runway/index.html')).toBe(join(root, 'index.html'))
    expect(resolveAppFile(root, 'app://runway/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets', 'index-abc.js')
    )
    expect(resolveAppFile(root, 'app://runway/a%20b.css')).toBe(join(root, 'a b.css'))
  })

  it('never leave it, whatever the encoding, and answer nothing for another host or scheme', () => {
    for (const url of [
      'app://runway/../../etc/passwd',
      'app://runway/..%2f..%2fetc%2fpasswd',
      'app://runway/%2e%2e/%2e%2e/etc/passwd',
      'app://runway/assets/..%5c..%5csecrets.bin',
      'app://runway/%E0%A4%A',
      'app://runway/x%00.js',
      'app://other/index.html',
      'file:///opt/runway/renderer/index.html',
      'https://runway/index.html',
      'not a url'
    ]) {
      const file = resolveAppFile(root, url)
      if (file !== null) expect(file.startsWith(root + sep), url).toBe(true)
      else expect(file, url).toBeNull()
    }
    expect(resolveAppFile(root, 'app://runway/..%2f..%2fetc%2fpasswd')).toBeNull()
    expect(resolveAppFile(root, 'app://other/index.html')).toBeNull()
    expect(resolveAppFile(root, 'file:///opt/runway/renderer/index.html')).toBeNull()
  })
})

describe('IPC senders', () => {
  const origins = appOrigins(undefined)
  it('only our window’s main frame showing our page is answered', () => {
    expect(
      isTrustedSender({ frameUrl: `${APP_ORIGIN}/index.html`, mainFrame: true, ourWindow: true }, origins)
    ).toBe(true)
    expect(
      isTrustedSender({ frameUrl: `${APP_ORIGIN}/index.html`, mainFrame: false, ourWindow: true }, origins)
    ).toBe(false)
    expect(
      isTrustedSender({ frameUrl: `${APP_ORIGIN}/index.html`, mainFrame: true, ourWindow: false }, origins)
    ).toBe(false)
    for (const frameUrl of [
      'https://evil.example/',
      'app://other/index.html',
      'file:///opt/runway/renderer/index.html',
      'http://localhost:5173/',
      undefined,
      ''
    ]) {
      expect(isTrustedSender({ frameUrl, mainFrame: true, ourWindow: true }, origins), String(frameUrl)).toBe(
        false
      )
    }
  })

  it('the dev server is ours only while `npm run dev` says so', () => {
    const dev = appOrigins('http://localhost:5173/')
    expect(dev).toEqual([APP_ORIGIN, 'http://localhost:5173'])
    expect(
      isTrustedSender({ frameUrl: 'http://localhost:5173/#/x', mainFrame: true, ourWindow: true }, dev)
    ).toBe(true)
    expect(
      isTrustedSender({ frameUrl: 'http://localhost:5174/', mainFrame: true, ourWindow: true }, dev)
    ).toBe(false)
  })
})

describe('links opened in the browser', () => {
  it('Intuit’s hosts over https and a local sandbox on 127.0.0.1', () => {
    for (const url of [
      'https://appcenter.intuit.com/connect/oauth2?client_id=x&state=y',
      'https://developer.intuit.com/app/developer/qbo/docs/get-started',
      'https://quickbooks.intuit.com/',
      'https://intuit.com/',
      'http://127.0.0.1:8099/oauth2/authorize?state=x'
    ])
      expect(isAllowedExternal(url), url).toBe(true)
  })

  it('nothing else', () => {
    for (const url of [
      'http://appcenter.intuit.com/connect/oauth2',
      'https://intuit.com.evil.example/',
      'https://evilintuit.com/',
      'https://user:pass@appcenter.intuit.com/',
      'https://example.com/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'ms-msdt:/id',
      'http://localhost:8099/',
      'http://127.0.0.1/',
      'not a url'
    ])
      expect(isAllowedExternal(url), url).toBe(false)
  })
})

describe('the rest of the checklist', () => {
  it('denies every permission a page can ask for', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
      'serial'
    ])
      expect(isPermissionAllowed(p), p).toBe(false)
  })

  it('the page’s CSP is the policy, with no inline styles or scripts', () => {
    const html = readFileSync(join(__dirname, '../../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  })

  it('a loopback listener knows its own Host header', () => {
    expect(isOwnHost('127.0.0.1:4000', 4000)).toBe(true)
    expect(isOwnHost('LOCALHOST:4000', 4000)).toBe(true)
    expect(isOwnHost('evil.example', 4000)).toBe(false)
    expect(isOwnHost('evil.example:4000', 4000)).toBe(false)
    expect(isOwnHost('127.0.0.1', 4000)).toBe(false)
    expect(isOwnHost(undefined, 4000)).toBe(false)
  })
})
