import { useAppStore } from '../../store'

const CONNECTION_LABEL = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…' } as const
const FEED_LABEL = { connecting: 'connecting', live: 'live', stale: 'stale', down: 'down', ended: 'recording ended' } as const

export function StatusBar() {
  const transport = useAppStore((s) => s.transport)
  const connection = useAppStore((s) => s.connection)
  const feed = useAppStore((s) => s.feed)
  const keychain = useAppStore((s) => s.appInfo?.keychain)
  const version = useAppStore((s) => s.appInfo?.version)
  const host = transport === 'ipc' ? 'Desktop app' : 'Browser · headless host'
  return (
    <footer className="status-bar" aria-label="Status">
      <span data-testid="status-host">{host}</span>
      <span data-testid="status-feed" className={`feed-${feed?.state ?? 'connecting'}`} title={feed?.detail}>
        Data: {feed?.sourceName ?? '—'} ({FEED_LABEL[feed?.state ?? 'connecting']})
      </span>
      <span data-testid="status-connection" className={`conn-${connection}`}>
        {CONNECTION_LABEL[connection]}
      </span>
      {keychain !== undefined && (
        <span title={keychain.detail} className={keychain.available ? '' : 'warn'}>
          Keychain: {keychain.available ? 'ready' : 'unavailable'}
        </span>
      )}
      <span className="spacer" />
      <span>Paper trading</span>
      {version !== undefined && <span>v{version}</span>}
    </footer>
  )
}
