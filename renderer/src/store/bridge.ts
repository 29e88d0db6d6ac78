import type { EventName, PayloadOf } from '../../../shared/contract'
import type { Tick } from '../../../shared/domain/market'
import type { Connection, ConnectionState } from '../api/connection'
import { useAppStore } from './index'

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
    const [info, markets] = await Promise.all([
      connection.api.request('app.info', {}),
      connection.api.request('markets.list', {}),
    ])
    if (info.ok) store().setAppInfo(info.value)
    if (markets.ok) store().setSummaries(markets.value)
    const failure = !info.ok ? info.error : !markets.ok ? markets.error : undefined
    store().setLastError(failure?.message)
  }

  const handlers: EventHandlers = {
    'market.ticked': ({ ticks }) => {
      for (const tick of ticks) buffered.push(tick)
      frame ??= requestAnimationFrame(flush)
    },
    'markets.summarized': ({ summaries }) => store().setSummaries(summaries),
    'feed.statusChanged': (feed) => store().setFeed(feed),
    // Trading events are for the trading screens (issue 4), which do not exist yet.
    'account.updated': ignore,
    'order.updated': ignore,
    'order.filled': ignore,
    'position.updated': ignore,
    'position.liquidated': ignore,
    'balance.updated': ignore,
    'intent.decided': ignore,
    'risk.changed': ignore,
    'engine.fillModelChanged': ignore,
  }
  const unsubscribeEvents = connection.api.subscribe((name, payload) => {
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
    if (frame !== undefined) cancelAnimationFrame(frame)
  }
}
