import type { Connection } from './api/connection'
import { ConnectionBanner } from './components/ConnectionBanner'
import { PriceChart } from './features/chart/PriceChart'
import { MarketWatch } from './features/market-watch/MarketWatch'
import { StatusBar } from './features/status-bar/StatusBar'

export function App({ connection }: { connection: Connection }) {
  return (
    <div className="app">
      <ConnectionBanner />
      <main className="workspace">
        <MarketWatch />
        <PriceChart connection={connection} />
      </main>
      <StatusBar />
    </div>
  )
}
