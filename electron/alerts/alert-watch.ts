import type { Alert, AlertCondition } from '../../shared/domain/alerts'
import type { Tick } from '../../shared/domain/market'
import type { AccountBalance, BalanceSnapshot, Position } from '../../shared/domain/trading'

/** What account alerts read of an account now. */
export interface AccountReader {
  balance(accountId: number): AccountBalance
  history(accountId: number): BalanceSnapshot[]
  positions(accountId: number): Position[]
}

/** Percent-move windows are sampled at most this often per market (market time). */
const SAMPLE_MS = 1_000

type MarketCondition = Extract<AlertCondition, { symbol: string }>
type AccountCondition = Extract<AlertCondition, { accountId: number }>

const pct = (value: number) => `${value.toFixed(2)} %`

/**
 * Decides when alerts fire: price crossings and percent moves on every tick (market time),
 * account conditions when asked (a timer). A condition that stays met fires once; it can
 * fire again (a rearm alert) only after it has cleared.
 */
export class AlertWatch {
  private readonly last = new Map<string, number>()
  private readonly samples = new Map<string, Array<{ ts: number; price: number }>>()
  /** Alerts whose condition is met and has fired, until it clears. */
  private readonly latched = new Set<number>()
  private alerts: Alert[] = []

  constructor(private readonly fire: (alert: Alert, message: string) => void) {}

  /** The alerts to watch (the active ones). */
  watch(alerts: readonly Alert[]): void {
    this.alerts = alerts.filter((a) => a.status === 'active')
    for (const id of this.latched) if (!this.alerts.some((a) => a.id === id)) this.latched.delete(id)
  }

  onTicks(ticks: readonly Tick[]): void {
    for (const tick of ticks) {
      const previous = this.last.get(tick.symbol)
      this.last.set(tick.symbol, tick.last)
      const sampled = this.sample(tick)
      for (const alert of this.alerts) {
        const condition = alert.condition
        if (!('symbol' in condition) || condition.symbol !== tick.symbol) continue
        if (condition.kind === 'percent_move' && !sampled) continue
        this.decide(alert, this.marketMessage(condition, previous, tick))
      }
    }
  }

  /** Checks the account alerts against the accounts now. */
  checkAccounts(accounts: AccountReader): void {
    for (const alert of this.alerts) {
      if (!('accountId' in alert.condition)) continue
      let message: string | undefined
      try {
        message = accountMessage(alert.condition, accounts)
      } catch {
        message = undefined // an account that is gone meets nothing
      }
      this.decide(alert, message)
    }
  }

  private decide(alert: Alert, message: string | undefined): void {
    if (message === undefined) {
      this.latched.delete(alert.id)
      return
    }
    if (this.latched.has(alert.id)) return
    this.latched.add(alert.id)
    this.fire(alert, message)
  }

  /** Keeps one price a second for markets some percent-move alert watches; true when this tick was kept. */
  private sample(tick: Tick): boolean {
    const longest = Math.max(0, ...this.alerts.map((a) => (a.condition.kind === 'percent_move' && a.condition.symbol === tick.symbol ? a.condition.minutes : 0)))
    if (longest === 0) return false
    const kept = this.samples.get(tick.symbol) ?? []
    const newest = kept[kept.length - 1]
    if (newest !== undefined && tick.ts - newest.ts < SAMPLE_MS) return false
    kept.push({ ts: tick.ts, price: tick.last })
    while (kept.length > 0 && (kept[0] as { ts: number }).ts < tick.ts - longest * 60_000) kept.shift()
    this.samples.set(tick.symbol, kept)
    return true
  }

  private marketMessage(condition: MarketCondition, previous: number | undefined, tick: Tick): string | undefined {
    const price = tick.last
    switch (condition.kind) {
      case 'price_above': {
        const level = Number(condition.price)
        return previous !== undefined && previous < level && price >= level ? `${condition.symbol} crossed above ${condition.price}: last ${price}` : undefined
      }
      case 'price_below': {
        const level = Number(condition.price)
        return previous !== undefined && previous > level && price <= level ? `${condition.symbol} crossed below ${condition.price}: last ${price}` : undefined
      }
      case 'percent_move': {
        const since = tick.ts - condition.minutes * 60_000
        const window = (this.samples.get(condition.symbol) ?? []).filter((s) => s.ts >= since)
        const low = Math.min(...window.map((s) => s.price))
        const high = Math.max(...window.map((s) => s.price))
        const up = ((price - low) / low) * 100
        const down = ((high - price) / high) * 100
        const limit = Number(condition.percent)
        if (up >= limit) return `${condition.symbol} rose ${pct(up)} within ${condition.minutes} min: ${low} → ${price}`
        if (down >= limit) return `${condition.symbol} fell ${pct(down)} within ${condition.minutes} min: ${high} → ${price}`
        return undefined
      }
    }
  }
}

function accountMessage(condition: AccountCondition, accounts: AccountReader): string | undefined {
  const limit = Number(condition.percent)
  const balance = accounts.balance(condition.accountId)
  const equity = Number(balance.equity)
  switch (condition.kind) {
    case 'drawdown': {
      const peak = Math.max(equity, ...accounts.history(condition.accountId).map((s) => Number(s.equity)))
      const drawdown = peak > 0 ? ((peak - equity) / peak) * 100 : 0
      return drawdown >= limit ? `Drawdown ${pct(drawdown)}: equity ${balance.equity} ${balance.asset}, ${pct(drawdown)} below its high of ${peak}` : undefined
    }
    case 'margin_usage': {
      const usage = equity > 0 ? (Number(balance.marginUsed) / equity) * 100 : 0
      return usage >= limit ? `Margin usage ${pct(usage)}: ${balance.marginUsed} of ${balance.equity} ${balance.asset} equity is held as margin` : undefined
    }
    case 'liquidation_distance': {
      for (const position of accounts.positions(condition.accountId)) {
        if (position.liquidationPrice === undefined) continue
        const mark = Number(position.markPrice)
        const distance = (Math.abs(mark - Number(position.liquidationPrice)) / mark) * 100
        if (distance <= limit) return `${position.side} ${position.symbol} is ${pct(distance)} from liquidation: mark ${position.markPrice}, liquidation ${position.liquidationPrice}`
      }
      return undefined
    }
  }
}
