import { randomInt } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { AppInfo, HostKind } from '../../shared/domain/app'
import type { HealthReport } from '../../shared/domain/health'
import { EventBus, type BusListener } from '../engine/bus'
import { systemClock, type Clock } from '../engine/clock'
import { MarketData } from '../engine/market-data'
import { IntentDesk } from '../engine/paper/intent-desk'
import { PaperExchange } from '../engine/paper/paper-exchange'
import { BacktestService } from '../backtest/backtest-service'
import { BotService } from '../bots/bot-service'
import { TickRouter } from '../bots/tick-router'
import { HistoryFiles } from '../history/history-files'
import { HistoryService } from '../history/history-service'
import { JobBoard } from '../history/jobs'
import { applyStagedRestore } from '../ledger/backup'
import { closeLedger, openLedger } from '../ledger/db'
import { CandleRepo } from '../ledger/repos/candle-repo'
import { IntentRepo } from '../ledger/repos/intent-repo'
import { MetaRepo } from '../ledger/repos/meta-repo'
import type { SecretStore } from '../secrets/secret-store'
import type { MarketFeed } from '../venues/feed'
import { tradableInstruments } from '../engine/paper/tradable'
import { ledgerFileFor, openDataSource, type DataSourceChoice } from './data-source'
import { createDispatcher, type Dispatch, type Handlers } from './dispatch'
import { HealthMonitor } from './health'
import { aiProbe, botsProbe, countProblems, feedProbe, keychainProbe, ledgerProbe, liveProbe, signalsProbe, venuesProbe } from './health-probes'
import { renderMetrics } from './metrics'
import { consoleLogger, type Logger } from './log'
import { EXCHANGE_VENUES, type ExchangeVenue } from '../../shared/domain/exchanges'
import { isRequestName } from '../../shared/contract'
import { ExchangeKeys } from '../venues/ccxt/exchange-keys'
import { fetchTradeHistory } from '../venues/ccxt/trade-history'
import { apiUrlsAt, createExchange, venueInfo } from '../venues/ccxt/venues'
import { continueReplay, ReplayLedger } from './replay-resume'
import { SignalService } from '../signals/signal-service'
import { AlertService } from '../alerts/alert-service'
import { AiService } from '../ai/ai-service'
import type { ClientOptions } from '../ai/ai-client'
import { LiveExchange } from '../engine/live/live-exchange'
import { LiveSync } from '../engine/live/live-sync'
import { CcxtVenue } from '../venues/ccxt/ccxt-venue'
import { VenueGuard } from '../venues/ccxt/venue-guard'
import { LIVE_NEEDS_EXCHANGE, TradingRouter } from './trading-router'
import { AppError } from '../../shared/contract'

export const APP_NAME = 'TradeDesk'
/** The backtest worker thread's file, built beside the host's entry (electron.vite.config.ts). */
export const BACKTEST_WORKER = 'backtest-worker.js'
export { LEDGER_FILE } from './data-source'
/** The service name our secrets are filed under in the OS keychain. */
export const KEYCHAIN_SERVICE = 'TradeDesk'

export interface AppCoreOptions {
  dataDir: string
  hostKind: HostKind
  version: string
  clock?: Clock
  /** The simulator's seed; by default one is drawn on first start and kept in the ledger. */
  seed?: number
  /** A better-sqlite3 binary built for the running runtime (Electron during development). */
  sqliteNativeBinding?: string
  log?: Logger
  /** How often the simulated market is advanced (ms). */
  pumpIntervalMs?: number
  /** Opens the OS keychain; a failure leaves the app usable for paper trading. */
  openSecrets: () => SecretStore
  /** The market to trade on (default: the built-in simulator in real time). */
  source?: DataSourceChoice
  /** A host ("http://127.0.0.1:PORT") that gets every exchange request instead of the exchange: a local test exchange. */
  exchangeApiHost?: string
  /** The built backtest worker thread (out/main/backtest-worker.js) that parameter sweeps run on. */
  backtestWorker?: string
  /** Telegram's Bot API base for alert delivery (a local fake in tests). */
  telegramApi?: string
  /** Waits between tries of a failed alert delivery (short in tests). */
  alertRetryDelaysMs?: readonly number[]
  /** The AI client's timeout and retry waits (short in tests). */
  aiClient?: Partial<ClientOptions>
  /** How often live accounts' working orders are polled at their exchange (ms; short in tests). */
  livePollMs?: number
  /** A live order request's timeout (ms; short in tests). */
  liveTimeoutMs?: number
}

