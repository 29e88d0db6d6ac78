import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import type { BalanceSnapshot, LedgerEntry } from '../../../../shared/domain/trading'
import { atoms, type Atoms } from '../../../../shared/trading/money'
import { useApi } from '../../api/api-context'
import { useAppStore, type AppState } from '../../store'
import { HISTORY_LIMIT } from '../../store/trading-slice'
import { dayFigures, equityPoints, liveTotals, utcDayStart, type DayFigures, type EquityPoint } from './balance-math'
import { EquityChart, type CurveMode } from './EquityChart'
import { formatMoney, toneOf } from './money-format'
import './balances.css'

/** How many hourly snapshots the curve reads (about 83 days). */
const CURVE_SNAPSHOTS = 2_000
/** Ledger entries read when the screen's own page does not reach back to midnight UTC. */
const DEEP_LEDGER = 10_000
const CURVE_MODE_KEY = 'tradedesk.balances.curve'

/** Engine time: the latest tick's (a replay runs on its recording's clock). */
const engineNow = (s: AppState): number => s.tickBatch.ticks.at(-1)?.ts ?? Date.now()

/**
 * The live part of the balance as one string, so React re-renders only when a shown figure
 * changes, not on every tick: unrealized P&L and holdings re-marked at the live mid.
 */
function liveKey(s: AppState): string {
  const view = s.view
  if (view?.balance === undefined) return ''
  const t = liveTotals(view.balance, Object.values(view.positions), (symbol) => s.summaries[symbol])
  return [t.unrealized, t.holdingsValue, ...t.holdingValues].join(':')
}

function Figure({ label, value, tone = '', title, testId, note }: { label: string; value: string; tone?: string; title?: string; testId: string; note?: ReactNode }) {
  return (
    <div className="bp-figure" title={title}>
      <dt>{label}</dt>
      <dd className={`num ${tone}`} data-testid={testId}>
        {value}
      </dd>
      {note !== undefined && <dd className="bp-note">{note}</dd>}
    </div>
  )
}

