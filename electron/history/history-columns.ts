import type { HistoryFilter } from '../../shared/domain/history'
import type { ClosedTradeOutcome, HourlyFlow } from '../../shared/trading/analytics'
import type { Atoms } from '../../shared/trading/money'
import type { RoundTripFlow, RoundTripRepo, RoundTripRow } from '../ledger/repos/round-trip-repo'

const HOUR_MS = 3_600_000

/** What one indexing step changed: the trips it touched and the flows it added. */
export interface IndexedBatch {
  trips: readonly RoundTripRow[]
  flows: readonly RoundTripFlow[]
}

export interface AccountFacts {
  id: number
  source: string
  venue: string
}

/**
 * Every round trip and cash flow held in memory, column by column, so that counting what a
 * filter matches and working out its analytics scan arrays instead of joining a million
 * rows in SQLite. Kept current from the indexer's batches; the ledger stays the record.
 * Flows are summed as numbers of atoms and checked to stay exact integers; past that, the
 * caller falls back to SQL.
 */
export class HistoryColumns {
  private readonly indexOf = new Map<number, number>()
  private readonly symbolCodes = new Map<string, number>()
  private readonly symbols: string[] = []
  private readonly id: number[] = []
  private readonly account: number[] = []
  private readonly symbol: number[] = []
  private readonly long: boolean[] = []
  private readonly openedAt: number[] = []
  /** NaN while open. */
  private readonly closedAt: number[] = []
  private readonly netPnl: Atoms[] = []
  private readonly risk: Array<Atoms | undefined> = []
  /** Trip indices in the order they closed; sorted by close time unless `closesSorted` says otherwise. */
  private closes: number[] = []
  private closesSorted = true
  private readonly flowTrip: number[] = []
  private readonly flowTs: number[] = []
  private readonly flowRealized: number[] = []
  private readonly flowFee: number[] = []
  private readonly flowFunding: number[] = []
  private flowsSorted = true
  private sortedFlows: Uint32Array | undefined
  /** False once a flow exceeded what a number holds exactly: analytics then go through SQL. */
  exact = true

  apply(batch: IndexedBatch): void {
    for (const trip of batch.trips) this.upsert(trip)
    for (const flow of batch.flows) this.addFlow(flow)
  }

  /**
   * A per-trip yes/no for a filter. The journal lives in SQL: `journal` carries the trip ids
   * with the filter's tag, and those whose note or tags contain its search text.
   */
  mask(filter: HistoryFilter, accounts: readonly AccountFacts[], journal: { tagged?: ReadonlySet<number>; searched?: ReadonlySet<number> }): Uint8Array {
    const allowedAccounts = this.allowedAccounts(filter, accounts)
    const allowedSymbols = filter.symbols === undefined ? undefined : new Set(filter.symbols.map((s) => this.symbolCodes.get(s) ?? -1))
    const search = filter.search?.trim().toUpperCase()
    const symbolHits = search === undefined || search.length === 0 ? undefined : new Set(this.symbols.flatMap((s, code) => (s.toUpperCase().includes(search) ? [code] : [])))
    const from = filter.from ?? -Infinity
    const to = filter.to ?? Infinity
    const wantLong = filter.side === undefined ? undefined : filter.side === 'long'
    const mask = new Uint8Array(this.id.length)
    for (let i = 0; i < mask.length; i++) {
      if (allowedAccounts !== undefined && !allowedAccounts.has(this.account[i] as number)) continue
      if (allowedSymbols !== undefined && !allowedSymbols.has(this.symbol[i] as number)) continue
      if (wantLong !== undefined && this.long[i] !== wantLong) continue
      const closed = this.closedAt[i] as number
      const sortTs = Number.isNaN(closed) ? (this.openedAt[i] as number) : closed
      if (sortTs < from || sortTs >= to) continue
      if (filter.outcome !== undefined && !this.hasOutcome(i, filter.outcome)) continue
      if (filter.tag !== undefined && !(journal.tagged?.has(this.id[i] as number) ?? false)) continue
      if (symbolHits !== undefined && !symbolHits.has(this.symbol[i] as number) && !(journal.searched?.has(this.id[i] as number) ?? false)) continue
      mask[i] = 1
    }
    return mask
  }

