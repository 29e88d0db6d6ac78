import { describe, expect, it } from 'vitest'
import { BINANCE_USDM_MAINTENANCE_TIERS, tiersFromText, tiersToText } from '../../../shared/trading/margin-tiers'

describe('maintenance tiers on the contract', () => {
  it('survive the trip to text and back exactly', () => {
    for (const tiers of Object.values(BINANCE_USDM_MAINTENANCE_TIERS)) expect(tiersFromText(tiersToText(tiers))).toEqual(tiers)
    expect(tiersToText(BINANCE_USDM_MAINTENANCE_TIERS.BTC)[0]).toEqual({
      maxNotional: '50000',
      maintenanceMarginRate: '0.004',
      maintenanceAmount: '0',
      maxLeverage: 125,
    })
  })
})
