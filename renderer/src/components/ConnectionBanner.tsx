import { useAppStore } from '../store'

/** Impossible to miss when the engine is unreachable; gone as soon as it is back. */
export function ConnectionBanner() {
  const connection = useAppStore((s) => s.connection)
  const lastError = useAppStore((s) => s.lastError)
  if (connection === 'reconnecting') {
    return (
      <div className="banner banner-error" role="alert" data-testid="connection-banner">
        Disconnected from the trading engine. Prices are frozen; reconnecting… If the host was restarted, open the new
        address it printed.
      </div>
    )
  }
  if (lastError !== undefined) {
    return (
      <div className="banner banner-warn" role="status">
        {lastError}
      </div>
    )
  }
  return null
}
