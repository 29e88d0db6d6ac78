import { SignalsPanel } from '../signals/SignalsPanel'
import { ExchangeKeysPanel } from './ExchangeKeysPanel'
import './settings.css'

/** App settings; exchange connections first, then external signals. */
export function SettingsScreen() {
  return (
    <div className="st-screen">
      <ExchangeKeysPanel />
      <SignalsPanel />
    </div>
  )
}
