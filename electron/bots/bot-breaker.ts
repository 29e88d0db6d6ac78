import type { BotRisk } from '../../shared/domain/bots'
import type { Fill } from '../../shared/domain/trading'
import { atoms, formatAtoms, mul, type Atoms } from '../../shared/trading/money'

const DAY_MS = 24 * 60 * 60 * 1000

/** A fill's realized P&L less its fee, in the quote currency (a fee in the base is valued at the fill's price). */
function netOf(fill: Fill, quote: string): Atoms {
  const fee = fill.feeAsset === quote ? atoms(fill.fee) : mul(atoms(fill.fee), atoms(fill.price))
  return atoms(fill.realizedPnl) - fee
}

/**
 * A bot's own circuit breaker on its market's fills: the realized loss in a UTC day (fees
 * included) and the losing trades in a row.
 * It says why it trips; the bot service stops the bot with that reason.
 */
export class BotBreaker {
  private day = Number.NaN
  private dayNet: Atoms = 0n
  private tradeNet: Atoms = 0n
  private losses = 0

  private readonly quote: string

  /** `today` are the market's fills of the current UTC day before the bot (re)started, oldest first. */
  constructor(
    private readonly risk: BotRisk,
    readonly market: { accountId: number; symbol: string },
    today: readonly Fill[],
  ) {
    // The quote currency of a ccxt symbol ("BTC/USDT:USDT" → "USDT").
    this.quote = market.symbol.split('/')[1]?.split(':')[0] ?? market.symbol
    for (const fill of today) this.count(fill)
  }

  /** Whether a fill is in the bot's market. */
  watches(fill: Fill): boolean {
    return fill.accountId === this.market.accountId && fill.symbol === this.market.symbol
  }

  /**
   * Takes a fill of the bot's market with the side the position has after it (none when
   * flat). A trade ends when the position goes flat, or turns: a fill that realized P&L and
   * left the position on its own side (a sell leaving a short). Returns why the bot must
   * stop, if it must.
   */
  onFill(fill: Fill, after: 'long' | 'short' | undefined): string | undefined {
    this.count(fill)
    this.tradeNet += netOf(fill, this.quote)
    const turned = atoms(fill.realizedPnl) !== 0n && after === (fill.side === 'sell' ? 'short' : 'long')
    if (after === undefined || turned) {
      this.losses = this.tradeNet < 0n ? this.losses + 1 : 0
      this.tradeNet = 0n
    }
    const { maxDailyLoss, maxConsecutiveLosses } = this.risk
    if (maxDailyLoss !== undefined && -this.dayNet >= atoms(maxDailyLoss)) {
      return `Stopped by the bot’s circuit breaker: it lost ${formatAtoms(-this.dayNet)} ${this.quote} today (its limit is ${maxDailyLoss}). Its position and orders stay.`
    }
    if (maxConsecutiveLosses !== undefined && this.losses >= maxConsecutiveLosses) {
      return `Stopped by the bot’s circuit breaker: ${this.losses} losing trade${this.losses === 1 ? '' : 's'} in a row (its limit is ${maxConsecutiveLosses}).`
    }
    return undefined
  }

  private count(fill: Fill): void {
    const day = Math.floor(fill.ts / DAY_MS)
    if (day !== this.day) {
      this.day = day
      this.dayNet = 0n
    }
    this.dayNet += netOf(fill, this.quote)
  }
}
