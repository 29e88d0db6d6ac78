import { AppError } from '../../shared/contract'
import type { HistoryFilter, HistoryPage, RoundTrip, RoundTripDetail, TradeAnalytics } from '../../shared/domain/history'
import { computeAnalytics } from '../../shared/trading/analytics'
import type { Clock } from '../engine/clock'
import type { Db } from '../ledger/db'
import { HistoryRepo, withoutDates, type TradeSort } from '../ledger/repos/history-repo'
import { RoundTripRepo } from '../ledger/repos/round-trip-repo'
import { HistoryColumns } from './history-columns'
import { RoundTripIndexer } from './round-trip-indexer'

/**
 * The offline trade history: keeps the round-trip index up to date with the ledger and
 * answers the history screen's queries. Reads only the local ledger, never the network.
 */
export class HistoryService {
  private readonly indexer: RoundTripIndexer
  private readonly repo: HistoryRepo
  private readonly tripRepo: RoundTripRepo
  private columnsCache: HistoryColumns | undefined
  private background: NodeJS.Immediate | undefined

  constructor(
    db: Db,
    private readonly clock: Clock,
  ) {
    this.indexer = new RoundTripIndexer(db)
    this.repo = new HistoryRepo(db)
    this.tripRepo = new RoundTripRepo(db)
    this.indexer.onBatch = (batch) => this.columnsCache?.apply(batch)
  }

  /** Indexes what the ledger holds in small steps between other work, so start-up is not held up. */
  indexInBackground(): void {
    const step = (): void => {
      if (this.indexer.step() > 0) this.background = setImmediate(step)
      else {
        // Up to date: load the columns now, so the history screen opens at once.
        this.columns()
        this.background = undefined
      }
    }
    this.background = setImmediate(step)
  }

  stop(): void {
    if (this.background !== undefined) clearImmediate(this.background)
    this.background = undefined
  }

  /** Brings the index up to the last booked fill; every query starts here (cheap when up to date). */
  current(): HistoryRepo {
    this.indexer.catchUp()
    return this.repo
  }

  trades(filter: HistoryFilter, sort: TradeSort, descending: boolean, offset: number, limit: number): HistoryPage<RoundTrip> {
    const repo = this.current()
    return { rows: repo.trades(filter, sort, descending, offset, limit), total: this.columns().count(this.mask(filter)) }
  }

  trade(id: number): RoundTripDetail {
    const repo = this.current()
    const trade = this.existing(id)
    return { trade, fills: repo.tradeFills(id), entries: repo.tradeEntries(id), ...repo.protection(trade) }
  }

  analytics(filter: HistoryFilter): TradeAnalytics {
    const repo = this.current()
    const columns = this.columns()
    const mask = this.mask(filter)
    // Trade figures count the trades closed in the dates; money counts what was booked in them.
    const dated = filter.from !== undefined || filter.to !== undefined
    const flows = columns.hourlyFlows(dated ? this.mask(withoutDates(filter)) : mask, filter.from, filter.to)
    // A flow too large for a number's exact range (never in practice) is summed by SQLite instead.
    const exact = columns.exact
    const exposure = exact ? columns.exposures(mask, this.clock.now()) : repo.exposures(filter, this.clock.now())
    return computeAnalytics({
      trades: exact ? columns.closedOutcomes(mask) : repo.closedOutcomes(filter),
      openTrades: exposure.open,
      flows: exact ? flows : repo.hourlyFlows(filter),
      exposures: exposure.intervals,
      startingEquity: repo.startingEquity(filter),
    })
  }

  /** The in-memory columns, loaded on first use and then kept current by the indexer (callers catch up first). */
  private columns(): HistoryColumns {
    this.columnsCache ??= HistoryColumns.load(this.tripRepo)
    return this.columnsCache
  }

  private mask(filter: HistoryFilter): Uint8Array {
    const search = filter.search?.trim()
    return this.columns().mask(filter, this.repo.accountFacts(), {
      ...(filter.tag === undefined ? {} : { tagged: this.repo.taggedTrips(filter.tag) }),
      ...(search === undefined || search.length === 0 ? {} : { searched: this.repo.journalMatches(search) }),
    })
  }

  /** An imported account's trips, folded again in time order (an import brought older fills). */
  refold(accountId: number): void {
    this.indexer.refold(accountId)
    this.columnsCache = undefined
  }

  setNote(id: number, note: string): RoundTrip {
    this.existing(id)
    this.repo.setNote(id, note, this.clock.now())
    return this.existing(id)
  }

  setTags(id: number, tags: readonly string[]): RoundTrip {
    this.existing(id)
    this.repo.setTags(id, [...new Set(tags.map((t) => t.trim()))])
    return this.existing(id)
  }

  private existing(id: number): RoundTrip {
    const trade = this.current().trade(id)
    if (trade === undefined) throw new AppError('NOT_FOUND', `There is no trade #${id} in this ledger.`)
    return trade
  }
}