/** Today's (UTC) result from the ledger: the screen's page of it, or a deeper read when that page does not reach midnight. */
function useDayFigures(accountId: number | undefined, asset: string, dayStart: number): DayFigures | undefined {
  const api = useApi()
  const ledger = useAppStore((s) => s.view?.ledger)
  const [deep, setDeep] = useState<{ accountId: number; entries: LedgerEntry[] } | undefined>(undefined)
  const shallow = useMemo(() => (ledger === undefined ? undefined : dayFigures(ledger, dayStart, asset, HISTORY_LIMIT)), [ledger, dayStart, asset])
  const needDeep = shallow !== undefined && !shallow.complete
  useEffect(() => {
    if (!needDeep || accountId === undefined) return
    let cancelled = false
    const timer = setTimeout(() => {
      void api.request('ledger.entries', { accountId, limit: DEEP_LEDGER }).then((r) => {
        if (!cancelled && r.ok) setDeep({ accountId, entries: r.value })
      })
    }, 300)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [needDeep, ledger, accountId, api])
  return useMemo(() => {
    if (!needDeep || ledger === undefined || deep === undefined || deep.accountId !== accountId) return shallow
    // The screen's page is newer; the deep read reaches further back.
    const oldest = ledger.at(-1)?.id ?? Number.MAX_SAFE_INTEGER
    const merged = [...ledger, ...deep.entries.filter((e) => e.id < oldest)]
    const figures = dayFigures(merged, dayStart, asset)
    const deepOldest = deep.entries.at(-1)
    return { ...figures, complete: deep.entries.length < DEEP_LEDGER || deepOldest === undefined || deepOldest.ts < dayStart }
  }, [needDeep, ledger, deep, accountId, shallow, dayStart, asset])
}

/** Hourly snapshots, re-read each engine hour and on every reconnect. */
function useBalanceHistory(accountId: number | undefined): BalanceSnapshot[] {
  const api = useApi()
  const epoch = useAppStore((s) => s.connectionEpoch)
  const hour = useAppStore((s) => Math.floor(engineNow(s) / 3_600_000))
  const [history, setHistory] = useState<{ accountId: number; snapshots: BalanceSnapshot[] } | undefined>(undefined)
  useEffect(() => {
    if (accountId === undefined) return
    let cancelled = false
    void api.request('balances.history', { accountId, limit: CURVE_SNAPSHOTS }).then((r) => {
      if (!cancelled && r.ok) setHistory({ accountId, snapshots: r.value })
    })
    return () => {
      cancelled = true
    }
  }, [api, accountId, epoch, hour])
  return history !== undefined && history.accountId === accountId ? history.snapshots : NO_SNAPSHOTS
}
const NO_SNAPSHOTS: BalanceSnapshot[] = []

/**
 * The selected account's money: equity, wallet, available, margin, live unrealized P&L,
 * today's realized P&L, fees and funding (UTC day, from the ledger), spot holdings, and its
 * equity curve or cumulative P&L.
 */
export function BalancePanel() {
  const accountId = useAppStore((s) => s.selectedAccountId)
  const account = useAppStore((s) => (s.selectedAccountId === undefined ? undefined : s.accounts[s.selectedAccountId]))
  const balance = useAppStore((s) => s.view?.balance)
  const live = useAppStore(liveKey)
  const theme = useAppStore((s) => s.theme)
  const dayStart = useAppStore((s) => utcDayStart(engineNow(s)))
  const asset = balance?.asset ?? account?.quote ?? 'USDT'
  const today = useDayFigures(accountId, asset, dayStart)
  const snapshots = useBalanceHistory(accountId)
  const [mode, setMode] = useState<CurveMode>(() => (localStorage.getItem(CURVE_MODE_KEY) === 'pnl' ? 'pnl' : 'equity'))
  const chooseMode = (next: CurveMode): void => {
    localStorage.setItem(CURVE_MODE_KEY, next)
    setMode(next)
  }

  const startingBalance = account === undefined ? 0n : atoms(account.startingBalance)
  const points = useMemo(
    () => (account === undefined ? [] : equityPoints(snapshots, { ts: account.createdAt, equity: atoms(account.startingBalance) }, undefined)),
    [snapshots, account],
  )
  const livePoint = useCallback((): EquityPoint | undefined => {
    const s = useAppStore.getState()
    const view = s.view
    if (view?.balance === undefined || view.accountId !== accountId) return undefined
    const t = liveTotals(view.balance, Object.values(view.positions), (symbol) => s.summaries[symbol])
    return { time: Math.floor(engineNow(s) / 1000), equity: t.equity }
  }, [accountId])

  if (account === undefined) {
    return (
      <section className="panel balance-panel" aria-label="Balance">
        <div className="panel-title">Balance</div>
        <p className="bp-empty">Create a paper account (top left) to start trading.</p>
      </section>
    )
  }

  const [unrealizedText, heldText, ...holdingTexts] = live === '' ? [] : live.split(':')
  const unrealized: Atoms = unrealizedText === undefined ? 0n : BigInt(unrealizedText)
  const held: Atoms = heldText === undefined ? 0n : BigInt(heldText)
  const wallet = balance === undefined ? undefined : atoms(balance.wallet)
  const margin = balance === undefined ? undefined : atoms(balance.marginUsed)
  const equity = wallet === undefined || margin === undefined ? undefined : wallet + margin + unrealized + held
  const money = (v: Atoms | undefined, signed = false): string => (v === undefined ? '—' : formatMoney(v, { signed }))
  const exact = (label: string, v: Atoms | undefined): string | undefined => (v === undefined ? undefined : `${label}: ${formatMoney(v, { decimals: 8 })} ${asset}`)
  const partial = today !== undefined && !today.complete ? ' (partial: more than 10,000 ledger entries today)' : ''
  const limit = account.risk.dailyLossLimit

  return (
    <section className="panel balance-panel" aria-label="Balance">
      <div className="panel-title bp-title">
        <span>Balance</span>
        <span className="bp-asset">{asset}</span>
      </div>
      <div className="bp-body">
        <div className="bp-headline" title={exact('Equity: wallet + margin + unrealized P&L + holdings', equity)}>
          <span className="bp-headline-label">Equity</span>
          <span className="num bp-equity" data-testid="balance-equity">
            {money(equity)}
          </span>
          <span className="bp-unit">{asset}</span>
        </div>
        <dl className="bp-figures">
          <Figure label="Wallet" testId="balance-wallet" value={money(wallet)} title={exact('Free wallet balance (not held as margin)', wallet)} />
          <Figure
            label="Available"
            testId="balance-available"
            value={money(balance === undefined ? undefined : atoms(balance.available))}
            title={exact('Available for new orders (wallet less what open orders need)', balance === undefined ? undefined : atoms(balance.available))}
          />
          <Figure label="Margin used" testId="balance-margin" value={money(margin)} title={exact('Isolated margin held by open positions', margin)} />
          <Figure
            label="Unrealized P&L"
            testId="balance-unrealized"
            value={money(unrealized, true)}
            tone={toneOf(unrealized)}
            title={exact('Open positions marked at the live mid price', unrealized)}
          />
          <Figure
            label="Realized today"
            testId="balance-realized-today"
            value={money(today?.realized, true)}
            tone={today === undefined ? '' : toneOf(today.realized)}
            title={exact(`Realized P&L since 00:00 UTC, from the ledger${partial}`, today?.realized)}
          />
          <Figure
            label="Fees today"
            testId="balance-fees-today"
            value={money(today?.fees)}
            title={exact(`Trading fees since 00:00 UTC, from the ledger${partial}`, today?.fees)}
          />
          <Figure
            label="Funding today"
            testId="balance-funding-today"
            value={money(today?.funding, true)}
            tone={today === undefined ? '' : toneOf(today.funding)}
            title={exact('Perpetual funding since 00:00 UTC (+ received, - paid)', today?.funding)}
          />
          <Figure
            label="Net today"
            testId="balance-net-today"
            value={money(today?.net, true)}
            tone={today === undefined ? '' : toneOf(today.net)}
            title={exact(`Realized - fees + funding - liquidation clearance since 00:00 UTC: what the daily loss limit counts${partial}`, today?.net)}
            note={limit === undefined ? undefined : `limit -${formatMoney(atoms(limit), { decimals: 0 })}`}
          />
        </dl>
        {balance !== undefined && balance.holdings.length > 0 && (
          <table className="bp-holdings" aria-label="Spot holdings">
            <thead>
              <tr>
                <th>Holding</th>
                <th className="num">Amount</th>
                <th className="num">Value</th>
              </tr>
            </thead>
            <tbody>
              {balance.holdings.map((h, i) => (
                <tr key={h.asset} data-testid={`holding-${h.asset}`}>
                  <td>{h.asset}</td>
                  <td className="num" title={`Available: ${h.available}`}>
                    {h.amount}
                  </td>
                  <td className="num">{money(holdingTexts[i] === undefined ? atoms(h.value) : BigInt(holdingTexts[i]))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="bp-curve">
          <div className="bp-curve-bar" role="group" aria-label="Curve">
            {(['equity', 'pnl'] as const).map((m) => (
              <button
                key={m}
                type="button"
                aria-pressed={mode === m}
                className={mode === m ? 'active' : ''}
                onClick={() => chooseMode(m)}
                data-testid={`curve-${m}`}
              >
                {m === 'equity' ? 'Equity' : 'Cumulative P&L'}
              </button>
            ))}
            <span className="bp-curve-note">hourly · live</span>
          </div>
          <EquityChart points={points} startingBalance={startingBalance} mode={mode} theme={theme} live={livePoint} />
        </div>
      </div>
    </section>
  )
}
