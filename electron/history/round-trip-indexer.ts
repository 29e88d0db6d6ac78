import { averageEntryPrice, notional, realizedPnl } from '../../shared/trading/margin'
import { abs, divRound, type Atoms } from '../../shared/trading/money'
import type { Db } from '../ledger/db'
import { MetaRepo } from '../ledger/repos/meta-repo'
import { RoundTripRepo, type AdjustmentToIndex, type FillToIndex, type RoundTripFlow, type RoundTripRow } from '../ledger/repos/round-trip-repo'
import type { IndexedBatch } from './history-columns'

const FILL_MARK = 'history.indexedFill'
const ADJUSTMENT_MARK = 'history.indexedTransaction'
/** Fills folded per SQLite transaction: large enough to be fast, small enough not to stall the engine. */
const CHUNK = 20_000

const key = (accountId: number, symbol: string): string => `${accountId}\u0000${symbol}`

/**
 * Folds the ledger's fills, funding and liquidation clearances into round-trip trades,
 * incrementally: it remembers how far it got, so catching up costs only what is new. The
 * engine's hot path never waits for it. P&L is worked out the way the engine settles a
 * position (average entry, realized on reduce, a flip's fee split by amount), so a paper
 * perpetual's trades add up to exactly its fills' realized P&L; spot and imported fills
 * get the same treatment.
 */
export class RoundTripIndexer {
  private readonly trips: RoundTripRepo
  private readonly meta: MetaRepo
  /** The latest trip per account and symbol that this indexer has seen (open or not). */
  private readonly latest = new Map<string, RoundTripRow>()
  private readonly dirty = new Map<number, RoundTripRow>()
  private flows: RoundTripFlow[] = []
  /** Hears what each committed step changed (the in-memory columns follow it). */
  onBatch: ((batch: IndexedBatch) => void) | undefined

  constructor(private readonly db: Db) {
    this.trips = new RoundTripRepo(db)
    this.meta = new MetaRepo(db)
    for (const trip of this.trips.openTrips()) this.latest.set(key(trip.accountId, trip.symbol), trip)
  }

  /** Indexes one chunk; returns how many fills it folded (0 once up to date). */
  step(): number {
    let folded: number
    try {
      folded = this.commitStep()
    } catch (error) {
      // Rolled back: forget what this step folded in memory, and start again from the index.
      this.dirty.clear()
      this.flows = []
      this.latest.clear()
      for (const trip of this.trips.openTrips()) this.latest.set(key(trip.accountId, trip.symbol), trip)
      throw error
    }
    if (this.flows.length > 0 || this.dirty.size > 0) this.onBatch?.({ trips: [...this.dirty.values()].map((t) => ({ ...t })), flows: this.flows })
    this.dirty.clear()
    this.flows = []
    return folded
  }

  private commitStep(): number {
    // IMMEDIATE: a step reads before it writes, and a deferred read could not wait for the
    // background checkpointer's lock when it turns into a write (SQLite answers BUSY at once).
    return this.db.transaction(() => {
      const fillMark = Number(this.meta.get(FILL_MARK) ?? 0)
      const txMark = Number(this.meta.get(ADJUSTMENT_MARK) ?? 0)
      const fills = this.trips.fillsAfter(fillMark, CHUNK)
      // While more fills wait, take funding only up to the last engine fill read, so it meets the
      // right trip. (Imported fills carry the exchange's old times, not the engine's clock.)
      const lastEngineFill = fills.findLast((f) => !f.imported)
      const until = fills.length < CHUNK ? Number.MAX_SAFE_INTEGER : (lastEngineFill?.ts ?? Number.MIN_SAFE_INTEGER)
      const adjustments = this.trips.adjustmentsAfter(txMark, until)
      if (fills.length === 0 && adjustments.length === 0) return 0
      this.fold(fills, adjustments)
      for (const trip of this.dirty.values()) this.trips.save(trip)
      if (fills.length > 0) this.meta.set(FILL_MARK, String(fills.at(-1)?.id))
      if (adjustments.length > 0) this.meta.set(ADJUSTMENT_MARK, String(adjustments.at(-1)?.id))
      return Math.max(fills.length, 1)
    }).immediate()
  }

  /**
   * Folds one account's trips again from its fills in time order: after an import brought
   * fills older than ones already indexed (trip ids stay the opening fills' ids).
   */
  refold(accountId: number): void {
    this.catchUp()
    this.db.transaction(() => {
      this.trips.forgetAccount(accountId)
      for (const k of this.latest.keys()) if (k.startsWith(`${accountId}\u0000`)) this.latest.delete(k)
      for (const fill of this.trips.accountFills(accountId)) this.fillOne(fill)
      for (const trip of this.dirty.values()) this.trips.save(trip)
    })()
    this.dirty.clear()
    this.flows = []
  }

  /** Indexes everything booked so far. */
  catchUp(): void {
    while (this.step() > 0) {
      // Each step commits on its own.
    }
  }

