import type { Account, SizingMethod } from '../../../shared/domain/trading'
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
  status: 'active' | 'archived'
  createdAt: number
}

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
  status: 'active' | 'archived'
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
  status: r.status,
  createdAt: Number(r.created_at),
})

export const toAccount = ({ defaultStopLoss, defaultTakeProfit, ...a }: AccountRow): Account => ({
  ...a,
  startingBalance: formatAtoms(a.startingBalance),
  sizingValue: formatAtoms(a.sizingValue),
  ...(defaultStopLoss === undefined ? {} : { defaultStopLoss: formatAtoms(defaultStopLoss) }),
  ...(defaultTakeProfit === undefined ? {} : { defaultTakeProfit: formatAtoms(defaultTakeProfit) }),
})

export class AccountRepo {
  private readonly insertStmt
  private readonly allStmt
  private readonly byIdStmt
  private readonly activeNameStmt
  private readonly renameStmt
  private readonly statusStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO accounts (name, quote, starting_balance, max_leverage, max_open_positions, sizing_method, sizing_value,
         default_stop_loss, default_take_profit, status, created_at, updated_at)
       VALUES (@name, @quote, @startingBalance, @maxLeverage, @maxOpenPositions, @sizingMethod, @sizingValue,
         @defaultStopLoss, @defaultTakeProfit, 'active', @createdAt, @createdAt)`,
    )
    this.allStmt = db.prepare('SELECT * FROM accounts ORDER BY id').safeIntegers(true)
    this.byIdStmt = db.prepare('SELECT * FROM accounts WHERE id = ?').safeIntegers(true)
    this.activeNameStmt = db.prepare("SELECT id FROM accounts WHERE status = 'active' AND name = ?")
    this.renameStmt = db.prepare('UPDATE accounts SET name = ?, updated_at = ? WHERE id = ?')
    this.statusStmt = db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?')
  }

  insert(a: Omit<AccountRow, 'id' | 'status'>): number {
    const info = this.insertStmt.run({ ...a, defaultStopLoss: a.defaultStopLoss ?? null, defaultTakeProfit: a.defaultTakeProfit ?? null })
    return Number(info.lastInsertRowid)
  }

  all(): AccountRow[] {
    return (this.allStmt.all() as Raw[]).map(fromRaw)
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
}
