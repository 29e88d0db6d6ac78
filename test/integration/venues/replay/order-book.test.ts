import { describe, expect, it } from 'vitest'
import { atoms } from '../../../../shared/trading/money'
import { type BookTickerRow, type DepthSnapshot, readBookTicker, readDepthEvents, readDepthSnapshot } from '../../../../electron/venues/replay/csv-readers'
import { OrderBook } from '../../../../electron/venues/replay/order-book'
import { recordedFiles } from './recorded-data'

const SNAPSHOT_ID = 50093239218

function handMadeBook(): OrderBook {
  const snapshot: DepthSnapshot = {
    lastUpdateId: 100,
    localRecvNs: 0n,
    bids: [
      { price: '99.5', qty: '1' },
      { price: '99', qty: '2' },
    ],
    asks: [
      { price: '100', qty: '0.5' },
      { price: '100.5', qty: '1.25' },
      { price: '101', qty: '0.3' },
    ],
  }
  return OrderBook.fromSnapshot(snapshot)
}

describe('walking the book with a market order', () => {
  it('fills level by level, partially taking the last level, at an exact average price', () => {
    const book = handMadeBook()
    const walk = book.walk('buy', '1.5')
    expect(walk.fills).toEqual([
      { price: '100', quantity: '0.5' },
      { price: '100.5', quantity: '1' },
    ])
    expect([walk.filled, walk.unfilled]).toEqual(['1.5', '0'])
    // (0.5 x 100 + 1 x 100.5) / 1.5 = 150.5 / 1.5 = 100.333...: exact notional, average rounded half-up to 8 decimals.
    expect(walk.notional).toBe('150.5')
    expect(walk.averagePrice).toBe('100.33333333')
    // The book is untouched.
    expect(book.levels('ask', 5)).toEqual([
      { price: '100', quantity: '0.5' },
      { price: '100.5', quantity: '1.25' },
      { price: '101', quantity: '0.3' },
    ])
    expect(book.walk('buy', '1.5')).toEqual(walk)
  })

  it('hits the bids for a sell, and reports what a thin book cannot fill', () => {
    const book = handMadeBook()
    const sell = book.walk('sell', '1.2')
    expect(sell.fills).toEqual([
      { price: '99.5', quantity: '1' },
      { price: '99', quantity: '0.2' },
    ])
    expect(sell.averagePrice).toBe('99.41666667')
    const tooBig = book.walk('buy', '3.00000001')
    expect(tooBig.fills).toHaveLength(3)
    expect([tooBig.filled, tooBig.unfilled]).toEqual(['2.05', '0.95000001'])
    expect(tooBig.notional).toBe('205.925')
    expect(tooBig.averagePrice).toBe('100.45121951')
    expect(() => book.walk('buy', '0')).toThrow(RangeError)
    expect(OrderBook.fromSnapshot({ lastUpdateId: 1, localRecvNs: 0n, bids: [], asks: [] }).walk('sell', '1')).toMatchObject({
      fills: [],
      unfilled: '1',
      averagePrice: undefined,
    })
  })
})

