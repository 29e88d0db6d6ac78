import { useState } from 'react'
import { ApiProvider } from './api/api-context'
import type { Connection } from './api/connection'
import { ConnectionBanner } from './components/ConnectionBanner'
import { AccountBar } from './features/accounts/AccountBar'
import { BacktestsScreen } from './features/backtests/BacktestsScreen'
import { AlertsScreen } from './features/alerts/AlertsScreen'
import { BotsScreen } from './features/bots/BotsScreen'
import { HealthScreen } from './features/health/HealthScreen'
import { BalancePanel } from './features/balances/BalancePanel'
import { PriceChart } from './features/chart/PriceChart'
import { HistoryScreen } from './features/history/HistoryScreen'
import { SCREEN_PANEL_ID, ScreenTabs, screenTabId, type Screen } from './layout/ScreenTabs'
import { MarketWatch } from './features/market-watch/MarketWatch'
import { Toasts } from './features/notifications/Toasts'
import { OrderTicket } from './features/order-ticket/OrderTicket'
import { SettingsScreen } from './features/settings/SettingsScreen'
import { StatusBar } from './features/status-bar/StatusBar'
import { TradingTables } from './features/trading-tables/TradingTables'
import { Workspace } from './layout/Workspace'

export function App({ connection }: { connection: Connection }) {
  const [screen, setScreen] = useState<Screen>('trading')
  return (
    <ApiProvider api={connection.api}>
      <div className="app">
        <ConnectionBanner />
        <div className="app-top">
          <ScreenTabs screen={screen} onSelect={setScreen} />
          <AccountBar />
        </div>
        <div className="screen-panel" role="tabpanel" id={SCREEN_PANEL_ID} aria-labelledby={screenTabId(screen)}>
          {screen === 'trading' ? (
            <Workspace
              marketWatch={<MarketWatch />}
              chart={<PriceChart connection={connection} />}
              tables={<TradingTables />}
              ticket={<OrderTicket />}
              balances={<BalancePanel />}
            />
          ) : screen === 'history' ? (
            <HistoryScreen />
          ) : screen === 'bots' ? (
            <BotsScreen />
          ) : screen === 'backtests' ? (
            <BacktestsScreen />
          ) : screen === 'alerts' ? (
            <AlertsScreen />
          ) : screen === 'health' ? (
            <HealthScreen />
          ) : (
            <SettingsScreen />
          )}
        </div>
        <StatusBar />
        <Toasts />
      </div>
    </ApiProvider>
  )
}
