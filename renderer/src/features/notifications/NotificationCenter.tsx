import { useEffect, useId, useRef, useState } from 'react'
import { useAppStore } from '../../store'
import type { AppNotification } from '../../store/notifications-slice'
import './notifications.css'

/** Time of day today, else the date too (locale). */
export function noticeTime(ts: number): string {
  const d = new Date(ts)
  return d.toDateString() === new Date().toDateString()
    ? d.toLocaleTimeString(undefined, { hour12: false })
    : d.toLocaleString(undefined, { hour12: false, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}

function Item({ n, fresh }: { n: AppNotification; fresh: boolean }) {
  return (
    <li className={`nc-item nc-${n.tone}${fresh ? ' nc-fresh' : ''}`} data-testid="notification" data-kind={n.kind}>
      <div className="nc-head">
        <span className="nc-title">{n.title}</span>
        <time className="nc-time num" dateTime={new Date(n.ts).toISOString()}>
          {noticeTime(n.ts)}
        </time>
      </div>
      <div className="nc-body">{n.body}</div>
    </li>
  )
}

/**
 * The bell with the unread count, and the notification centre it opens: every notice of
 * this session, newest first, to look back on; opening it marks them read.
 */
export function NotificationBell() {
  const notifications = useAppStore((s) => s.notifications)
  const unread = useAppStore((s) => s.unreadCount)
  const markRead = useAppStore((s) => s.markNotificationsRead)
  const clear = useAppStore((s) => s.clearNotifications)
  const [open, setOpen] = useState(false)
  // Which ones were unread when the centre opened, to highlight them while it stays open.
  const [fresh, setFresh] = useState<ReadonlySet<number>>(new Set())
  const root = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const panelId = useId()

  const toggle = (): void => {
    if (open) return setOpen(false)
    setFresh(new Set(notifications.filter((n) => !n.read).map((n) => n.id)))
    markRead()
    setOpen(true)
  }

  useEffect(() => {
    if (!open) return
    // New notices while open are read as they arrive.
    if (unread > 0) markRead()
  }, [open, unread, markRead])

  useEffect(() => {
    if (!open) return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    const onPointer = (e: PointerEvent): void => {
      if (root.current !== null && !root.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('pointerdown', onPointer)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('pointerdown', onPointer)
    }
  }, [open])

  return (
    <div className="nc-root" ref={root}>
      <button
        ref={button}
        type="button"
        className={`nc-bell${unread > 0 ? ' nc-has-unread' : ''}`}
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
        data-testid="notification-bell"
      >
        <svg viewBox="0 0 16 16" width="15" height="15" aria-hidden="true">
          <path
            d="M8 1.5a4 4 0 0 0-4 4v2.6L2.6 11h10.8L12 8.1V5.5a4 4 0 0 0-4-4ZM6.3 12.5a1.8 1.8 0 0 0 3.4 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.4"
            strokeLinejoin="round"
          />
        </svg>
        {unread > 0 && (
          <span className="nc-count num" data-testid="notification-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="nc-panel" id={panelId} role="dialog" aria-label="Notifications" data-testid="notification-center">
          <div className="nc-panel-head">
            <span>Notifications</span>
            <button type="button" onClick={clear} disabled={notifications.length === 0} data-testid="notifications-clear">
              Clear all
            </button>
          </div>
          {notifications.length === 0 ? (
            <p className="nc-empty">Nothing yet. Fills, stop-losses, take-profits, liquidations, halts and disconnects appear here.</p>
          ) : (
            <ul className="nc-list">
              {notifications.map((n) => (
                <Item key={n.id} n={n} fresh={fresh.has(n.id)} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}