/** Everything a host needs from the core: one dispatch boundary, one event stream, one shutdown. */
export interface AppCore {
  /** Undefined when the keychain could not be opened (see `info().keychain`). */
  readonly secrets: SecretStore | undefined
  readonly dispatch: Dispatch
  subscribe(listener: BusListener): () => void
  info(): AppInfo
  /** How each part is doing (the health page, and the host's /health). */
  health(): HealthReport
  /** The same, with request counts, in Prometheus' text format (the host's /metrics). */
  metrics(): string
  /** Stops feeds and flushes and closes the ledger. Safe to call twice. */
  close(): void
}

/** The composition root: builds ledger, feed, engine services and handlers from options. */
export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const clock = options.clock ?? systemClock
  const monitor = new HealthMonitor(clock, clock.now())
  const log = monitor.watch(options.log ?? consoleLogger('core'))
  mkdirSync(options.dataDir, { recursive: true })
  const choice = options.source ?? { kind: 'simulator' }
  const ledgerFile = join(options.dataDir, ledgerFileFor(choice))
  // A backup the trader chose to restore takes the ledger's place before it opens.
  const restored = applyStagedRestore(ledgerFile)
  if (restored.restored) log.info(`restored a backup; the previous ledger is kept as ${restored.previous ?? '(none)'}`)
  const db = openLedger(
    ledgerFile,
    options.sqliteNativeBinding === undefined
      ? { now: clock.now() }
      : { now: clock.now(), nativeBinding: options.sqliteNativeBinding },
  )
  let marketData: MarketData | undefined
  let bots: BotService | undefined
  let replayLedger: ReplayLedger | undefined
  let closed = false
  const bus = new EventBus(log)
  countProblems(bus, monitor)
  const history = new HistoryService(db, clock)
  const jobs = new JobBoard((job) => bus.publish('history.jobUpdated', job))
  const files = new HistoryFiles(db, ledgerFile, options.dataDir, history, jobs, clock, (reason) => bus.publish('history.changed', { reason }), options.sqliteNativeBinding)
  /** An exchange's public data through ccxt, no key (the local test exchange when one is given). */
  const publicExchange = (venue: ExchangeVenue) =>
    createExchange(venue, { apiKey: '', secret: '' }, options.exchangeApiHost === undefined ? {} : { urls: apiUrlsAt(venue, options.exchangeApiHost) })
  // Backtests play the app's own history of the market it opened (known once the feed is).
  const backtests = new BacktestService({
    db,
    ledgerFile,
    folder: join(options.dataDir, 'backtests'),
    appMarket: () => ({ sourceId: feed.source.id, sourceName: feed.source.name, instruments: feed.instruments, candles: new CandleRepo(db), publicExchange }),
    bus,
    clock,
    log,
    sqliteNativeBinding: options.sqliteNativeBinding,
    workerFile: options.backtestWorker,
  })
  const close = (): void => {
    if (closed) return
    closed = true
    backtests.close()
    bots?.close()
    liveSync?.stop()
    history.stop()
    jobs.cancelAll()
    marketData?.stop()
    replayLedger?.save()
    closeLedger(db)
  }

  const keychain = openKeychain(options.openSecrets, log)
  const exchangeKeys = new ExchangeKeys(keychain.store, new MetaRepo(db), (venue, credentials, { testnet, timeoutMs }) =>
    createExchange(venue, credentials, {
      testnet,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(options.exchangeApiHost === undefined ? {} : { urls: apiUrlsAt(venue, options.exchangeApiHost) }),
    }),
  )
  let ai: AiService | undefined
  let feed: MarketFeed
  let paper: PaperExchange
  let live: LiveExchange | undefined
  let liveSync: LiveSync | undefined
  let intents: IntentDesk
  try {
    const opened = await openDataSource(choice, clock, () => options.seed ?? simulatorSeed(new MetaRepo(db)), options.pumpIntervalMs, publicExchange)
    feed = opened.feed
    if (opened.replay !== undefined) {
      // A replay on a ledger that already played part of it continues there (or refuses a --from back in time).
      const progress = new ReplayLedger(db, feed.source.id)
      continueReplay(progress, opened.replay, { from: choice.kind === 'candles' ? choice.from : undefined, ledger: ledgerFileFor(choice), log })
      replayLedger = progress
    }
    const engineClock = opened.clock
    const source = feed
    marketData = new MarketData(feed, new CandleRepo(db), bus, engineClock, log)
    const tradables = tradableInstruments(feed.instruments)
    paper = new PaperExchange(db, tradables, bus, engineClock, {
      bookOf: (symbol) => source.bookSnapshot?.(symbol),
      fundingRate: (symbol, time) => source.fundingRate?.(symbol, time),
      log,
    })
    if (choice.kind === 'exchange') {
      // Live accounts trade the exchange whose prices the app runs on, through their stored key.
      const guard = new VenueGuard(choice.venue, () => clock.now(), {}, (health) => bus.publish('venue.healthChanged', health))
      const liveExchange = new LiveExchange(db, tradables, bus, engineClock, async (venue, label) => {
        if (venue !== choice.venue) throw new AppError('INVALID_PARAMS', `The app runs on ${choice.venue}'s prices; a live account there trades ${choice.venue}, not ${venue}.`)
        return new CcxtVenue(venue, await exchangeKeys.open(venue, label, options.liveTimeoutMs ?? 10_000), guard)
      }, { log })
      marketData.onTicks((ticks) => liveExchange.onTicks(ticks))
      live = liveExchange
      liveSync = new LiveSync(liveExchange, log, { pollMs: options.livePollMs ?? 2_000, now: () => clock.now() })
    }
    const exchange = paper
    intents = new IntentDesk(db, paper, new IntentRepo(db), bus, engineClock, live)
    // Ticks reach the engine through the router, which puts bots' decisions at candle closes.
    const router = new TickRouter(exchange)
    marketData.onTicks((ticks) => router.onTicks(ticks))
    const progress = replayLedger
    if (progress !== undefined) marketData.onTicks((ticks) => progress.ticked(ticks))
    const candles = marketData
    const models = new AiService({ db, secrets: keychain.store, exchange, desk: intents, bus, clock: engineClock, log, ...(options.aiClient === undefined ? {} : { client: options.aiClient }) })
    ai = models
    bots = new BotService(
      db,
      paper,
      intents,
      router,
      (symbol, timeframe, limit, before) => candles.history(symbol, timeframe, limit, before),
      bus,
      engineClock,
      log,
      (bot, trading) => models.makeBot(bot, trading),
    )
    await marketData.start()
    bots.resumeAll()
    liveSync?.start()
  } catch (error) {
    close()
    throw error
  }
  const market = marketData
  const router = new TradingRouter(paper, live)
  const liveExchange = live
  const requireLive = (accountId: number): LiveExchange => router.requireLive(accountId)
  const botService = bots as BotService
  const aiModels = ai as AiService
  const instruments = feed.instruments
  const signalService = new SignalService({
    db,
    secrets: keychain.store,
    desk: intents,
    targets: { account: (id) => router.listAccounts().find((a) => a.id === id), bot: (id) => botService.find(id) },
    instruments: () => instruments,
    bus,
    clock,
    log,
  })
  await signalService.start()
  const alerts = new AlertService({
    db,
    secrets: keychain.store,
    accounts: {
      list: () => paper.listAccounts(),
      balance: (id) => paper.balance(id),
      history: (id) => paper.balanceHistory(id, 10_000),
      positions: (id) => paper.listPositions(id),
    },
    hasMarket: (symbol) => instruments.some((i) => i.symbol === symbol),
    bus,
    clock,
    log,
    courier: {
      ...(options.telegramApi === undefined ? {} : { telegramApi: options.telegramApi }),
      ...(options.alertRetryDelaysMs === undefined ? {} : { retryDelaysMs: options.alertRetryDelaysMs }),
    },
  })
  market.onTicks((ticks) => alerts.onTicks(ticks))

  const info = (): AppInfo => ({
    appName: APP_NAME,
    version: options.version,
    hostKind: options.hostKind,
    dataDir: options.dataDir,
    startedAt: monitor.report([]).startedAt,
    feed: market.feedStatus(),
    keychain: keychain.status,
  })

  const health = (): HealthReport =>
    monitor.report([
      feedProbe(market.feedStatus()),
      venuesProbe(exchangeKeys.list()),
      liveProbe(liveExchange?.accountsInfo()),
      ledgerProbe(db, ledgerFile),
      keychainProbe(keychain.status),
      botsProbe(botService.list()),
      signalsProbe(signalService.status()),
      aiProbe(aiModels.list()),
    ])

  const handlers: Handlers = {
    'app.info': () => info(),
    'health.get': () => health(),
    'markets.list': () => market.summaries(),
    'candles.history': ({ symbol, timeframe, limit, before }) => market.history(symbol, timeframe, limit, before),
    'accounts.list': () => router.listAccounts(),
    'engine.fillModel': () => paper.getFillModel(),
    'engine.setFillModel': (change) => paper.setFillModel(change),
    'accounts.create': (params) => paper.createAccount(params),
    'accounts.rename': ({ accountId, name }) => router.renameAccount(accountId, name),
    'accounts.reset': ({ accountId }) => router.resetAccount(accountId),
    'accounts.archive': ({ accountId }) => router.archiveAccount(accountId),
    'orders.place': (params) => router.placeOrder(params),
    'orders.cancel': ({ accountId, orderId }) => router.cancelOrder(accountId, orderId),
    'orders.amend': ({ accountId, orderId, ...changes }) => router.amendOrder(accountId, orderId, changes),
    'orders.list': ({ accountId, open, limit }) => router.listOrders(accountId, open ?? false, limit),
    'positions.list': ({ accountId }) => router.listPositions(accountId),
    'positions.close': ({ accountId, symbol, amount }) => router.closePosition(accountId, symbol, amount),
    'balances.get': ({ accountId }) => router.balance(accountId),
    'balances.history': ({ accountId, limit }) => router.balanceHistory(accountId, limit),
    'accounts.setRisk': ({ accountId, ...risk }) => router.setRisk(accountId, risk),
    'risk.killSwitch': ({ accountId, flatten, reason }) => router.killSwitch(accountId, flatten, reason),
    'risk.resume': ({ accountId }) => router.resume(accountId),
    'fills.list': ({ accountId, limit }) => router.listFills(accountId, limit),
    'ledger.entries': ({ accountId, limit }) => router.ledgerEntries(accountId, limit),
    'intents.submit': (intent) => intents.submitToAny(intent),
    'intents.list': ({ accountId, limit }) => intents.list(accountId, limit),
    'history.trades': ({ filter, sort, descending, offset, limit }) => history.trades(filter, sort ?? 'time', descending ?? true, offset, limit),
    'history.fills': ({ filter, offset, limit }) => {
      const repo = history.current()
      return { rows: repo.fills(filter, offset, limit), total: repo.countFills(filter) }
    },
    'history.orders': ({ filter, offset, limit }) => {
      const repo = history.current()
      return { rows: repo.orders(filter, offset, limit), total: repo.countOrders(filter) }
    },
    'history.trade': ({ id }) => history.trade(id),
    'history.analytics': ({ filter }) => history.analytics(filter),
    'history.facets': () => history.current().facets(),
    'history.setNote': ({ id, note }) => history.setNote(id, note),
    'history.setTags': ({ id, tags }) => history.setTags(id, tags),
    'history.export': ({ what, filter }) => files.export(what, filter),
    'history.readFile': ({ file, offset }) => files.read(file, offset),
    'history.importStart': ({ format, accountName, venue, startingBalance }) => files.importStart(format, accountName, venue, startingBalance),
    'history.importChunk': ({ jobId, text }) => files.importChunk(jobId, text),
    'history.importFinish': ({ jobId }) => files.importFinish(jobId),
    'history.cancelJob': ({ jobId }) => files.cancel(jobId),
    'ledger.backup': () => files.backup(),
    'ledger.backups': () => files.backups(),
    'ledger.restore': ({ file }) => files.restore(file),
    'exchanges.venues': () => EXCHANGE_VENUES.map(venueInfo),
    'exchanges.keys': () => exchangeKeys.list(),
    'exchanges.setKey': (key) => exchangeKeys.set(key),
    'exchanges.testKey': ({ venue, label }) => exchangeKeys.test(venue, label),
    'exchanges.deleteKey': ({ venue, label }) => exchangeKeys.delete(venue, label),
    'bots.list': () => botService.list(),
    'bots.create': (request) => botService.create(request),
    'bots.start': ({ id }) => botService.start(id),
    'bots.pause': ({ id }) => botService.pause(id),
    'bots.stop': ({ id }) => botService.stop(id),
    'bots.duplicate': ({ id }) => botService.duplicate(id),
    'bots.delete': ({ id }) => botService.delete(id),
    'bots.decisions': ({ id, limit }) => botService.decisions(id, limit ?? 200),
    'bots.log': ({ id, limit }) => botService.logOf(id, limit ?? 200),
    'signals.status': () => signalService.status(),
    'signals.configure': (change) => signalService.configure(change),
    'signals.channels': () => signalService.channels(),
    'signals.createChannel': ({ name, target, secret }) => signalService.createChannel(name, target, secret),
    'signals.rotateSecret': ({ channelId, secret }) => signalService.rotateSecret(channelId, secret),
    'signals.deleteChannel': ({ channelId }) => signalService.deleteChannel(channelId),
    'signals.list': ({ limit, ...filter }) => signalService.list(filter, limit ?? 200),
    'alerts.list': () => alerts.list(),
    'alerts.create': (request) => alerts.create(request),
    'alerts.setActive': ({ id, active }) => alerts.setActive(id, active),
    'alerts.delete': ({ id }) => alerts.delete(id),
    'alerts.deliveries': ({ alertId, limit }) => alerts.deliveries(alertId, limit ?? 200),
    'alerts.deliverySettings': () => alerts.deliverySettings(),
    'alerts.setTelegram': (telegram) => alerts.setTelegram(telegram),
    'alerts.setWebhook': ({ url }) => alerts.setWebhook(url),
    'alerts.test': ({ channel }) => alerts.test(channel),
    'ai.endpoints': () => aiModels.list(),
    'ai.setEndpoint': (change) => aiModels.set(change),
    'ai.deleteEndpoint': ({ id }) => aiModels.delete(id),
    'ai.testEndpoint': ({ id }) => aiModels.test(id),
    'ai.decisions': ({ botId, limit }) => aiModels.decisions(botId, limit ?? 200),
    'live.accounts': () => liveExchange?.accountsInfo() ?? [],
    'live.createAccount': (request) => {
      if (liveExchange === undefined) throw new AppError('UNAVAILABLE', LIVE_NEEDS_EXCHANGE)
      return liveExchange.createAccount(request)
    },
    'live.arm': ({ accountId, confirmName }) => requireLive(accountId).arm(accountId, confirmName),
    'live.disarm': ({ accountId }) => requireLive(accountId).disarm(accountId),
    'live.setLimits': ({ accountId, ...limits }) => requireLive(accountId).setLimits(accountId, limits),
    'live.setDryRun': ({ accountId, on }) => router.setDryRun(accountId, on),
    'live.reconcile': ({ accountId }) => requireLive(accountId).reconcile(accountId),
    'live.venues': () => liveExchange?.venueHealth() ?? [],
    'backtests.start': (request) => backtests.start(request),
    'backtests.sweep': (request) => backtests.sweep(request),
    'backtests.cancel': ({ id }) => backtests.cancel(id),
    'backtests.list': () => backtests.list(),
    'backtests.report': ({ id }) => backtests.report(id),
    'backtests.delete': ({ id }) => backtests.delete(id),
    'history.importExchange': ({ venue, label, accountName, symbols, since }) =>
      files.importFromExchange(label, accountName, venue, async (control) =>
        fetchTradeHistory(await exchangeKeys.open(venue, label), symbols, since, (done) => control.progress(done), control.signal),
      ),
  }
  history.indexInBackground()
  const dispatch = createDispatcher(handlers, log)

  log.info(`ledger ${ledgerFile}, market ${feed.source.name}`)

  return {
    secrets: keychain.store,
    dispatch: async (method, params) => {
      const result = await dispatch(method, params)
      monitor.request(typeof method === 'string' && isRequestName(method) ? method : 'unknown', result)
      return result
    },
    health,
    metrics: () => renderMetrics(health(), monitor.requestsByMethod()),
    subscribe: (listener) => bus.subscribe(listener),
    info,
    close: () => {
      void signalService.close()
      alerts.close()
      close()
    },
  }
}

/** Each install gets its own simulated market, which continues across restarts. */
function simulatorSeed(meta: MetaRepo): number {
  const stored = meta.get('simulator.seed')
  if (stored !== undefined) return Number(stored)
  const seed = randomInt(1, 2 ** 31 - 1)
  meta.set('simulator.seed', String(seed))
  return seed
}

function openKeychain(
  open: () => SecretStore,
  log: Logger,
): { store: SecretStore | undefined; status: AppInfo['keychain'] } {
  try {
    return { store: open(), status: { available: true, detail: 'OS keychain ready' } }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    log.warn(`OS keychain unavailable; live trading keys cannot be stored: ${reason}`)
    return { store: undefined, status: { available: false, detail: `OS keychain unavailable: ${reason}` } }
  }
}
