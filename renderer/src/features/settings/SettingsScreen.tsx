import { AiModelsPanel } from '../ai/AiModelsPanel'
import { SignalsPanel } from '../signals/SignalsPanel'
import { ExchangeKeysPanel } from './ExchangeKeysPanel'
import './settings.css'

/** App settings: exchange keys, external signals, AI models. */
export function SettingsScreen() {
  return (
    <div className="st-screen">
      <ExchangeKeysPanel />
      <SignalsPanel />
      <AiModelsPanel />
    </div>
  )
}
