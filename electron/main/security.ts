/**
 * The desktop window's security policy, as plain functions so it is tested without
 * Electron. The renderer is untrusted: it is served only from `app://renderer`, may not
 * navigate, open windows, embed webviews or get any permission but notifications, and
 * only its own top frame may call the contract.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Only our own origin is trusted. */
export function isAppUrl(url: string | undefined): boolean {
  if (url === undefined) return false
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST
  } catch {
    return false
  }
}

/** Navigation away from the loaded page is never allowed (in-page hash changes are not navigations). */
export function allowNavigation(_targetUrl: string): boolean {
  return false
}

/** New windows (window.open, target=_blank) are never created. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' }
}

/** Who asks for a permission: the requesting frame's URL (or origin) and whether it is the top frame. */
export interface PermissionRequester {
  url: string | undefined
  isMainFrame: boolean
}

/** The only permission the app's own page may have: desktop notifications (fills, stops, halts). */
const GRANTED_TO_APP: ReadonlySet<string> = new Set(['notifications'])

/**
 * Camera, microphone, geolocation, clipboard, ...: all refused. Notifications only to our
 * own origin's top frame, so the renderer's HTML5 `Notification` becomes a native one;
 * any other page or frame is refused that too.
 */
export function allowPermission(permission: string, requester?: PermissionRequester): boolean {
  return GRANTED_TO_APP.has(permission) && requester !== undefined && requester.isMainFrame && isAppUrl(requester.url)
}

/** The parts of an IPC event that say who sent it. */
export interface IpcSender {
  /** The webContents the message came from. */
  senderId: number
  /** URL of the frame that sent it; undefined if the frame is gone. */
  frameUrl: string | undefined
  /** Whether that frame is the top frame (not an iframe). */
  isMainFrame: boolean
}

/** A request is served only from our window's own top frame, on our own origin. */
export function isTrustedSender(sender: IpcSender, windowContentsId: number | undefined): boolean {
  return sender.senderId === windowContentsId && sender.isMainFrame && isAppUrl(sender.frameUrl)
}

/**
 * Maps an `app://renderer/...` URL to a file under `rendererDir`, or undefined when it
 * would leave that folder or is not ours.
 */
export function rendererFileFor(url: string, rendererDir: string, sep = '/'): string | undefined {
  if (!isAppUrl(url)) return undefined
  const pathname = decodeURIComponent(new URL(url).pathname)
  const segments = pathname.split('/').filter((s) => s.length > 0)
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0'))) return undefined
  const relative = segments.length === 0 ? ['index.html'] : segments
  return [rendererDir.replace(/[\\/]+$/, ''), ...relative].join(sep)
}
