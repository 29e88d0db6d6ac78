import type { Notice } from './rules'

/**
 * Native desktop notifications through the HTML5 Notification API, which Electron maps to
 * the operating system's notifications (the main process grants the permission to the app's
 * own origin only). In a browser tab the app uses its own toasts instead.
 */
const supported = (): boolean => typeof Notification !== 'undefined'

/** Asks once, where the answer is not known yet (Electron answers from its permission handler). */
export function requestNativePermission(): void {
  if (supported() && Notification.permission === 'default') void Notification.requestPermission().catch(() => undefined)
}

/** Shows `notice` natively; false when that is not possible here (no API, no permission). */
export function showNative(notice: Notice & { id: number }): boolean {
  if (!supported() || Notification.permission !== 'granted') return false
  try {
    new Notification(notice.title, { body: notice.body, tag: `tradedesk-${notice.id}`, silent: notice.tone === 'info' })
    return true
  } catch {
    return false
  }
}