describe('the recorded depth stream', () => {
  it('applies without a gap from the snapshot, starting at the 3rd event, and never crosses', async () => {
    const files = recordedFiles()
    const started = performance.now()
    const book = OrderBook.fromSnapshot(await readDepthSnapshot(files.depthSnapshot))
    const dropped: number[] = []
    let index = 0
    let applied = 0
    let firstApplied: { index: number; U: number; u: number } | undefined
    let crossed = 0
    for await (const event of readDepthEvents(files.depthUpdates)) {
      if (book.apply(event)) {
        applied += 1
        firstApplied ??= { index, U: event.firstUpdateId, u: event.lastUpdateId }
        const bid = book.bestBid()
        const ask = book.bestAsk()
        if (bid === undefined || ask === undefined || atoms(bid.price) >= atoms(ask.price)) crossed += 1
      } else {
        dropped.push(index)
      }
      index += 1
    }
    const ms = performance.now() - started
    console.info(`depth replay: ${applied} events (${index} read) in ${ms.toFixed(0)} ms, book ${book.depth('bid')} bids / ${book.depth('ask')} asks`)
    expect(dropped).toEqual([0, 1])
    expect(firstApplied).toEqual({ index: 2, U: 50093239208, u: 50093239224 })
    expect(applied).toBe(6_493)
    expect(book.lastUpdateId).toBe(50093696318)
    expect(crossed).toBe(0)
  })

  it('agrees with the book ticker wherever both describe the same update id', async () => {
    const files = recordedFiles()
    const book = OrderBook.fromSnapshot(await readDepthSnapshot(files.depthSnapshot))
    // The ticker is ordered by update id; walk it alongside the depth events.
    const ticker = readBookTicker(files.bookTicker)
    let quote: IteratorResult<BookTickerRow> = await ticker.next()
    let compared = 0
    const mismatches: string[] = []
    for await (const event of readDepthEvents(files.depthUpdates)) {
      if (!book.apply(event)) continue
      while (quote.done !== true && quote.value.updateId < event.lastUpdateId) quote = await ticker.next()
      if (quote.done === true || quote.value.updateId !== event.lastUpdateId) continue
      compared += 1
      const q = quote.value
      const bid = book.bestBid()
      const ask = book.bestAsk()
      const same = (a: string | undefined, b: string) => a !== undefined && atoms(a) === atoms(b)
      if (!same(bid?.price, q.bidPrice) || !same(ask?.price, q.askPrice)) mismatches.push(`price at ${q.updateId}`)
      if (!same(bid?.quantity, q.bidQty) || !same(ask?.quantity, q.askQty)) mismatches.push(`quantity at ${q.updateId}`)
    }
    await ticker.return(undefined)
    // 1,072 of the 6,493 applied events end on an update id the ticker also reports;
    // at every one the best bid and ask agree in price and in quantity.
    expect(compared).toBe(1_072)
    expect(mismatches).toEqual([])
  })

  it('prices a 5 BTC market order between the best level and the deepest level it reaches', async () => {
    const files = recordedFiles()
    const book = OrderBook.fromSnapshot(await readDepthSnapshot(files.depthSnapshot))
    expect(book.lastUpdateId).toBe(SNAPSHOT_ID)
    // At the snapshot the top of the ask side is thin: 5 BTC walks 38 levels, so the
    // average lies above the 10th level's price.
    const atSnapshot = book.walk('buy', '5')
    const tenthAtSnapshot = book.levels('ask', 10)[9]?.price as string
    expect(atSnapshot.fills).toHaveLength(38)
    expect(atoms(atSnapshot.averagePrice as string)).toBeGreaterThan(atoms(tenthAtSnapshot))
    let checked = 0
    for await (const event of readDepthEvents(files.depthUpdates)) {
      if (!book.apply(event)) continue
      for (const side of ['buy', 'sell'] as const) {
        const walk = book.walk(side, '5')
        const best = atoms(walk.fills[0]?.price as string)
        const worst = atoms(walk.fills.at(-1)?.price as string)
        const average = atoms(walk.averagePrice as string)
        expect(walk.unfilled).toBe('0')
        if (walk.fills.length > 1) {
          // Strictly between the first and the last level taken (a buy's prices rise, a sell's fall).
          expect(side === 'buy' ? best < average && average < worst : worst < average && average < best).toBe(true)
        }
      }
      checked += 1
    }
    expect(checked).toBe(6_493)
    // At the end of the window the top is deeper: 5 BTC stays within 14 levels, and the
    // average is above the best ask and below the 10th level.
    const atEnd = book.walk('buy', '5')
    const bestAsk = atoms(book.bestAsk()?.price as string)
    const tenth = atoms(book.levels('ask', 10)[9]?.price as string)
    expect(atEnd.fills).toHaveLength(14)
    expect(atoms(atEnd.averagePrice as string)).toBeGreaterThan(bestAsk)
    expect(atoms(atEnd.averagePrice as string)).toBeLessThan(tenth)
  })
})
