import type { Instrument, MarketSummary } from '../../shared/domain/market'
import type { Bot } from '../../shared/domain/bots'
import type { Account } from '../../shared/domain/trading'
import { SIMULATED_MARKETS } from '../../electron/venues/simulator/markets'

/** The simulator's markets, as the renderer receives them. */
export function simulatedInstrument(symbol: string): Instrument {
  const market = SIMULATED_MARKETS.find((m) => m.instrument.symbol === symbol)
  if (market === undefined) throw new Error(`The simulator lists no ${symbol}`)
  return market.instrument
}

export const BTC_PERP = simulatedInstrument('BTC/USDT:USDT')
export const BTC_SPOT = simulatedInstrument('BTC/USDT')

/** A paper account as the engine creates it by default (10,000 USDT, 10x, 5 positions). */
export function paperAccount(over: Partial<Account> = {}): Account {
  return {
    id: 1,
    name: 'Paper',
    quote: 'USDT',
    startingBalance: '10000',
    maxLeverage: 10,
    maxOpenPositions: 5,
    sizingMethod: 'ACCOUNT_PERCENTAGE',
    sizingValue: '0.1',
    risk: { breakerMode: 'block_entries' },
    status: 'active',
    createdAt: 1,
    ...over,
  }
}

/** A market-watch row quoting `bid`/`ask` (a flat day at `last`). */
export function marketSummary(instrument: Instrument, bid: number, ask: number, last = bid): MarketSummary {
  return { instrument, last, bid, ask, open24h: last, high24h: last, low24h: last, volume24h: 0, ts: 1 }
}

/** A bot named Scalper (EMA crossover on BTC/USDT:USDT 1m, account 1) in a status, with a reason. */
export function scalperBot(status: Bot['status'], reason?: string): Bot {
  return {
    id: 3,
    name: 'Scalper',
    strategy: 'ema-crossover',
    params: {},
    symbol: 'BTC/USDT:USDT',
    timeframe: '1m',
    accountId: 1,
    status,
    ...(reason === undefined ? {} : { reason }),
    createdAt: 0,
    updatedAt: 0,
  }
}
