import type { Instrument } from '../../../shared/domain/market'
import { tiersFromText } from '../../../shared/trading/margin-tiers'
import type { TradableInstrument } from './paper-exchange'

/** Instruments as the paper exchange trades them: perpetuals with their maintenance tiers. */
export function tradableInstruments(instruments: readonly Instrument[]): Map<string, TradableInstrument> {
  return new Map(
    instruments.map((instrument) => {
      if (instrument.type !== 'swap') return [instrument.symbol, { instrument, tiers: [] }]
      // Without tiers there is no liquidation price: refuse to list the market at all.
      if (instrument.maintenanceTiers === undefined || instrument.maintenanceTiers.length === 0) {
        throw new Error(`No maintenance-margin tiers for ${instrument.symbol}`)
      }
      return [instrument.symbol, { instrument, tiers: tiersFromText(instrument.maintenanceTiers) }]
    }),
  )
}
