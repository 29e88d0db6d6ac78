import type { SignalRecord } from '../../../shared/domain/signals'
import type { Db } from '../db'

/** A channel as the ledger keeps it (its secret is in the OS keychain). */
export interface ChannelRow {
  id: number
  name: string
  accountId: number
  botId: number | undefined
  /** Names the channel's entry in the OS keychain. */
  secretRef: string
  createdAt: number
  secretSetAt: number
}

interface RawChannel {
  id: number
  name: string
  account_id: number
  bot_id: number | null
  secret_ref: string
  created_at: number
  secret_set_at: number
}

interface RawSignal {
  id: number
  channel_id: number
  channel_name: string
  bot_id: number | null
  account_id: number
  received_at: number
  remote: string
  status: SignalRecord['status']
  http_status: number
  reason: string | null
  symbol: string | null
  action: SignalRecord['action'] | null
  intent_id: number | null
  order_id: number | null
}

export type NewSignal = Omit<SignalRecord, 'id' | 'channelName' | 'botId' | 'accountId'>

const toChannel = (row: RawChannel): ChannelRow => ({
  id: row.id,
  name: row.name,
  accountId: row.account_id,
  botId: row.bot_id ?? undefined,
  secretRef: row.secret_ref,
  createdAt: row.created_at,
  secretSetAt: row.secret_set_at,
})

const toSignal = (row: RawSignal): SignalRecord => ({
  id: row.id,
  channelId: row.channel_id,
  channelName: row.channel_name,
  ...(row.bot_id === null ? {} : { botId: row.bot_id }),
  accountId: row.account_id,
  receivedAt: row.received_at,
  from: row.remote,
  status: row.status,
  httpStatus: row.http_status,
  ...(row.reason === null ? {} : { reason: row.reason }),
  ...(row.symbol === null ? {} : { symbol: row.symbol }),
  ...(row.action === null ? {} : { action: row.action }),
  ...(row.intent_id === null ? {} : { intentId: row.intent_id }),
  ...(row.order_id === null ? {} : { orderId: row.order_id }),
})

const SIGNAL_SELECT = `SELECT s.*, c.name AS channel_name, c.bot_id, c.account_id FROM signals s JOIN signal_channels c ON c.id = s.channel_id`

export interface SignalFilter {
  channelId?: number | undefined
  botId?: number | undefined
  accountId?: number | undefined
}

/** Signal channels and the signals received on them. */
export class SignalRepo {
  private readonly insertChannelStmt
  private readonly channelStmt
  private readonly channelsStmt
  private readonly botChannelsStmt
  private readonly rotateStmt
  private readonly deleteChannelStmt
  private readonly insertSignalStmt
  private readonly listStmt
  private readonly signalStmt

  constructor(db: Db) {
    this.insertChannelStmt = db.prepare(
      `INSERT INTO signal_channels (name, account_id, bot_id, secret_ref, created_at, secret_set_at)
       VALUES (@name, @accountId, @botId, @secretRef, @createdAt, @createdAt)`,
    )
    this.channelStmt = db.prepare<[number], RawChannel>('SELECT * FROM signal_channels WHERE id = ? AND deleted_at IS NULL')
    this.channelsStmt = db.prepare<[], RawChannel>('SELECT * FROM signal_channels WHERE deleted_at IS NULL ORDER BY id')
    this.botChannelsStmt = db.prepare<[number], RawChannel>('SELECT * FROM signal_channels WHERE bot_id = ? AND deleted_at IS NULL')
    this.rotateStmt = db.prepare('UPDATE signal_channels SET secret_set_at = ? WHERE id = ?')
    this.deleteChannelStmt = db.prepare('UPDATE signal_channels SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
    this.insertSignalStmt = db.prepare(
      `INSERT INTO signals (channel_id, received_at, remote, status, http_status, reason, symbol, action, intent_id, order_id)
       VALUES (@channelId, @receivedAt, @from, @status, @httpStatus, @reason, @symbol, @action, @intentId, @orderId)`,
    )
    this.listStmt = db.prepare<[{ channelId: number | null; botId: number | null; accountId: number | null; limit: number }], RawSignal>(
      `${SIGNAL_SELECT}
       WHERE (@channelId IS NULL OR s.channel_id = @channelId) AND (@botId IS NULL OR c.bot_id = @botId) AND (@accountId IS NULL OR c.account_id = @accountId)
       ORDER BY s.id DESC LIMIT @limit`,
    )
    this.signalStmt = db.prepare<[number], RawSignal>(`${SIGNAL_SELECT} WHERE s.id = ?`)
  }

  insertChannel(channel: Omit<ChannelRow, 'id' | 'secretSetAt'>): ChannelRow {
    const id = Number(this.insertChannelStmt.run({ ...channel, botId: channel.botId ?? null }).lastInsertRowid)
    return this.channel(id) as ChannelRow
  }

  channel(id: number): ChannelRow | undefined {
    const row = this.channelStmt.get(id)
    return row === undefined ? undefined : toChannel(row)
  }

  channels(): ChannelRow[] {
    return this.channelsStmt.all().map(toChannel)
  }

  botChannels(botId: number): ChannelRow[] {
    return this.botChannelsStmt.all(botId).map(toChannel)
  }

  rotated(id: number, now: number): void {
    this.rotateStmt.run(now, id)
  }

  /** Hides the channel; its signals keep it as theirs. */
  deleteChannel(id: number, now: number): boolean {
    return this.deleteChannelStmt.run(now, id).changes > 0
  }

  record(signal: NewSignal): SignalRecord {
    const id = Number(
      this.insertSignalStmt.run({
        ...signal,
        reason: signal.reason ?? null,
        symbol: signal.symbol ?? null,
        action: signal.action ?? null,
        intentId: signal.intentId ?? null,
        orderId: signal.orderId ?? null,
      }).lastInsertRowid,
    )
    return toSignal(this.signalStmt.get(id) as RawSignal)
  }

  list(filter: SignalFilter, limit: number): SignalRecord[] {
    return this.listStmt.all({ channelId: filter.channelId ?? null, botId: filter.botId ?? null, accountId: filter.accountId ?? null, limit }).map(toSignal)
  }
}
