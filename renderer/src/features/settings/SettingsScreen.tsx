import { ExchangeKeysPanel } from './ExchangeKeysPanel'
import './settings.css'

/** App settings; exchange connections first. */
export function SettingsScreen() {
  return (
    <div className="st-screen">
      <ExchangeKeysPanel />
    </div>
  )
}
