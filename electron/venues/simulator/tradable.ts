import type { Instrument } from '../../../shared/domain/market'
import { BINANCE_USDM_MAINTENANCE_TIERS, type TieredBase } from '../../../shared/trading/margin-tiers'
import type { TradableInstrument } from '../../engine/paper/paper-exchange'

/** The simulator's markets with the maintenance tiers of their Binance counterparts. */
export function tradableInstruments(instruments: readonly Instrument[]): Map<string, TradableInstrument> {
  return new Map(
    instruments.map((instrument) => {
      if (instrument.type !== 'swap') return [instrument.symbol, { instrument, tiers: [] }]
      const tiers = BINANCE_USDM_MAINTENANCE_TIERS[instrument.base as TieredBase]
      // Without tiers there is no liquidation price: refuse to list the market at all.
      if (tiers === undefined) throw new Error(`No maintenance-margin tiers for ${instrument.symbol}`)
      return [instrument.symbol, { instrument, tiers }]
    }),
  )
}