  count(mask: Uint8Array): number {
    let n = 0
    for (const hit of mask) n += hit
    return n
  }

  /** The selected closed trips by close time. */
  closedOutcomes(mask: Uint8Array): ClosedTradeOutcome[] {
    const out: ClosedTradeOutcome[] = []
    for (const i of this.closeOrder()) {
      if (mask[i] !== 1) continue
      const trade: ClosedTradeOutcome = { symbol: this.symbols[this.symbol[i] as number] as string, openedAt: this.openedAt[i] as number, closedAt: this.closedAt[i] as number, netPnl: this.netPnl[i] as Atoms }
      const risk = this.risk[i]
      if (risk !== undefined) trade.risk = risk
      out.push(trade)
    }
    return out
  }

  exposures(mask: Uint8Array, now: number): { intervals: Array<{ from: number; to: number }>; open: number } {
    const intervals: Array<{ from: number; to: number }> = []
    let open = 0
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== 1) continue
      const from = this.openedAt[i] as number
      const closed = this.closedAt[i] as number
      if (Number.isNaN(closed)) open += 1
      intervals.push({ from, to: Number.isNaN(closed) ? Math.max(now, from) : closed })
    }
    return { intervals, open }
  }

  /** The selected trips' flows within [from, to), summed per UTC hour. */
  hourlyFlows(mask: Uint8Array, from = -Infinity, to = Infinity): HourlyFlow[] {
    const order = this.flowsSorted ? undefined : this.flowOrder()
    const out: HourlyFlow[] = []
    let hour = Number.NaN
    let realized = 0
    let fees = 0
    let funding = 0
    // Every partial sum is at most this in size: below 2^53 they were all exact.
    let magnitude = 0
    const close = (): void => {
      if (Number.isNaN(hour)) return
      if (magnitude > Number.MAX_SAFE_INTEGER) this.exact = false
      out.push({ hour, realized: BigInt(realized), fees: BigInt(fees), funding: BigInt(funding) })
    }
    // Flows are kept in time order (sorted once if an import added older ones), so each hour is one run.
    for (let k = 0; k < this.flowTs.length; k++) {
      const f = order === undefined ? k : (order[k] as number)
      if (mask[this.flowTrip[f] as number] !== 1) continue
      const ts = this.flowTs[f] as number
      if (ts < from || ts >= to) continue
      const flowHour = ts - (ts % HOUR_MS)
      if (flowHour !== hour) {
        close()
        hour = flowHour
        realized = fees = funding = magnitude = 0
      }
      const r = this.flowRealized[f] as number
      const fee = this.flowFee[f] as number
      const paid = this.flowFunding[f] as number
      realized += r
      fees += fee
      funding += paid
      magnitude += Math.abs(r) + Math.abs(fee) + Math.abs(paid)
    }
    close()
    return out
  }

  /** Flow indices by time, worked out once after flows arrived out of order. */
  private flowOrder(): Uint32Array {
    this.sortedFlows ??= Uint32Array.from(this.flowTs.keys()).sort((a, b) => (this.flowTs[a] as number) - (this.flowTs[b] as number))
    return this.sortedFlows
  }

  private allowedAccounts(filter: HistoryFilter, accounts: readonly AccountFacts[]): Set<number> | undefined {
    if (filter.accountIds === undefined && filter.venues === undefined && filter.sources === undefined) return undefined
    return new Set(
      accounts
        .filter((a) => filter.accountIds?.includes(a.id) ?? true)
        .filter((a) => filter.venues?.includes(a.venue) ?? true)
        .filter((a) => filter.sources?.includes(a.source as 'paper') ?? true)
        .map((a) => a.id),
    )
  }

  private hasOutcome(i: number, outcome: 'win' | 'loss' | 'open'): boolean {
    if (outcome === 'open') return Number.isNaN(this.closedAt[i] as number)
    if (Number.isNaN(this.closedAt[i] as number)) return false
    return outcome === 'win' ? (this.netPnl[i] as Atoms) > 0n : (this.netPnl[i] as Atoms) < 0n
  }

  private closeOrder(): number[] {
    if (!this.closesSorted) {
      this.closes = [...this.closes].sort((a, b) => (this.closedAt[a] as number) - (this.closedAt[b] as number) || (this.id[a] as number) - (this.id[b] as number))
      this.closesSorted = true
    }
    return this.closes
  }

  private upsert(trip: RoundTripRow): void {
    const closedAt = trip.closedAt ?? Number.NaN
    const netPnl = trip.grossPnl - trip.fees - trip.funding
    const i = this.indexOf.get(trip.id)
    if (i === undefined) return this.add(trip.id, trip.accountId, trip.symbol, trip.side === 'long', trip.openedAt, closedAt, netPnl, trip.risk)
    const wasOpen = Number.isNaN(this.closedAt[i] as number)
    this.closedAt[i] = closedAt
    this.netPnl[i] = netPnl
    this.risk[i] = trip.risk
    if (wasOpen && !Number.isNaN(closedAt)) this.closed(i)
  }

  /** A new trip; pushed, never assigned past the end, so the arrays stay packed (fast). */
  private add(id: number, accountId: number, symbol: string, long: boolean, openedAt: number, closedAt: number, netPnl: Atoms | number, risk: Atoms | number | null | undefined): void {
    if (typeof netPnl === 'number' && !Number.isSafeInteger(netPnl)) this.exact = false
    const i = this.id.length
    this.indexOf.set(id, i)
    this.id.push(id)
    this.account.push(accountId)
    this.symbol.push(this.codeOf(symbol))
    this.long.push(long)
    this.openedAt.push(openedAt)
    this.closedAt.push(closedAt)
    this.netPnl.push(BigInt(netPnl))
    this.risk.push(risk === null || risk === undefined ? undefined : BigInt(risk))
    if (!Number.isNaN(closedAt)) this.closed(i)
  }

  private closed(i: number): void {
    const last = this.closes.at(-1)
    if (last !== undefined && (this.closedAt[last] as number) > (this.closedAt[i] as number)) this.closesSorted = false
    this.closes.push(i)
  }

  private addFlow(flow: RoundTripFlow): void {
    this.push(flow.roundTripId, flow.ts, Number(flow.realized), Number(flow.fee), Number(flow.funding))
  }

  private push(tripId: number, ts: number, realized: number, fee: number, funding: number): void {
    const trip = this.indexOf.get(tripId)
    if (trip === undefined) return
    if (!Number.isSafeInteger(realized) || !Number.isSafeInteger(fee) || !Number.isSafeInteger(funding)) this.exact = false
    const last = this.flowTs.at(-1)
    if (last !== undefined && last > ts) this.flowsSorted = false
    this.sortedFlows = undefined
    this.flowTrip.push(trip)
    this.flowTs.push(ts)
    this.flowRealized.push(realized)
    this.flowFee.push(fee)
    this.flowFunding.push(funding)
  }

  private codeOf(symbol: string): number {
    let code = this.symbolCodes.get(symbol)
    if (code === undefined) {
      code = this.symbols.length
      this.symbols.push(symbol)
      this.symbolCodes.set(symbol, code)
    }
    return code
  }

  /** Loads what the index holds (once, when the history is first asked for). */
  static load(trips: RoundTripRepo): HistoryColumns {
    const columns = new HistoryColumns()
    trips.eachTrip(([id, accountId, symbol, side, openedAt, closedAt, netPnl, risk]) =>
      columns.add(id, accountId, symbol, side === 'long', openedAt, closedAt ?? Number.NaN, netPnl, risk),
    )
    trips.eachFlow(([trip, ts, realized, fee, funding]) => columns.push(trip, ts, realized, fee, funding))
    return columns
  }
}
