import { describe, expect, it } from 'vitest'
import { CandleVolumeSeries, candleWidth } from '../../../renderer/src/features/chart/candle-volume-series'

describe('the candle-and-volume series', () => {
  it('sizes candles as lightweight-charts does, with the wick in the middle', () => {
    expect(candleWidth(6, 1)).toBe(5)
    expect(candleWidth(3, 1)).toBe(3)
    expect(candleWidth(3, 2)).toBe(6)
    expect(candleWidth(1, 1)).toBe(1)
    expect(candleWidth(20, 1)).toBe(15)
    // An even wick (pixel ratio 2) gets an even body.
    expect(candleWidth(6, 2) % 2).toBe(0)
  })

  it('scales on high and low and takes the close as its value; a candle without a close is whitespace', () => {
    const series = new CandleVolumeSeries()
    const candle = { time: 1 as never, open: 10, high: 12, low: 9, close: 11, volume: 3 }
    expect(series.priceValueBuilder(candle)).toEqual([12, 9, 11])
    expect(series.isWhitespace(candle)).toBe(false)
    expect(series.isWhitespace({ time: 2 as never })).toBe(true)
    expect(series.defaultOptions().volumeShare).toBe(0.2)
  })
})
