import { createHmac, timingSafeEqual } from 'node:crypto'
import { apiUrlsAt } from '../../electron/venues/ccxt/venues'
import { startJsonServer, withState, type ExchangeRequest, type Json, type JsonServer, type Reply } from './fake-exchange-server'

/**
 * A local stand-in for OKX's v5 REST API: the subset ccxt calls to load spot and swap
 * markets, read currencies and the trading balance, and the key's account config. Private
 * requests are checked as OKX documents: OK-ACCESS-KEY, OK-ACCESS-PASSPHRASE,
 * OK-ACCESS-TIMESTAMP (ISO 8601, within 30 seconds), and OK-ACCESS-SIGN =
 * base64(HMAC-SHA256(timestamp + method + requestPath + body, secret)); a demo-trading key
 * works only with the x-simulated-trading header, a live key only without it. Errors use
 * OKX's codes and bodies ({"code":"50113","msg":"Invalid Sign","data":[]}).
 */

export interface FakeOkxOptions {
  apiKey: string
  secret: string
  passphrase: string
  /** The key was made for demo trading (ccxt's sandbox mode sends x-simulated-trading: 1). */
  demo?: boolean
}

/** One currency of the trading account's balance. */
export interface OkxBalance {
  ccy: string
  cashBal: string
  frozenBal: string
}

export interface FakeOkx extends JsonServer {
  clockOffsetMs: number
  balances: OkxBalance[]
  /** The key's permissions as account/config reports them: "read_only", "trade", "withdraw". */
  perm: string[]
  /** When set, private requests from other addresses are refused (50110). */
  allowedIps: string[] | undefined
}

class OkxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg)
  }
}

const TIMESTAMP_TOLERANCE_MS = 30_000

export async function startFakeOkx(options: FakeOkxOptions): Promise<FakeOkx> {
  const state = {
    clockOffsetMs: 0,
    balances: [
      { ccy: 'USDT', cashBal: '2500.5', frozenBal: '100' },
      { ccy: 'BTC', cashBal: '0.25', frozenBal: '0' },
    ] as OkxBalance[],
    perm: ['read_only'],
    allowedIps: undefined as string[] | undefined,
  }

  const route = (req: ExchangeRequest, unknown: (key: string) => Reply): Reply => {
    const now = Date.now() + state.clockOffsetMs
    const key = `${req.method} ${req.url.pathname}`
    const signed = (): void => authenticate(req, options, now, state.allowedIps)
    switch (key) {
      case 'GET /api/v5/public/time':
        return ok([{ ts: String(now) }])
      case 'GET /api/v5/public/instruments':
        return ok(instruments(req.url.searchParams.get('instType')))
      case 'GET /api/v5/asset/currencies':
        signed()
        return ok(currencies())
      case 'GET /api/v5/account/balance':
        signed()
        return ok([balance(state.balances, now)])
      case 'GET /api/v5/account/config':
        signed()
        return ok([accountConfig(state.perm, state.allowedIps)])
      default:
        return unknown(key)
    }
  }

  const server = await startJsonServer({
    route,
    errorReply: (error) =>
      error instanceof OkxError
        ? { status: error.status, body: { code: error.code, msg: error.message, data: [] } }
        : { status: 500, body: { code: '50000', msg: 'Body cannot be empty.', data: [] } },
    isSigned: (req) => req.headers['ok-access-sign'] !== undefined,
  })

  return withState(server, state, {})
}

/** ccxt's okx URLs (live and demo share one host) pointed at the fake. */
export function okxUrlsAt(base: string): ReturnType<typeof apiUrlsAt> {
  return apiUrlsAt('okx', base)
}

const ok = (data: unknown[]): Reply => ({ status: 200, body: { code: '0', msg: '', data } })

// ---------------------------------------------------------------------------------------
// REST authentication, as OKX documents it
// ---------------------------------------------------------------------------------------

