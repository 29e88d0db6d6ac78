import { describe, expect, it } from 'vitest'
import { BotBreaker } from '../../../electron/bots/bot-breaker'
import type { Fill } from '../../../shared/domain/trading'

const DAY = Date.UTC(2026, 10, 21)
let nextId = 1
const fill = (side: Fill['side'], realizedPnl: string, fee = '1', ts = DAY + 3_600_000, feeAsset = 'USDT', price = '100'): Fill => ({
  id: nextId++,
  accountId: 1,
  orderId: 1,
  tradeId: `t${nextId}`,
  symbol: 'BTC/USDT:USDT',
  side,
  price,
  amount: '1',
  fee,
  feeAsset,
  liquidity: 'taker',
  realizedPnl,
  ts,
})
const market = { accountId: 1, symbol: 'BTC/USDT:USDT' }

describe('a bot’s circuit breaker', () => {
  it('stops the bot once the day’s realized loss, fees included, reaches its limit, counting today’s earlier fills', () => {
    const breaker = new BotBreaker({ maxDailyLoss: '50' }, market, [fill('buy', '0', '2', DAY - 1), fill('sell', '-20', '2')])
    // Yesterday's fill does not count; today: -22 so far.
    expect(breaker.onFill(fill('buy', '0', '2'), 'long')).toBeUndefined()
    expect(breaker.onFill(fill('sell', '-24', '2'), undefined)).toBe('Stopped by the bot’s circuit breaker: it lost 50 USDT today (its limit is 50). Its position and orders stay.')
    // A new UTC day starts from nothing.
    expect(new BotBreaker({ maxDailyLoss: '50' }, market, []).onFill(fill('sell', '-10', '1', DAY + 86_400_000), undefined)).toBeUndefined()
  })

  it('values a fee paid in the base currency at the fill’s price', () => {
    const breaker = new BotBreaker({ maxDailyLoss: '10' }, { accountId: 1, symbol: 'BTC/USDT' }, [])
    expect(breaker.onFill(fill('buy', '0', '0.1', DAY, 'BTC', '100'), 'long')).toMatch(/lost 10 USDT today/)
  })

  it('counts losing trades in a row: a close to flat or a turn to the other side ends a trade, a win starts again', () => {
    const breaker = new BotBreaker({ maxConsecutiveLosses: 2 }, market, [])
    expect(breaker.onFill(fill('buy', '0', '0'), 'long')).toBeUndefined()
    // A partial close is not the end of the trade.
    expect(breaker.onFill(fill('sell', '-5', '0'), 'long')).toBeUndefined()
    // The turn to short ends it: one loss.
    expect(breaker.onFill(fill('sell', '-5', '0'), 'short')).toBeUndefined()
    // A winning trade resets the count.
    expect(breaker.onFill(fill('buy', '30', '0'), undefined)).toBeUndefined()
    expect(breaker.onFill(fill('buy', '0', '0'), 'long')).toBeUndefined()
    expect(breaker.onFill(fill('sell', '-1', '0'), undefined)).toBeUndefined()
    expect(breaker.onFill(fill('sell', '0', '0'), 'short')).toBeUndefined()
    expect(breaker.onFill(fill('buy', '-1', '0'), undefined)).toBe('Stopped by the bot’s circuit breaker: 2 losing trades in a row (its limit is 2).')
  })
})
