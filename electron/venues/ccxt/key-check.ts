import type { Exchange } from 'ccxt'
import type { ExchangeVenue, KeyCheck, KeyPermissions } from '../../../shared/domain/exchanges'
import { toAppError, venueName } from './ccxt-errors'

/**
 * Checks an API key the way a trader would want before trusting it: a signed read-only
 * call (the balance) proves key, secret and passphrase; then each exchange's own "what may
 * this key do" endpoint, read for the warnings (it can withdraw; it cannot trade).
 */

type Reply = Record<string, unknown>

interface PermissionProbe {
  /** ccxt's implicit method for the exchange's endpoint. */
  method: string
  read(reply: Reply): KeyPermissions
}

export const PERMISSION_PROBES: Record<ExchangeVenue, PermissionProbe> = {
  binance: {
    method: 'sapiGetAccountApiRestrictions',
    read: (r) => ({
      trade: r['enableSpotAndMarginTrading'] === true || r['enableFutures'] === true,
      withdraw: r['enableWithdrawals'] === true,
      ipRestricted: r['ipRestrict'] === true,
    }),
  },
  okx: {
    method: 'privateGetAccountConfig',
    read: (r) => {
      const config = first(r['data'])
      const perm = String(config['perm'] ?? '').split(',')
      return { trade: perm.includes('trade'), withdraw: perm.includes('withdraw'), ipRestricted: stringOr(config['ip']) !== '' }
    },
  },
  bybit: {
    method: 'privateGetV5UserQueryApi',
    read: (r) => {
      const result = (r['result'] ?? {}) as Reply
      const wallet = ((result['permissions'] ?? {}) as Record<string, unknown>)['Wallet']
      const ips = Array.isArray(result['ips']) ? (result['ips'] as unknown[]) : []
      return { trade: Number(result['readOnly']) === 0, withdraw: Array.isArray(wallet) && wallet.includes('Withdraw'), ipRestricted: ips.length > 0 && !ips.includes('*') }
    },
  },
  kucoin: {
    method: 'privateGetUserApiKey',
    read: (r) => {
      const data = (r['data'] ?? {}) as Reply
      const permission = String(data['permission'] ?? '').split(',')
      return {
        trade: permission.some((p) => p === 'Spot' || p === 'Margin' || p === 'Futures'),
        withdraw: permission.includes('Withdrawal'),
        ipRestricted: stringOr(data['ipWhitelist']) !== '',
      }
    },
  },
}

export const WITHDRAW_WARNING = 'This key can withdraw funds. The app never withdraws; a key without withdrawal permission is safer if this computer is ever compromised.'
export const READ_ONLY_WARNING = 'This key is read-only: balances and history work, but live orders will be refused by the exchange.'

/** Throws the exchange's refusal in words (AppError, `details.problem`); resolves with what the key may do. */
export async function checkKey(exchange: Exchange, venue: ExchangeVenue, now: () => number = Date.now): Promise<KeyCheck> {
  let assets: number
  try {
    const balance = await exchange.fetchBalance()
    assets = Object.values(balance.total ?? {}).filter((amount) => typeof amount === 'number' && amount > 0).length
  } catch (error) {
    throw toAppError(error, exchange, 'check the key')
  }
  const permissions = await readPermissions(exchange, PERMISSION_PROBES[venue])
  const warnings: string[] = []
  if (permissions === undefined) warnings.push(`${venueName(exchange)} did not say what this key may do, so the app cannot tell whether it can withdraw.`)
  if (permissions?.withdraw === true) warnings.push(WITHDRAW_WARNING)
  if (permissions?.trade === false) warnings.push(READ_ONLY_WARNING)
  return {
    at: now(),
    ok: true,
    message: `The key works: ${assets} ${assets === 1 ? 'asset' : 'assets'} with a balance.`,
    ...(permissions === undefined ? {} : { permissions }),
    warnings,
  }
}

/** Undefined when the exchange would not say (e.g. a testnet without the endpoint). */
async function readPermissions(exchange: Exchange, probe: PermissionProbe): Promise<KeyPermissions | undefined> {
  const call = (exchange as unknown as Record<string, ((params?: object) => Promise<unknown>) | undefined>)[probe.method]
  if (call === undefined) return undefined
  try {
    return probe.read((await call.call(exchange, {})) as Reply)
  } catch {
    return undefined
  }
}

function first(value: unknown): Reply {
  return Array.isArray(value) && typeof value[0] === 'object' && value[0] !== null ? (value[0] as Reply) : {}
}

const stringOr = (value: unknown): string => (typeof value === 'string' ? value : '')
