import { describe, expect, it } from 'vitest'
import { volumeColumns, type CandleVolumeData } from '../../../renderer/src/features/chart/candle-volume-series'

const row = (i: number, volume: number, up = true): CandleVolumeData => ({ time: i as never, open: 10, high: 12, low: 9, close: up ? 11 : 9.5, volume })
const ROWS = [row(0, 5), row(1, 10, false), row(2, 20), row(3, 40, false)]

describe('the volume under the candles', () => {
  it('scales the largest volume in view to a fifth of the pane, coloured by the candle', () => {
    // Bars 1 to 2 in view of a 500 px pane: 20 fills 100 px, 10 half of it.
    expect(volumeColumns(ROWS, 1, 2, 500, (i) => i * 6)).toEqual([
      { x: 6, height: 50, up: false },
      { x: 12, height: 100, up: true },
    ])
  })

  it('clamps the range to the rows, skips bars off the time scale, and keeps a sliver for tiny volumes', () => {
    const columns = volumeColumns([row(0, 0.001), ...ROWS.slice(1)], -3.5, 9.2, 500, (i) => (i === 2 ? null : i))
    expect(columns.map((c) => c.x)).toEqual([0, 1, 3])
    expect(columns[0]!.height).toBe(1)
    expect(columns.at(-1)!.height).toBe(100)
    expect(volumeColumns([row(0, 0)], 0, 0, 500, () => 0)).toEqual([])
  })
})
