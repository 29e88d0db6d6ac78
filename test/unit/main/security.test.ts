import { describe, expect, it } from 'vitest'
import {
  allowNavigation,
  allowPermission,
  isAppUrl,
  isTrustedSender,
  rendererFileFor,
  windowOpenDecision,
} from '../../../electron/main/security'

describe('desktop window policy', () => {
  it('trusts only the app origin', () => {
    expect(isAppUrl('app://renderer/index.html')).toBe(true)
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'not a url', undefined]) {
      expect(isAppUrl(url)).toBe(false)
    }
  })

  it('denies navigation, new windows and every permission but notifications for the app', () => {
    expect(allowNavigation('https://phish.example/login')).toBe(false)
    expect(allowNavigation('app://renderer/index.html')).toBe(false)
    expect(windowOpenDecision()).toEqual({ action: 'deny' })
    const app = { url: 'app://renderer/index.html', isMainFrame: true }
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'display-capture', 'notification', 'unknown']) {
      expect(allowPermission(permission)).toBe(false)
      expect(allowPermission(permission, app)).toBe(false)
    }
    expect(allowPermission('notifications')).toBe(false)
  })

  it('grants desktop notifications only to the app origin top frame', () => {
    expect(allowPermission('notifications', { url: 'app://renderer/index.html', isMainFrame: true })).toBe(true)
    // The permission check handler passes the origin alone.
    expect(allowPermission('notifications', { url: 'app://renderer', isMainFrame: true })).toBe(true)
    expect(allowPermission('notifications', { url: 'app://renderer/index.html', isMainFrame: false })).toBe(false)
    for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///tmp/x.html', 'app://other/index.html', 'null', '', undefined]) {
      expect(allowPermission('notifications', { url, isMainFrame: true })).toBe(false)
    }
  })

  it('serves IPC only to the window top frame on the app origin', () => {
    const ours = { senderId: 3, frameUrl: 'app://renderer/index.html', isMainFrame: true }
    expect(isTrustedSender(ours, 3)).toBe(true)
    expect(isTrustedSender({ ...ours, senderId: 4 }, 3)).toBe(false)
    expect(isTrustedSender({ ...ours, isMainFrame: false }, 3)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'https://ads.example/' }, 3)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: undefined }, 3)).toBe(false)
    expect(isTrustedSender(ours, undefined)).toBe(false)
  })

  it('maps app URLs into the renderer folder and nowhere else', () => {
    expect(rendererFileFor('app://renderer/', '/app/out/renderer')).toBe('/app/out/renderer/index.html')
    expect(rendererFileFor('app://renderer/assets/index.js', '/app/out/renderer/')).toBe('/app/out/renderer/assets/index.js')
    // The URL parser already folds dot segments (literal or %2e) into the origin's root...
    expect(rendererFileFor('app://renderer/../../etc/passwd', '/r')).toBe('/r/etc/passwd')
    expect(rendererFileFor('app://renderer/%2e%2e/%2e%2e/etc/passwd', '/r')).toBe('/r/etc/passwd')
    // ...but an encoded slash only becomes one after decoding, so that is refused here.
    expect(rendererFileFor('app://renderer/..%2f..%2fetc/passwd', '/r')).toBeUndefined()
    expect(rendererFileFor('app://renderer/a%5c..%5c..%5csecret', '/r')).toBeUndefined()
    expect(rendererFileFor('app://renderer/a%00.js', '/r')).toBeUndefined()
    expect(rendererFileFor('file:///etc/passwd', '/r')).toBeUndefined()
    expect(rendererFileFor('app://renderer/assets/x.js', 'C:\\app\\renderer', '\\')).toBe('C:\\app\\renderer\\assets\\x.js')
  })
})
