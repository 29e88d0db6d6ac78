import { describe, expect, it } from 'vitest'
import { atoms } from '../../../../shared/trading/money'
import { DepthGapError, levelAtoms, OrderBook } from '../../../../electron/venues/replay/order-book'

const book = (): OrderBook =>
  OrderBook.fromSnapshot({
    lastUpdateId: 100,
    localRecvNs: 0n,
    bids: [{ price: '99', qty: '1' }],
    asks: [{ price: '101', qty: '1' }],
  })

const event = (U: number, u: number, changes: Array<['bid' | 'ask', string, string]> = [], line = 0) => ({
  firstUpdateId: U,
  lastUpdateId: u,
  changes: changes.map(([side, price, qty]) => ({ side, price, qty })),
  line,
})

describe('Binance diff-depth sequencing', () => {
  it('drops events the snapshot already holds and syncs on the one that covers lastUpdateId + 1', () => {
    const b = book()
    expect(b.apply(event(90, 100, [['bid', '99', '5']]))).toBe(false)
    expect(b.bestBid()).toEqual({ price: '99', quantity: '1' })
    expect(b.apply(event(95, 103, [['bid', '99.5', '2']]))).toBe(true)
    expect(b.lastUpdateId).toBe(103)
    expect(b.apply(event(104, 104, [['ask', '100.5', '0.25']]))).toBe(true)
    expect([b.bestBid(), b.bestAsk()]).toEqual([
      { price: '99.5', quantity: '2' },
      { price: '100.5', quantity: '0.25' },
    ])
  })

  it('throws a gap when the first event starts after lastUpdateId + 1, or a later one skips ids', () => {
    expect(() => book().apply(event(102, 110, [], 7))).toThrow(DepthGapError)
    expect(() => book().apply(event(102, 110, [], 7))).toThrow(/first event must cover update 101, but got U=102 u=110 \(line 7\)/)
    const b = book()
    b.apply(event(101, 105))
    expect(() => b.apply(event(107, 108))).toThrow(/next event must start at update 106/)
    // A failed event leaves the book where it was.
    expect(b.lastUpdateId).toBe(105)
    expect(b.apply(event(106, 108))).toBe(true)
  })

  it('sets absolute quantities, removes a level on "0", and ignores removing an absent level', () => {
    const b = book()
    b.apply(
      event(101, 101, [
        ['ask', '101', '0.5'],
        ['ask', '102', '3'],
        ['bid', '99', '0'],
        ['bid', '98', '0'],
        ['bid', '97.10', '4'],
      ]),
    )
    expect(b.levels('ask', 5)).toEqual([
      { price: '101', quantity: '0.5' },
      { price: '102', quantity: '3' },
    ])
    expect(b.levels('bid', 5)).toEqual([{ price: '97.1', quantity: '4' }])
    expect(b.depth('bid')).toBe(1)
  })

  it('keeps levels sorted through many random inserts and deletes', () => {
    const b = book()
    const reference = new Map<number, number>([[101, 1]])
    let seed = 1
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647
    for (let u = 101; u < 3101; u++) {
      const price = 101 + Math.floor(random() * 200) / 100
      const qty = random() < 0.3 ? 0 : Math.floor(random() * 1000) / 1000
      b.apply(event(u, u, [['ask', price.toFixed(2), qty.toFixed(3)]]))
      if (qty === 0) reference.delete(price)
      else reference.set(price, qty)
    }
    const expected = [...reference].sort((x, y) => x[0] - y[0]).map(([p, q]) => ({ price: String(p), quantity: String(q) }))
    expect(b.levels('ask', Infinity)).toEqual(expected)
  })

  it('holds prices and quantities exactly as integer atoms, refusing what it could not', () => {
    expect(levelAtoms('61837.63')).toBe(6_183_763_000_000)
    expect(levelAtoms('0.00000001')).toBe(1)
    for (const text of ['0', '62000', '61837.63', '0.1234567', '1.54698', '90071992.54740991']) expect(levelAtoms(text)).toBe(Number(atoms(text)))
    expect(() => levelAtoms('0.000000001')).toThrow(RangeError)
    expect(() => levelAtoms('100000000')).toThrow(RangeError)
    expect(() => levelAtoms('-1')).toThrow(RangeError)
    expect(() => book().apply(event(101, 101, [['bid', '1e3', '1']]))).toThrow(RangeError)
  })
})