  /** Merges both streams by time; funding at a fill's instant was settled before that tick's fills. */
  private fold(fills: FillToIndex[], adjustments: AdjustmentToIndex[]): void {
    let a = 0
    for (const fill of fills) {
      // Imported accounts pay no funding: their fills' times say nothing of the engine's order.
      while (!fill.imported && a < adjustments.length && this.comesFirst(adjustments[a] as AdjustmentToIndex, fill)) this.adjust(adjustments[a++] as AdjustmentToIndex)
      this.fillOne(fill)
    }
    while (a < adjustments.length) this.adjust(adjustments[a++] as AdjustmentToIndex)
  }

  private comesFirst(adjustment: AdjustmentToIndex, fill: FillToIndex): boolean {
    return adjustment.ts < fill.ts || (adjustment.ts === fill.ts && adjustment.kind === 'funding')
  }

  private fillOne(raw: FillToIndex): void {
    const fill = raw.feeAsset === quoteOf(raw.symbol) ? raw : { ...raw, fee: 0n }
    const k = key(fill.accountId, fill.symbol)
    const current = this.latest.get(k)
    const open = current !== undefined && current.closedAt === undefined ? current : undefined
    const direction = fill.side === 'buy' ? 'long' : 'short'
    if (open === undefined) return this.open(fill, fill.amount, fill.fee)
    if (open.side === direction) {
      open.entryPrice = averageEntryPrice(open.amount, open.entryPrice, fill.amount, fill.price)
      open.amount += fill.amount
      open.entryAmount += fill.amount
      if (open.amount > open.maxAmount) open.maxAmount = open.amount
      open.risk = riskOf(open)
      return this.book(open, fill, fill.amount, 0n, fill.fee)
    }
    const closing = fill.amount < open.amount ? fill.amount : open.amount
    const realized = realizedPnl(open.side, open.entryPrice, fill.price, closing)
    const remaining = fill.amount - closing
    // As the engine splits a flip's fee: the closed trade's share rounds down, the new one gets the rest.
    const closedFee = remaining === 0n ? fill.fee : divRound(fill.fee * closing, fill.amount, 'down')
    open.amount -= closing
    open.exitAmount += closing
    open.exitNotional += notional(fill.price, closing)
    open.grossPnl += realized
    if (open.amount === 0n) open.closedAt = fill.ts
    this.book(open, fill, closing, realized, closedFee)
    if (remaining > 0n) this.open(fill, remaining, fill.fee - closedFee)
  }

  private open(fill: FillToIndex, amount: Atoms, fee: Atoms): void {
    const trip: RoundTripRow = {
      id: fill.id,
      accountId: fill.accountId,
      symbol: fill.symbol,
      side: fill.side === 'buy' ? 'long' : 'short',
      openedAt: fill.ts,
      closedAt: undefined,
      amount,
      maxAmount: amount,
      entryPrice: fill.price,
      entryAmount: amount,
      exitAmount: 0n,
      exitNotional: 0n,
      grossPnl: 0n,
      fees: 0n,
      funding: 0n,
      initialStop: fill.stopLoss,
      risk: undefined,
      fillCount: 0,
    }
    trip.risk = riskOf(trip)
    this.latest.set(key(fill.accountId, fill.symbol), trip)
    this.book(trip, fill, amount, 0n, fee)
  }

  private book(trip: RoundTripRow, fill: FillToIndex, amount: Atoms, realized: Atoms, fee: Atoms): void {
    trip.fees += fee
    trip.fillCount += 1
    this.dirty.set(trip.id, trip)
    this.addFlow({ roundTripId: trip.id, ts: fill.ts, fillId: fill.id, txId: undefined, amount, realized, fee, funding: 0n })
  }

  /** Funding and clearance belong to the position they were charged to: the open trip, or the one just closed. */
  private adjust(adjustment: AdjustmentToIndex): void {
    const k = key(adjustment.accountId, adjustment.symbol)
    const trip = this.latest.get(k) ?? this.trips.latest(adjustment.accountId, adjustment.symbol)
    if (trip === undefined) return
    this.latest.set(k, trip)
    const funding = adjustment.kind === 'funding' ? adjustment.amount : 0n
    const fee = adjustment.kind === 'funding' ? 0n : adjustment.amount
    trip.funding += funding
    trip.fees += fee
    this.dirty.set(trip.id, trip)
    this.addFlow({ roundTripId: trip.id, ts: adjustment.ts, fillId: undefined, txId: adjustment.id, amount: 0n, realized: 0n, fee, funding })
  }

  private addFlow(flow: RoundTripFlow): void {
    this.trips.addFlow(flow)
    this.flows.push(flow)
  }
}

/** BTC/USDT and BTC/USDT:USDT both settle in USDT. */
const quoteOf = (symbol: string): string => symbol.split(/[/:]/)[1] ?? ''

/** What the trade stood to lose at its initial stop: |entry - stop| x the largest size it reached. */
function riskOf(trip: RoundTripRow): Atoms | undefined {
  const distance = trip.initialStop === undefined ? 0n : abs(trip.entryPrice - trip.initialStop)
  // An average entry can land exactly on the stop: nothing at risk, no R-multiple.
  if (distance === 0n) return undefined
  const risk = notional(distance, trip.maxAmount)
  return risk > 0n ? risk : undefined
}
