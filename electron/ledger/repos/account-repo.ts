import type { Account, BreakerMode, SizingMethod } from '../../../shared/domain/trading'
import { formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { Db } from '../db'

export interface AccountRow {
  id: number
  name: string
  quote: string
  startingBalance: Atoms
  maxLeverage: number
  maxOpenPositions: number
  sizingMethod: SizingMethod
  sizingValue: Atoms
  defaultStopLoss: Atoms | undefined
  defaultTakeProfit: Atoms | undefined
  makerFee: Atoms | undefined
  takerFee: Atoms | undefined
  maxPositionNotional: Atoms | undefined
  dailyLossLimit: Atoms | undefined
  maxConsecutiveLosses: number | undefined
  breakerMode: BreakerMode
  halt: { by: 'circuit_breaker' | 'kill_switch'; reason: string; since: number } | undefined
  status: 'active' | 'archived'
  /** Who executes its orders: the paper engine, or an exchange (`venue`) for a live account. */
  source: AccountSource
  venue: string
  createdAt: number
}

export type AccountSource = 'paper' | 'live' | 'imported'

export type RiskSettings = Pick<AccountRow, 'maxPositionNotional' | 'dailyLossLimit' | 'maxConsecutiveLosses' | 'breakerMode'>

interface Raw {
  id: bigint
  name: string
  quote: string
  starting_balance: bigint
  max_leverage: bigint
  max_open_positions: bigint
  sizing_method: SizingMethod
  sizing_value: bigint
  default_stop_loss: bigint | null
  default_take_profit: bigint | null
  maker_fee: bigint | null
  taker_fee: bigint | null
  max_position_notional: bigint | null
  daily_loss_limit: bigint | null
  max_consecutive_losses: bigint | null
  breaker_mode: BreakerMode
  halted_by: 'circuit_breaker' | 'kill_switch' | null
  halt_reason: string | null
  halted_at: bigint | null
  status: 'active' | 'archived'
  source: AccountSource
  venue: string
  created_at: bigint
}

const fromRaw = (r: Raw): AccountRow => ({
  id: Number(r.id),
  name: r.name,
  quote: r.quote,
  startingBalance: r.starting_balance,
  maxLeverage: Number(r.max_leverage),
  maxOpenPositions: Number(r.max_open_positions),
  sizingMethod: r.sizing_method,
  sizingValue: r.sizing_value,
  defaultStopLoss: r.default_stop_loss ?? undefined,
  defaultTakeProfit: r.default_take_profit ?? undefined,
  makerFee: r.maker_fee ?? undefined,
  takerFee: r.taker_fee ?? undefined,
  maxPositionNotional: r.max_position_notional ?? undefined,
  dailyLossLimit: r.daily_loss_limit ?? undefined,
  maxConsecutiveLosses: r.max_consecutive_losses === null ? undefined : Number(r.max_consecutive_losses),
  breakerMode: r.breaker_mode,
  halt: r.halted_by === null ? undefined : { by: r.halted_by, reason: r.halt_reason ?? '', since: Number(r.halted_at) },
  status: r.status,
  source: r.source,
  venue: r.venue,
  createdAt: Number(r.created_at),
})

export const toAccount = (a: AccountRow): Account => ({
  id: a.id,
  name: a.name,
  quote: a.quote,
  startingBalance: formatAtoms(a.startingBalance),
  maxLeverage: a.maxLeverage,
  maxOpenPositions: a.maxOpenPositions,
  sizingMethod: a.sizingMethod,
  sizingValue: formatAtoms(a.sizingValue),
  ...(a.defaultStopLoss === undefined ? {} : { defaultStopLoss: formatAtoms(a.defaultStopLoss) }),
  ...(a.defaultTakeProfit === undefined ? {} : { defaultTakeProfit: formatAtoms(a.defaultTakeProfit) }),
  ...(a.makerFee === undefined ? {} : { makerFee: formatAtoms(a.makerFee) }),
  ...(a.takerFee === undefined ? {} : { takerFee: formatAtoms(a.takerFee) }),
  risk: {
    ...(a.maxPositionNotional === undefined ? {} : { maxPositionNotional: formatAtoms(a.maxPositionNotional) }),
    ...(a.dailyLossLimit === undefined ? {} : { dailyLossLimit: formatAtoms(a.dailyLossLimit) }),
    ...(a.maxConsecutiveLosses === undefined ? {} : { maxConsecutiveLosses: a.maxConsecutiveLosses }),
    breakerMode: a.breakerMode,
  },
  ...(a.halt === undefined ? {} : { halt: a.halt }),
  status: a.status,
  ...(a.source === 'live' ? { live: { venue: a.venue } } : {}),
  createdAt: a.createdAt,
})

export class AccountRepo {
  private readonly insertStmt
  private readonly allStmt
  private readonly byIdStmt
  private readonly activeNameStmt
  private readonly renameStmt
  private readonly statusStmt
  private readonly riskStmt
  private readonly haltStmt
  private readonly riskEventStmt
  private readonly lastResumeStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO accounts (name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value,
         default_stop_loss, default_take_profit, maker_fee, taker_fee, status, source, venue, created_at, updated_at)
       VALUES (@name, @quote, @startingBalance, @maxLeverage, @maxOpenPositions, @sizingMethod, @sizingValue,
         @defaultStopLoss, @defaultTakeProfit, @makerFee, @takerFee, 'active', @source, @venue, @createdAt, @createdAt)`,
    )
    // Imported accounts hold an exchange's history for review: the engine never trades them.
    this.allStmt = db.prepare('SELECT * FROM accounts WHERE source = ? ORDER BY id').safeIntegers(true)
    this.byIdStmt = db.prepare('SELECT * FROM accounts WHERE id = ?').safeIntegers(true)
    this.activeNameStmt = db.prepare("SELECT id FROM accounts WHERE status = 'active' AND name = ?")
    this.renameStmt = db.prepare('UPDATE accounts SET name = ?, updated_at = ? WHERE id = ?')
    this.statusStmt = db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?')
    this.riskStmt = db.prepare(
      `UPDATE accounts SET max_position_notional = @maxPositionNotional, daily_loss_limit = @dailyLossLimit,
         max_consecutive_losses = @maxConsecutiveLosses, breaker_mode = @breakerMode, updated_at = @ts WHERE id = @id`,
    )
    this.haltStmt = db.prepare('UPDATE accounts SET halted_by = ?, halt_reason = ?, halted_at = ?, updated_at = ? WHERE id = ?')
    this.riskEventStmt = db.prepare('INSERT INTO risk_events (account_id, kind, reason, ts) VALUES (?, ?, ?, ?)')
    this.lastResumeStmt = db.prepare("SELECT MAX(ts) AS ts FROM risk_events WHERE account_id = ? AND kind = 'resumed'")
  }

  insert(a: Omit<AccountRow, 'id' | 'status' | 'halt' | 'source' | 'venue' | keyof RiskSettings> & { live?: { venue: string } }): number {
    const { live, ...row } = a
    const info = this.insertStmt.run({
      ...row,
      source: live === undefined ? 'paper' : 'live',
      venue: live?.venue ?? 'paper',
      defaultStopLoss: a.defaultStopLoss ?? null,
      defaultTakeProfit: a.defaultTakeProfit ?? null,
      makerFee: a.makerFee ?? null,
      takerFee: a.takerFee ?? null,
    })
    return Number(info.lastInsertRowid)
  }

  /** The accounts one engine trades: the paper engine's, or the live exchange's. */
  all(source: 'paper' | 'live'): AccountRow[] {
    return (this.allStmt.all(source) as Raw[]).map(fromRaw)
  }

  byId(id: number): AccountRow | undefined {
    const raw = this.byIdStmt.get(id) as Raw | undefined
    return raw === undefined ? undefined : fromRaw(raw)
  }

  activeNameTaken(name: string, exceptId?: number): boolean {
    const row = this.activeNameStmt.get(name) as { id: number } | undefined
    return row !== undefined && row.id !== exceptId
  }

  rename(id: number, name: string, ts: number): void {
    this.renameStmt.run(name, ts, id)
  }

  setStatus(id: number, status: 'active' | 'archived', ts: number): void {
    this.statusStmt.run(status, ts, id)
  }

  setRisk(id: number, risk: RiskSettings, reason: string, ts: number): void {
    this.riskStmt.run({
      id,
      ts,
      maxPositionNotional: risk.maxPositionNotional ?? null,
      dailyLossLimit: risk.dailyLossLimit ?? null,
      maxConsecutiveLosses: risk.maxConsecutiveLosses ?? null,
      breakerMode: risk.breakerMode,
    })
    this.riskEventStmt.run(id, 'limits_changed', reason, ts)
  }

  /** When the trader last lifted a halt (0 if never). */
  lastResumedAt(id: number): number {
    return (this.lastResumeStmt.get(id) as { ts: number | null }).ts ?? 0
  }

  /** Halts (or with `halt` undefined, resumes) trading, recording why. */
  setHalt(id: number, halt: AccountRow['halt'], reason: string, ts: number): void {
    this.haltStmt.run(halt?.by ?? null, halt?.reason ?? null, halt?.since ?? null, ts, id)
    this.riskEventStmt.run(id, halt?.by ?? 'resumed', reason, ts)
  }
}
