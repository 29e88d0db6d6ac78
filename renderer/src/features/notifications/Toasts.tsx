import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../../store'
import type { AppNotification } from '../../store/notifications-slice'
import { requestNativePermission } from './native'
import './notifications.css'

/** How long a toast stays: longer for what went wrong. */
const TOAST_MS = { info: 5_000, good: 6_000, warn: 8_000, bad: 10_000 } as const

function Toast({ n, onDismiss }: { n: AppNotification; onDismiss(id: number): void }) {
  const [paused, setPaused] = useState(false)
  const left = useRef<number>(TOAST_MS[n.tone])
  useEffect(() => {
    if (paused) return
    const started = Date.now()
    const timer = setTimeout(() => onDismiss(n.id), left.current)
    return () => {
      clearTimeout(timer)
      left.current -= Date.now() - started
    }
  }, [paused, n.id, onDismiss])
  return (
    <div
      className={`toast nc-${n.tone}`}
      data-testid="toast"
      data-kind={n.kind}
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
    >
      <div className="toast-text">
        <div className="nc-title">{n.title}</div>
        <div className="nc-body">{n.body}</div>
      </div>
      <button type="button" className="toast-close" aria-label="Dismiss" tabIndex={-1} onClick={() => onDismiss(n.id)}>
        ×
      </button>
    </div>
  )
}

/**
 * Toasts in the corner: announced politely to screen readers, never taking focus, gone on
 * their own (paused while the pointer rests on one). In the desktop app, notices go to the
 * operating system's notifications instead, where it allows them.
 */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts)
  const dismiss = useAppStore((s) => s.dismissToast)
  const transport = useAppStore((s) => s.transport)
  useEffect(() => {
    if (transport === 'ipc') requestNativePermission()
  }, [transport])
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions" data-testid="toasts">
      {toasts.map((n) => (
        <Toast key={n.id} n={n} onDismiss={dismiss} />
      ))}
    </div>
  )
}
