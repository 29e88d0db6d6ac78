import { describe, expect, it } from 'vitest'
import { requests } from '../../../shared/contract'
import type { Account } from '../../../shared/domain/trading'
import {
  checkNewAccount,
  checkRisk,
  formOf,
  fractionToPercent,
  hasRiskLimits,
  NEW_ACCOUNT,
  percentToFraction,
  type AccountFormValues,
  type FieldErrors,
} from '../../../renderer/src/features/accounts/account-form'

const form = (values: Partial<AccountFormValues>): AccountFormValues => ({ ...NEW_ACCOUNT, name: 'Scalper', ...values })
const errorsOf = (values: Partial<AccountFormValues>): FieldErrors => checkNewAccount(form(values)).errors

describe('the new-account form', () => {
  it('turns the defaults into the contract request a new account needs, and no risk call', () => {
    const { errors, create, risk } = checkNewAccount(form({}))
    expect(errors).toEqual({})
    expect(create).toEqual({ name: 'Scalper', startingBalance: '10000', sizingMethod: 'ACCOUNT_PERCENTAGE', sizingValue: '0.1', maxLeverage: 10, maxOpenPositions: 5 })
    expect(risk).toEqual({ breakerMode: 'block_entries', maxPositionNotional: null, dailyLossLimit: null, maxConsecutiveLosses: null })
    expect(hasRiskLimits(risk!)).toBe(false)
    // What the form sends passes the contract's own schemas.
    expect(requests['accounts.create'].params.safeParse(create).success).toBe(true)
    expect(requests['accounts.setRisk'].params.safeParse({ accountId: 1, ...risk }).success).toBe(true)
  })

  it('converts percentages to exact fractions and keeps the risk limits', () => {
    const { create, risk } = checkNewAccount(
      form({
        name: '  Swing  ',
        startingBalance: '2500.5',
        sizingValue: '2.5',
        defaultStopLoss: '1.25',
        defaultTakeProfit: '4',
        maxLeverage: '20',
        maxOpenPositions: '12',
        maxPositionNotional: '5000',
        dailyLossLimit: '250.75',
        maxConsecutiveLosses: '3',
        breakerMode: 'flatten',
      }),
    )
    expect(create).toEqual({
      name: 'Swing',
      startingBalance: '2500.5',
      sizingMethod: 'ACCOUNT_PERCENTAGE',
      sizingValue: '0.025',
      defaultStopLoss: '0.0125',
      defaultTakeProfit: '0.04',
      maxLeverage: 20,
      maxOpenPositions: 12,
    })
    expect(risk).toEqual({ breakerMode: 'flatten', maxPositionNotional: '5000', dailyLossLimit: '250.75', maxConsecutiveLosses: 3 })
    expect(hasRiskLimits(risk!)).toBe(true)
    expect(requests['accounts.create'].params.safeParse(create).success).toBe(true)
    expect(requests['accounts.setRisk'].params.safeParse({ accountId: 1, ...risk }).success).toBe(true)
  })

  it('takes a fixed notional as typed', () => {
    expect(checkNewAccount(form({ sizingMethod: 'FIXED_USD', sizingValue: '250.5' })).create?.sizingValue).toBe('250.5')
    expect(errorsOf({ sizingMethod: 'FIXED_USD', sizingValue: '1,000' }).sizingValue).toMatch(/digits and a point/)
  })

  it('explains each mistake beside its field, before anything is sent', () => {
    expect(errorsOf({ name: '   ' }).name).toBe('Give the account a name')
    expect(errorsOf({ name: 'x'.repeat(61) }).name).toMatch(/at most 60/)
    expect(errorsOf({ name: 'tab\there' }).name).toMatch(/control characters/)
    expect(errorsOf({ startingBalance: '10,000' }).startingBalance).toMatch(/digits and a point/)
    expect(errorsOf({ startingBalance: '0.00' }).startingBalance).toBe('Must be greater than zero')
    expect(errorsOf({ startingBalance: '' }).startingBalance).toBe('Enter a starting balance')
    expect(errorsOf({ startingBalance: '12345678901' }).startingBalance).toMatch(/10 digits/)
    expect(errorsOf({ sizingValue: '0' }).sizingValue).toMatch(/Between 0 %/)
    expect(errorsOf({ defaultStopLoss: '100' }).defaultStopLoss).toMatch(/not included/)
    expect(errorsOf({ defaultStopLoss: '1.1234567' }).defaultStopLoss).toMatch(/at most 6 decimals/)
    expect(errorsOf({ defaultTakeProfit: '-2' }).defaultTakeProfit).toBeDefined()
    for (const maxLeverage of ['0', '126', '2.5', '']) expect(errorsOf({ maxLeverage }).maxLeverage).toBe('A whole number from 1 to 125')
    expect(errorsOf({ maxOpenPositions: '501' }).maxOpenPositions).toBe('A whole number from 1 to 500')
    expect(errorsOf({ maxConsecutiveLosses: '0' }).maxConsecutiveLosses).toBe('A whole number from 1 to 1000')
    expect(errorsOf({ dailyLossLimit: 'abc' }).dailyLossLimit).toMatch(/digits and a point/)
    expect(checkNewAccount(form({ name: '' })).create).toBeUndefined()
  })

  it('removes a limit left empty when editing risk', () => {
    const errors: FieldErrors = {}
    expect(checkRisk(form({ dailyLossLimit: ' ', maxConsecutiveLosses: '5', breakerMode: 'reduce_only' }), errors)).toEqual({
      breakerMode: 'reduce_only',
      maxPositionNotional: null,
      dailyLossLimit: null,
      maxConsecutiveLosses: 5,
    })
    expect(errors).toEqual({})
  })

  it('converts percent and fraction both ways exactly', () => {
    expect(percentToFraction('10')).toBe('0.1')
    expect(percentToFraction('0.01')).toBe('0.0001')
    expect(percentToFraction('12.345678')).toBe('0.12345678')
    expect(percentToFraction('1e2')).toBeUndefined()
    expect(fractionToPercent('0.025')).toBe('2.5')
    expect(fractionToPercent('0.12345678')).toBe('12.345678')
  })

  it('shows an existing account as it was created', () => {
    const account: Account = {
      id: 4,
      name: 'Bot',
      quote: 'USDT',
      startingBalance: '5000',
      maxLeverage: 3,
      maxOpenPositions: 2,
      sizingMethod: 'CONFIDENCE_BASED',
      sizingValue: '0.2',
      defaultStopLoss: '0.015',
      risk: { breakerMode: 'reduce_only', dailyLossLimit: '100', maxConsecutiveLosses: 4 },
      status: 'active',
      createdAt: 0,
    }
    const values = formOf(account)
    expect(values).toMatchObject({ sizingValue: '20', defaultStopLoss: '1.5', defaultTakeProfit: '', dailyLossLimit: '100', maxConsecutiveLosses: '4', maxPositionNotional: '' })
    const { create, risk } = checkNewAccount(values)
    expect(create).toEqual({
      name: 'Bot',
      startingBalance: '5000',
      sizingMethod: 'CONFIDENCE_BASED',
      sizingValue: '0.2',
      defaultStopLoss: '0.015',
      maxLeverage: 3,
      maxOpenPositions: 2,
    })
    expect(risk).toEqual({ breakerMode: 'reduce_only', maxPositionNotional: null, dailyLossLimit: '100', maxConsecutiveLosses: 4 })
  })
})
