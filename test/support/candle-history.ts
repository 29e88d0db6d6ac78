import { join } from 'node:path'
import Database from 'better-sqlite3'

/**
 * Gives a stopped host's ledger `total` one-minute candles of `symbol` (simulator): the
 * week a fresh ledger holds, extended backwards by a random walk from its oldest candle.
 * A host started on it then serves that much history (for the chart's 100,000-candle load).
 */
export function seedMinuteHistory(dataDir: string, symbol: string, total: number): number {
  const db = new Database(join(dataDir, 'ledger.sqlite'))
  try {
    const key = ['simulator', symbol, '1m'] as const
    const { n, first } = db
      .prepare<[string, string, string], { n: number; first: number }>('SELECT COUNT(*) AS n, MIN(open_time) AS first FROM candles WHERE source = ? AND symbol = ? AND timeframe = ?')
      .get(...key) as { n: number; first: number }
    const oldest = db
      .prepare<[string, string, string, number], { open: number }>('SELECT open FROM candles WHERE source = ? AND symbol = ? AND timeframe = ? AND open_time = ?')
      .get(...key, first) as { open: number }
    const insert = db.prepare(
      'INSERT INTO candles (source, symbol, timeframe, open_time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    const missing = total - n
    let close = oldest.open
    let seed = 42
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
      return seed / 2_147_483_648
    }
    const cents = (v: number): number => Math.round(v * 100) / 100
    db.transaction(() => {
      for (let i = 1; i <= missing; i++) {
        const open = cents(close * (1 + (random() - 0.5) * 0.002))
        const high = cents(Math.max(open, close) * (1 + random() * 0.0008))
        const low = cents(Math.min(open, close) * (1 - random() * 0.0008))
        insert.run(...key, first - i * 60_000, open, high, low, close, Math.round(random() * 5_000) / 1_000)
        close = open
      }
    })()
    return Math.max(missing, 0)
  } finally {
    db.close()
  }
}