function authenticate(req: ExchangeRequest, options: FakeOkxOptions, now: number, allowedIps: string[] | undefined): void {
  const header = (name: string): string => {
    const value = req.headers[name]
    return typeof value === 'string' ? value : ''
  }
  const apiKey = header('ok-access-key')
  if (apiKey === '') throw new OkxError(401, '50103', 'Request header OK-ACCESS-KEY cannot be empty.')
  if (header('ok-access-passphrase') === '') throw new OkxError(401, '50104', 'Request header OK-ACCESS-PASSPHRASE cannot be empty.')
  const timestamp = header('ok-access-timestamp')
  if (timestamp === '') throw new OkxError(401, '50107', 'Request header OK-ACCESS-TIMESTAMP cannot be empty.')
  if (header('ok-access-sign') === '') throw new OkxError(401, '50106', 'Request header OK-ACCESS-SIGN cannot be empty.')
  if (apiKey !== options.apiKey) throw new OkxError(401, '50111', 'Invalid OK-ACCESS-KEY.')
  const demo = header('x-simulated-trading') === '1'
  if (demo !== (options.demo ?? false)) throw new OkxError(401, '50101', "APIKey does not match current environment.")
  if (header('ok-access-passphrase') !== options.passphrase) throw new OkxError(401, '50105', 'OK-ACCESS-PASSPHRASE incorrect.')
  const sent = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(timestamp) ? Date.parse(timestamp) : NaN
  if (!Number.isFinite(sent)) throw new OkxError(401, '50112', 'Invalid OK-ACCESS-TIMESTAMP.')
  if (Math.abs(now - sent) > TIMESTAMP_TOLERANCE_MS) throw new OkxError(401, '50102', 'Timestamp request expired.')
  const prehash = `${timestamp}${req.method}${req.url.pathname}${req.url.search}${req.body}`
  const expected = Buffer.from(createHmac('sha256', options.secret).update(prehash).digest('base64'))
  const given = Buffer.from(header('ok-access-sign'))
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new OkxError(401, '50113', 'Invalid Sign.')
  if (allowedIps !== undefined && !allowedIps.includes(req.ip)) {
    throw new OkxError(401, '50110', `Your IP ${req.ip} is not included in your API key's IP whitelist.`)
  }
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

const LIST_TIME = '1606468572000'

function instruments(instType: string | null): Json[] {
  const common = { alias: '', category: '1', expTime: '', listTime: LIST_TIME, optType: '', state: 'live', stk: '', ruleType: 'normal', maxIcebergSz: '9999999999', maxLmtAmt: '20000000', maxLmtSz: '9999999999', maxMktAmt: '1000000', maxMktSz: '1000000', maxStopSz: '1000000', maxTriggerSz: '9999999999', maxTwapSz: '9999999999' }
  if (instType === 'SPOT') {
    return [
      { ...common, instType: 'SPOT', instId: 'BTC-USDT', baseCcy: 'BTC', quoteCcy: 'USDT', settleCcy: '', ctVal: '', ctMult: '', ctValCcy: '', ctType: '', instFamily: '', uly: '', lever: '10', tickSz: '0.1', lotSz: '0.00000001', minSz: '0.00001' },
      { ...common, instType: 'SPOT', instId: 'ETH-USDT', baseCcy: 'ETH', quoteCcy: 'USDT', settleCcy: '', ctVal: '', ctMult: '', ctValCcy: '', ctType: '', instFamily: '', uly: '', lever: '10', tickSz: '0.01', lotSz: '0.000001', minSz: '0.0001' },
    ]
  }
  if (instType === 'SWAP') {
    return [
      { ...common, instType: 'SWAP', instId: 'BTC-USDT-SWAP', baseCcy: '', quoteCcy: '', settleCcy: 'USDT', ctVal: '0.01', ctMult: '1', ctValCcy: 'BTC', ctType: 'linear', instFamily: 'BTC-USDT', uly: 'BTC-USDT', lever: '100', tickSz: '0.1', lotSz: '0.01', minSz: '0.01' },
    ]
  }
  throw new OkxError(400, '51000', 'Parameter instType error')
}

function currencies(): Json[] {
  return ['BTC', 'ETH', 'USDT'].map((ccy) => ({
    ccy,
    chain: `${ccy}-${ccy === 'USDT' ? 'TRC20' : ccy}`,
    name: ccy,
    canDep: true,
    canInternal: true,
    canWd: true,
    mainNet: ccy !== 'USDT',
    minWd: '0.001',
    maxWd: '500',
    minFee: '0.0001',
    maxFee: '0.0002',
    fee: '0.0001',
    wdTickSz: '8',
    minDep: '0.00005',
    needTag: false,
    logoLink: '',
  }))
}

function balance(balances: readonly OkxBalance[], now: number): Json {
  return {
    adjEq: '',
    borrowFroz: '',
    imr: '',
    isoEq: '0',
    mgnRatio: '',
    mmr: '',
    notionalUsd: '',
    ordFroz: '',
    totalEq: '0',
    uTime: String(now),
    details: balances.map((b) => {
      const eq = (Number(b.cashBal) + 0).toString()
      return { ccy: b.ccy, cashBal: b.cashBal, eq, availBal: (Number(b.cashBal) - Number(b.frozenBal)).toString(), availEq: '', frozenBal: b.frozenBal, ordFrozen: b.frozenBal, uTime: String(now), upl: '0', isoEq: '0', disEq: eq, eqUsd: '0' }
    }),
  }
}

function accountConfig(perm: readonly string[], allowedIps: readonly string[] | undefined): Json {
  return {
    acctLv: '2',
    autoLoan: false,
    ctIsoMode: 'automatic',
    greeksType: 'PA',
    level: 'Lv1',
    levelTmp: '',
    mgnIsoMode: 'automatic',
    posMode: 'net_mode',
    spotOffsetType: '',
    uid: '44705892343619584',
    mainUid: '44705892343619584',
    label: 'tradedesk',
    roleType: '0',
    traderInsts: [],
    spotRoleType: '0',
    spotTraderInsts: [],
    opAuth: '0',
    kycLv: '2',
    ip: (allowedIps ?? []).join(','),
    perm: perm.join(','),
  }
}
