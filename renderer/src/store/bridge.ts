import type { EventName, PayloadOf } from '../../../shared/contract'
import type { Tick } from '../../../shared/domain/market'
import type { Connection, ConnectionState } from '../api/connection'
import { useAppStore } from './index'
import { HISTORY_LIMIT } from './trading-slice'

type EventHandlers = { [E in EventName]: (payload: PayloadOf<E>) => void }
const ignore = (): void => {}

/**
 * The only module that listens to the transport. Ticks are buffered and committed to the
 * store once per animation frame, so a burst of ticks costs one render, not hundreds.
 */
export function startBridge(connection: Connection): () => void {
  const store = useAppStore.getState
  let buffered: Tick[] = []
  let frame: number | undefined

  const flush = (): void => {
    frame = undefined
    const ticks = buffered
    buffered = []
    if (ticks.length > 0) store().applyTicks(ticks)
  }

  const loadSnapshot = async (): Promise<void> => {
    const [info, markets, accounts] = await Promise.all([
      connection.api.request('app.info', {}),
      connection.api.request('markets.list', {}),
      connection.api.request('accounts.list', {}),
    ])
    if (info.ok) store().setAppInfo(info.value)
    if (markets.ok) store().setSummaries(markets.value)
    if (accounts.ok) store().setAccounts(accounts.value)
    const failure = [info, markets, accounts].find((r) => !r.ok)
    store().setLastError(failure?.ok === false ? failure.error.message : undefined)
    const selected = store().selectedAccountId
    if (selected !== undefined) void loadAccount(selected)
  }

  /** Reads everything the screen shows of one account; a failure is told, not thrown. */
  const loadAccount = async (accountId: number): Promise<void> => {
    const ForAccount = { accountId }
    const [balance, positions, orders, fills, ledger] = await Promise.all([
      connection.api.request('balances.get', ForAccount),
      connection.api.request('positions.list', ForAccount),
      connection.api.request('orders.list', { accountId, limit: HISTORY_LIMIT }),
      connection.api.request('fills.list', { accountId, limit: HISTORY_LIMIT }),
      connection.api.request('ledger.entries', { accountId, limit: HISTORY_LIMIT }),
    ])
    if (balance.ok && positions.ok && orders.ok && fills.ok && ledger.ok) {
      store().loadAccountView(accountId, { balance: balance.value, positions: positions.value, orders: orders.value, fills: fills.value, ledger: ledger.value })
    } else {
      const failure = [balance, positions, orders, fills, ledger].find((r) => !r.ok)
      if (failure?.ok === false) store().setLastError(failure.error.message)
    }
  }

  // Ledger entries are not evented: re-read once a burst of fills has settled.
  let ledgerTimer: ReturnType<typeof setTimeout> | undefined
  const refreshLedger = (accountId: number): void => {
    clearTimeout(ledgerTimer)
    ledgerTimer = setTimeout(() => {
      void connection.api.request('ledger.entries', { accountId, limit: HISTORY_LIMIT }).then((r) => {
        if (r.ok) store().setLedger(accountId, r.value)
      })
    }, 250)
  }
  const unsubscribeSelection = useAppStore.subscribe((state, previous) => {
    if (state.selectedAccountId !== undefined && state.selectedAccountId !== previous.selectedAccountId) void loadAccount(state.selectedAccountId)
  })

  const handlers: EventHandlers = {
    'market.ticked': ({ ticks }) => {
      for (const tick of ticks) buffered.push(tick)
      frame ??= requestAnimationFrame(flush)
    },
    'markets.summarized': ({ summaries }) => store().setSummaries(summaries),
    'feed.statusChanged': (feed) => store().setFeed(feed),
    'account.updated': (account) => store().applyAccount(account),
    'order.updated': (order) => store().applyOrder(order),
    'order.filled': (fill) => {
      store().applyFill(fill)
      if (fill.accountId === store().selectedAccountId) refreshLedger(fill.accountId)
    },
    'position.updated': ({ accountId, symbol, position }) => store().applyPosition(accountId, symbol, position),
    'position.liquidated': ignore,
    'balance.updated': (balance) => store().applyBalance(balance),
    // Bots' intents and fill-model changes have no view yet.
    'intent.decided': ignore,
    // The account's halt arrives with its account.updated.
    'risk.changed': ignore,
    'engine.fillModelChanged': ignore,
    'history.jobUpdated': (job) => store().applyHistoryJob(job),
    'history.changed': () => store().markHistoryChanged(),
    'backtest.updated': (run) => store().applyBacktestRun(run),
    'bot.updated': () => store().bump('bots'),
    'bot.deleted': () => store().bump('bots'),
    'signal.received': () => store().bump('signals'),
    'signals.statusChanged': () => store().bump('signals'),
    'signals.channelsChanged': () => store().bump('signals'),
    // The notification is the notifications slice's (it sees every event first).
    'alert.fired': () => store().bump('alerts'),
    'alerts.changed': () => store().bump('alerts'),
    'alert.deliveryChanged': () => store().bump('alerts'),
    'ai.decided': () => store().bump('ai'),
    'ai.endpointsChanged': () => store().bump('ai'),
    'live.accountUpdated': () => store().bump('live'),
    'venue.healthChanged': () => store().bump('live'),
  }
  const unsubscribeEvents = connection.api.subscribe((name, payload) => {
    // Notifications see each event before the store applies it (notifications-slice).
    store().observeEvent(name, payload)
    ;(handlers[name] as (payload: unknown) => void)(payload)
  })

  const onState = (state: ConnectionState): void => {
    store().setConnection(state)
    if (state === 'open') void loadSnapshot()
  }
  useAppStore.setState({ transport: connection.transport })
  const unsubscribeState = connection.onStateChange(onState)
  onState(connection.state())

  return () => {
    unsubscribeEvents()
    unsubscribeState()
    unsubscribeSelection()
    clearTimeout(ledgerTimer)
    if (frame !== undefined) cancelAnimationFrame(frame)
  }
}
