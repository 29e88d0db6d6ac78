import { ApiProvider } from './api/api-context'
import type { Connection } from './api/connection'
import { ConnectionBanner } from './components/ConnectionBanner'
import { AccountBar } from './features/accounts/AccountBar'
import { BalancePanel } from './features/balances/BalancePanel'
import { PriceChart } from './features/chart/PriceChart'
import { MarketWatch } from './features/market-watch/MarketWatch'
import { Toasts } from './features/notifications/Toasts'
import { OrderTicket } from './features/order-ticket/OrderTicket'
import { StatusBar } from './features/status-bar/StatusBar'
import { TradingTables } from './features/trading-tables/TradingTables'
import { Workspace } from './layout/Workspace'

export function App({ connection }: { connection: Connection }) {
  return (
    <ApiProvider api={connection.api}>
      <div className="app">
        <ConnectionBanner />
        <AccountBar />
        <Workspace
          marketWatch={<MarketWatch />}
          chart={<PriceChart connection={connection} />}
          tables={<TradingTables />}
          ticket={<OrderTicket />}
          balances={<BalancePanel />}
        />
        <StatusBar />
        <Toasts />
      </div>
    </ApiProvider>
  )
}
