import type { OrderSide, PositionSide } from '../../../shared/domain/trading'
import { averageEntryPrice, initialMargin, notional, realizedPnl, reduceIsolatedMargin, tradingFee } from '../../../shared/trading/margin'
import { divRound, formatAtoms, type Atoms } from '../../../shared/trading/money'
import type { LedgerTransaction, Posting } from '../../ledger/repos/book-repo'
import type { PositionRow } from '../../ledger/repos/position-repo'

export const WALLET = 'wallet'
export const marginBook = (symbol: string): string => `margin:${symbol}`
export const EXTERNAL = {
  capital: 'external:capital',
  fees: 'external:fees',
  market: 'external:market',
  funding: 'external:funding',
  insurance: 'external:insurance',
} as const

export interface FillToSettle {
  accountId: number
  symbol: string
  quote: string
  side: OrderSide
  price: Atoms
  amount: Atoms
  feeRate: Atoms
  /** The fee an exchange charged (in the quote currency); without it the fee is `feeRate` of the notional. */
  fee?: Atoms
  /** Leverage for a position this fill opens; an existing position keeps its own. */
  leverage: number
  ts: number
  /** Says what happened, e.g. "Buy 0.01 BTC/USDT:USDT at 60000 (taker)". */
  label: string
}

export interface Settlement {
  /** The position after the fill; undefined when it closed it (and opened nothing). */
  position: PositionRow | undefined
  /** The position the fill closed, when it closed one. */
  closed: { side: PositionSide; entryPrice: Atoms; amount: Atoms; openedAt: number; realizedPnl: Atoms; fees: Atoms } | undefined
  realizedPnl: Atoms
  fee: Atoms
  /** Net change of the free wallet. */
  walletChange: Atoms
  /** The fill's one balanced ledger transaction; each entry's kind says which part it is. */
  transaction: FillTransaction
}

export type FillTransaction = Omit<LedgerTransaction, 'orderId' | 'fillId'>

const sideOf = (orderSide: OrderSide): PositionSide => (orderSide === 'buy' ? 'long' : 'short')

/**
 * Net-mode, isolated-margin settlement of one fill against the account's position in its
 * symbol: reduce first (release margin pro rata, realize P&L), then open or add with what
 * is left (reserve initial margin), then charge the fee. Pure: the caller persists it.
 */
export function settleFill(position: PositionRow | undefined, fill: FillToSettle): Settlement {
  const { accountId, symbol, quote, ts } = fill
  const postings: Posting[] = []
  const move = (kind: string, moves: Array<[string, Atoms]>): void => {
    for (const [book, amount] of moves) if (amount !== 0n) postings.push({ book, asset: quote, amount, kind })
  }
  let walletChange = 0n
  let realized = 0n
  let closed: Settlement['closed']
  let next = position === undefined ? undefined : { ...position }
  let remaining = fill.amount
  let closing = 0n

  if (next !== undefined && next.side !== sideOf(fill.side)) {
    closing = remaining < next.amount ? remaining : next.amount
    const { released } = reduceIsolatedMargin(next.margin, next.amount, closing)
    realized = realizedPnl(next.side, next.entryPrice, fill.price, closing)
    move('margin_release', [[marginBook(symbol), -released], [WALLET, released]])
    move('realized_pnl', [[WALLET, realized], [EXTERNAL.market, -realized]])
    walletChange += released + realized
    if (closing === next.amount) {
      closed = { side: next.side, entryPrice: next.entryPrice, amount: next.amount, openedAt: next.openedAt, realizedPnl: realized, fees: next.fees }
      next = undefined
    } else {
      next = { ...next, amount: next.amount - closing, margin: next.margin - released, updatedAt: ts }
    }
    remaining -= closing
  }

  if (remaining > 0n) {
    const leverage = next?.leverage ?? fill.leverage
    const reserved = initialMargin(notional(fill.price, remaining), leverage)
    move('margin_reserve', [[WALLET, -reserved], [marginBook(symbol), reserved]])
    walletChange -= reserved
    next =
      next === undefined
        ? { accountId, symbol, side: sideOf(fill.side), amount: remaining, entryPrice: fill.price, leverage, margin: reserved, fees: 0n, openedAt: ts, updatedAt: ts }
        : {
            ...next,
            entryPrice: averageEntryPrice(next.amount, next.entryPrice, remaining, fill.price),
            amount: next.amount + remaining,
            margin: next.margin + reserved,
            updatedAt: ts,
          }
  }

  const fee = fill.fee ?? tradingFee(notional(fill.price, fill.amount), fill.feeRate)
  // The fee goes to the position it traded: a flip splits it by amount between the closed
  // position and the new one; a partial close stays with the position that remains.
  const closedShare = closed === undefined ? 0n : next === undefined ? fee : divRound(fee * closing, fill.amount, 'down')
  if (closed !== undefined) closed = { ...closed, fees: closed.fees + closedShare }
  if (next !== undefined) next = { ...next, fees: next.fees + fee - closedShare }
  move('fee', [[WALLET, -fee], [EXTERNAL.fees, fee]])
  walletChange -= fee
  // The leverage of the position the fill traded (a closing order may carry another).
  const leverage = next?.leverage ?? position?.leverage ?? fill.leverage
  const description = `${fill.label}, ${leverage}x, fee ${feePercent(fill.feeRate)}`
  return { position: next, closed, realizedPnl: realized, fee, walletChange, transaction: { accountId, kind: 'trade', description, ts, postings } }
}

