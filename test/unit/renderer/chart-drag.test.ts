import { describe, expect, it } from 'vitest'
import { amendRequest, crossingWarning, hitTest, moveQuestion, snapToTick, unitsToDecimal } from '../../../renderer/src/features/chart/chart-drag'
import type { ChartLine } from '../../../renderer/src/features/chart/chart-lines'

const line = (fields: Partial<ChartLine>): ChartLine => ({
  id: 'order-7',
  kind: 'order',
  priceText: '59000',
  price: 59000,
  title: 'Limit buy 0.010',
  label: 'Limit buy 0.010 @ 59,000.0',
  noun: 'limit buy 0.010',
  tone: 'buy',
  style: 'dashed',
  width: 1,
  orderId: 7,
  side: 'buy',
  amend: 'price',
  ...fields,
})

describe('chart line dragging', () => {
  it('grabs the nearest line within a few pixels, never one off the scale', () => {
    const targets = [
      { id: 'a', y: 100 },
      { id: 'b', y: 108 },
      { id: 'c', y: null },
    ]
    expect(hitTest(targets, 103)?.id).toBe('a')
    expect(hitTest(targets, 105)?.id).toBe('b')
    expect(hitTest(targets, 104)?.id).toBe('a')
    expect(hitTest(targets, 114)).toBeUndefined()
    expect(hitTest(targets, 95)?.id).toBe('a')
    expect(hitTest(targets, 94)).toBeUndefined()
    expect(hitTest(targets, 120, 12)?.id).toBe('b')
    expect(hitTest([], 10)).toBeUndefined()
  })

  it('snaps a pointer price to the tick as an exact decimal', () => {
    expect(snapToTick(58123.4567, '0.1')).toEqual({ value: 58123.5, text: '58123.5' })
    expect(snapToTick(58123.04, '0.1')).toEqual({ value: 58123, text: '58123' })
    expect(snapToTick(0.123456, '0.0001')).toEqual({ value: 0.1235, text: '0.1235' })
    expect(snapToTick(101.3, '0.5')).toEqual({ value: 101.5, text: '101.5' })
    expect(snapToTick(1234.4, '1')).toEqual({ value: 1234, text: '1234' })
    expect(snapToTick(60000.1 + 0.2, '0.01')).toEqual({ value: 60000.3, text: '60000.3' })
    expect(snapToTick(0.004, '0.01')).toBeUndefined()
    expect(snapToTick(-5, '0.01')).toBeUndefined()
    expect(snapToTick(Number.NaN, '0.01')).toBeUndefined()
  })

  it('writes grid units as exact decimals', () => {
    expect(unitsToDecimal(5800012, '0.01')).toBe('58000.12')
    expect(unitsToDecimal(5800010, '0.01')).toBe('58000.1')
    expect(unitsToDecimal(5800000, '0.01')).toBe('58000')
    expect(unitsToDecimal(3, '0.00001')).toBe('0.00003')
    expect(unitsToDecimal(7, '5')).toBe('35')
  })

  it('amends a limit by its price and a stop by its trigger; other lines do not move', () => {
    expect(amendRequest(line({}), 3, '58900')).toEqual({ accountId: 3, orderId: 7, price: '58900' })
    expect(amendRequest(line({ kind: 'stop-loss', amend: 'triggerPrice' }), 3, '57000')).toEqual({ accountId: 3, orderId: 7, triggerPrice: '57000' })
    expect(amendRequest(line({ id: 'entry', kind: 'entry', orderId: undefined, amend: undefined }), 3, '1')).toBeUndefined()
    expect(amendRequest(line({ amend: undefined }), 3, '1')).toBeUndefined()
  })

  it('asks in the trader’s words and warns when a limit would cross the market', () => {
    expect(moveQuestion(line({ noun: 'stop-loss' }), '58,000.0', '57,500.0')).toBe('Move stop-loss from 58,000.0 to 57,500.0?')
    expect(crossingWarning(line({}), 60001, 59999, 60000)).toMatch(/buy at once/)
    expect(crossingWarning(line({}), 59999, 59999, 60000)).toBeUndefined()
    expect(crossingWarning(line({ side: 'sell' }), 59999, 59999, 60000)).toMatch(/sell at once/)
    expect(crossingWarning(line({ side: 'sell', amend: 'triggerPrice' }), 1, 59999, 60000)).toBeUndefined()
  })
})
