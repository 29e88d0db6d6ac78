import { describe, expect, it } from 'vitest'
import { paperHarness } from '../../support/paper'
import { useTempDirs } from '../../support/temp-dir'

const tempDir = useTempDirs()
const TABLES = ['accounts', 'orders', 'order_events', 'fills', 'positions', 'position_history', 'ledger_transactions', 'ledger_entries', 'balances', 'journal']

function runScript(dir: string): string {
  const h = paperHarness(dir)
  const a = h.exchange.createAccount({ name: 'A', maxLeverage: 50 }).id
  const b = h.exchange.createAccount({ name: 'B', startingBalance: '777.7' }).id
  const prices = [60_000, 60_120.5, 59_870.1, 59_500, 61_000, 58_000, 57_100.3, 62_000]
  h.tick('BTC/USDT:USDT', prices[0]!)
  h.exchange.placeOrder({ accountId: a, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'market', amount: '0.2', leverage: 25 })
  h.exchange.placeOrder({ accountId: a, symbol: 'BTC/USDT:USDT', side: 'sell', type: 'limit', amount: '0.1', price: '60500' })
  h.exchange.placeOrder({ accountId: b, symbol: 'BTC/USDT:USDT', side: 'sell', type: 'market', amount: '0.01' })
  h.exchange.placeOrder({ accountId: b, symbol: 'BTC/USDT:USDT', side: 'buy', type: 'stop_market', amount: '0.01', triggerPrice: '61500', reduceOnly: true })
  for (const price of prices.slice(1)) h.tick('BTC/USDT:USDT', price, { volume: 0.05 })
  h.exchange.resetAccount(a)
  const dump = TABLES.map((t) => `${t}: ${JSON.stringify(h.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())}`).join('\n')
  h.close()
  return dump
}

describe('the engine is deterministic', () => {
  it('the same inputs give the same ledger, row for row', () => {
    const first = runScript(tempDir())
    expect(first).toContain('liquidation') // the script does liquidate account A at 25x
    expect(runScript(tempDir())).toBe(first)
  })
})
