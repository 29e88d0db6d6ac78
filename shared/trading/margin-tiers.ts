/**
 * Binance USDⓈ-M perpetual maintenance-margin tiers ("leverage and margin" brackets) for
 * the paper exchange, as data. Keyed by base asset: BTC = BTCUSDT, ETH = ETHUSDT,
 * SOL = SOLUSDT.
 *
 * Snapshot: Binance's default brackets as returned by GET /fapi/v1/leverageBracket in
 * mid-2024 (the dump lists the 2024-09-27 and 2024-12-27 quarterlies but not the
 * 2024-06-28 one, so it was taken between 2024-06-28 and 2024-09-27), as kept in
 * freqtrade's binance_leverage_tiers.json (freqtrade/freqtrade,
 * freqtrade/exchange/binance_leverage_tiers.json); the BTCUSDT and SOLUSDT rows match an
 * independent copy of the same period. Every maintenance amount satisfies Binance's
 * published recurrence (checkTierTable in margin.ts; the unit test runs it).
 *
 * Binance changes these tables without notice (later BTCUSDT tables, for instance, allow
 * 150x on a first tier of 300,000 USDT). They are good enough for a sandbox; live trading
 * must read the account's own brackets from the exchange.
 */
import type { MaintenanceTierText } from '../domain/market'
import type { MaintenanceTier } from './margin'
import { atoms, formatAtoms } from './money'

export type TieredBase = 'BTC' | 'ETH' | 'SOL'

/** One bracket: (previous cap, cap] in USDT notional, rate and amount as printed by Binance. */
const tier = (cap: string, rate: string, amount: string, maxLeverage: number): MaintenanceTier =>
  Object.freeze({ maxNotional: atoms(cap), maintenanceMarginRate: atoms(rate), maintenanceAmount: atoms(amount), maxLeverage })

const BTCUSDT: readonly MaintenanceTier[] = Object.freeze([
  tier('50000', '0.004', '0', 125),
  tier('600000', '0.005', '50', 100),
  tier('3000000', '0.0065', '950', 75),
  tier('12000000', '0.01', '11450', 50),
  tier('70000000', '0.02', '131450', 25),
  tier('100000000', '0.025', '481450', 20),
  tier('230000000', '0.05', '2981450', 10),
  tier('480000000', '0.1', '14481450', 5),
  tier('600000000', '0.125', '26481450', 4),
  tier('800000000', '0.15', '41481450', 3),
  tier('1200000000', '0.25', '121481450', 2),
  tier('1800000000', '0.5', '421481450', 1),
])

const ETHUSDT: readonly MaintenanceTier[] = Object.freeze([
  tier('50000', '0.004', '0', 125),
  tier('600000', '0.005', '50', 100),
  tier('3000000', '0.0065', '950', 75),
  tier('12000000', '0.01', '11450', 50),
  tier('50000000', '0.02', '131450', 25),
  tier('65000000', '0.025', '381450', 20),
  tier('150000000', '0.05', '2006450', 10),
  tier('320000000', '0.1', '9506450', 5),
  tier('400000000', '0.125', '17506450', 4),
  tier('530000000', '0.15', '27506450', 3),
  tier('800000000', '0.25', '80506450', 2),
  tier('1200000000', '0.5', '280506450', 1),
])

const SOLUSDT: readonly MaintenanceTier[] = Object.freeze([
  tier('20000', '0.005', '0', 100),
  tier('100000', '0.0065', '30', 75),
  tier('800000', '0.01', '380', 50),
  tier('4000000', '0.02', '8380', 25),
  tier('8000000', '0.025', '28380', 20),
  tier('40000000', '0.05', '228380', 10),
  tier('80000000', '0.1', '2228380', 5),
  tier('100000000', '0.125', '4228380', 4),
  tier('200000000', '0.25', '16728380', 2),
  tier('400000000', '0.5', '66728380', 1),
])

export const BINANCE_USDM_MAINTENANCE_TIERS: Readonly<Record<TieredBase, readonly MaintenanceTier[]>> = Object.freeze({
  BTC: BTCUSDT,
  ETH: ETHUSDT,
  SOL: SOLUSDT,
})

/** Tiers as the contract carries them (exact decimal strings). */
export function tiersToText(tiers: readonly MaintenanceTier[]): MaintenanceTierText[] {
  return tiers.map((t) => ({
    maxNotional: t.maxNotional === null ? null : formatAtoms(t.maxNotional),
    maintenanceMarginRate: formatAtoms(t.maintenanceMarginRate),
    maintenanceAmount: formatAtoms(t.maintenanceAmount),
    maxLeverage: t.maxLeverage,
  }))
}

/** Tiers for the margin math, from an instrument's text. */
export function tiersFromText(tiers: readonly MaintenanceTierText[]): MaintenanceTier[] {
  return tiers.map((t) => ({
    maxNotional: t.maxNotional === null ? null : atoms(t.maxNotional),
    maintenanceMarginRate: atoms(t.maintenanceMarginRate),
    maintenanceAmount: atoms(t.maintenanceAmount),
    maxLeverage: t.maxLeverage,
  }))
}
