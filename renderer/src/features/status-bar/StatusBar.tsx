import { useAppStore } from '../../store'

const CONNECTION_LABEL = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…' } as const
const FEED_LABEL = { connecting: 'connecting', live: 'live', stale: 'stale', down: 'down', ended: 'recording ended' } as const

export function StatusBar() {
  const transport = useAppStore((s) => s.transport)
  const connection = useAppStore((s) => s.connection)
  const feed = useAppStore((s) => s.feed)
  const keychain = useAppStore((s) => s.appInfo?.keychain)
  const version = useAppStore((s) => s.appInfo?.version)
  const engineTime = useAppStore((s) => s.engineTime)
  const latency = useAppStore((s) => s.feedLatencyMs)
  const halt = useAppStore((s) => (s.selectedAccountId === undefined ? undefined : s.accounts[s.selectedAccountId]?.halt))
  // Replays' source ids start with 'replay:' (electron/venues/replay).
  const replaying = feed?.sourceId.startsWith('replay:') === true
  const theme = useAppStore((s) => s.theme)
  const setTheme = useAppStore((s) => s.setTheme)
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
      <span data-testid="status-clock" title="The engine's clock: the newest tick's time (UTC)">
        {engineTime === undefined ? 'Engine —' : `Engine ${new Date(engineTime).toISOString().replace('T', ' ').slice(0, 19)} UTC`}
      </span>
      {/* A replay's ticks carry recorded times: their age says nothing about the link. */}
      {!replaying && latency !== undefined && (
        <span data-testid="status-latency" className={latency > 2_000 ? 'warn' : ''} title="From a tick's exchange time to this screen">
          Latency {latency < 1_000 ? `${latency} ms` : `${(latency / 1_000).toFixed(1)} s`}
        </span>
      )}
      <span data-testid="status-breaker" className={halt === undefined ? '' : 'warn'} title={halt?.reason}>
        {halt === undefined ? 'Trading: on' : `Trading halted (${halt.by === 'kill_switch' ? 'kill switch' : 'circuit breaker'})`}
      </span>
      {keychain !== undefined && (
        <span title={keychain.detail} className={keychain.available ? '' : 'warn'}>
          Keychain: {keychain.available ? 'ready' : 'unavailable'}
        </span>
      )}
      <span className="spacer" />
      <button type="button" className="theme-toggle" data-testid="theme-toggle" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
      <span>Paper trading</span>
      {version !== undefined && <span>v{version}</span>}
    </footer>
  )
}