export interface SpotFill {
  accountId: number
  base: string
  quote: string
  side: OrderSide
  price: Atoms
  amount: Atoms
  feeRate: Atoms
  /**
   * The fee an exchange charged, in whichever asset it took it (the coin bought, the quote,
   * or a third one such as BNB); without it the fee is `feeRate` of the value, in the quote.
   */
  fee?: { asset: string; amount: Atoms }
  ts: number
  label: string
}

export interface SpotSettlement {
  /** How each wallet asset changes (quote, base, and the fee's asset). */
  walletChanges: ReadonlyMap<string, Atoms>
  /** Change of the quote wallet (the account's cash). */
  quoteChange: Atoms
  fee: Atoms
  feeAsset: string
  transaction: FillTransaction
}

const feePercent = (rate: Atoms): string => `${formatAtoms(rate * 100n)}%`

/**
 * A spot trade swaps quote for base (or back) with the market and pays the fee. On paper the
 * fee is charged in the quote currency (a sandbox simplification); an exchange's fill pays it
 * where the exchange took it (often the coin received).
 */
export function settleSpotFill(fill: SpotFill): SpotSettlement {
  const value = notional(fill.price, fill.amount)
  const fee = fill.fee ?? { asset: fill.quote, amount: tradingFee(value, fill.feeRate) }
  const sign = fill.side === 'buy' ? 1n : -1n
  const postings: Posting[] = [
    { book: WALLET, asset: fill.base, amount: sign * fill.amount, kind: 'trade' },
    { book: EXTERNAL.market, asset: fill.base, amount: -sign * fill.amount, kind: 'trade' },
    { book: WALLET, asset: fill.quote, amount: -sign * value, kind: 'trade' },
    { book: EXTERNAL.market, asset: fill.quote, amount: sign * value, kind: 'trade' },
  ]
  if (fee.amount !== 0n) {
    postings.push({ book: WALLET, asset: fee.asset, amount: -fee.amount, kind: 'fee' }, { book: EXTERNAL.fees, asset: fee.asset, amount: fee.amount, kind: 'fee' })
  }
  const walletChanges = new Map<string, Atoms>()
  for (const p of postings) if (p.book === WALLET) walletChanges.set(p.asset, (walletChanges.get(p.asset) ?? 0n) + p.amount)
  const charged = fill.fee === undefined ? `fee ${feePercent(fill.feeRate)}` : `fee ${formatAtoms(fee.amount)} ${fee.asset}`
  const transaction = { accountId: fill.accountId, kind: 'trade', description: `${fill.label}, ${charged}`, ts: fill.ts, postings }
  return { walletChanges, quoteChange: walletChanges.get(fill.quote) ?? 0n, fee: fee.amount, feeAsset: fee.asset, transaction }
}
