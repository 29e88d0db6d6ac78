import { useEffect, useState } from 'react'
import type { Account } from '../../../../shared/domain/trading'
import { atoms } from '../../../../shared/trading/money'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import { formatMoney } from '../balances/money-format'
import { NotificationBell } from '../notifications/NotificationCenter'
import { BREAKER_LABELS } from './account-form'
import { AccountDialog } from './AccountDialog'
import { ConfirmDialog } from './ConfirmDialog'
import './accounts.css'

type Dialog = 'create' | 'edit' | 'reset' | 'archive' | 'kill' | undefined

const HALT_BY = { kill_switch: 'Kill switch', circuit_breaker: 'Circuit breaker' } as const

/** A halt's start: the time today, else date and time (locale). */
function sinceText(ts: number): string {
  const d = new Date(ts)
  const sameDay = d.toDateString() === new Date().toDateString()
  return sameDay ? d.toLocaleTimeString(undefined, { hour12: false }) : d.toLocaleString(undefined, { hour12: false })
}

/** The account's risk limits in a line, for the state chip's tooltip. */
function limitsText(account: Account): string {
  const r = account.risk
  const parts = [
    r.dailyLossLimit === undefined ? undefined : `daily loss ${formatMoney(atoms(r.dailyLossLimit), { decimals: 0 })} ${account.quote}`,
    r.maxConsecutiveLosses === undefined ? undefined : `${r.maxConsecutiveLosses} losses in a row`,
    r.maxPositionNotional === undefined ? undefined : `position ≤ ${formatMoney(atoms(r.maxPositionNotional), { decimals: 0 })} ${account.quote}`,
  ].filter((p) => p !== undefined)
  return `Circuit breaker: ${parts.length === 0 ? 'no limits set' : parts.join(', ')}; when tripped: ${BREAKER_LABELS[r.breakerMode].toLowerCase()}`
}

/** What the engine still accepts during a halt (paper-exchange's placement checks). */
function allowedWhileHalted(account: Account): string {
  return account.halt?.by === 'kill_switch' || account.risk.breakerMode !== 'block_entries' ? 'reduce-only orders' : 'orders that reduce a position'
}

/** Trading active, or halted with who, why and since when, and the Resume button. */
function TradingState({ account, onError }: { account: Account; onError(message: string | undefined): void }) {
  const api = useApi()
  const [busy, setBusy] = useState(false)
  const halt = account.halt
  if (halt === undefined) {
    return (
      <span className="ab-state ab-active" data-testid="trading-state" data-halted="false" title={limitsText(account)}>
        <span className="ab-dot" aria-hidden="true" />
        Trading active
      </span>
    )
  }
  const resume = async (): Promise<void> => {
    setBusy(true)
    const r = await api.request('risk.resume', { accountId: account.id })
    setBusy(false)
    if (r.ok) useAppStore.getState().applyAccount(r.value)
    onError(r.ok ? undefined : r.error.message)
  }
  return (
    <span className="ab-state ab-halted" role="status" data-testid="trading-state" data-halted="true">
      <strong className="ab-halted-label">TRADING HALTED</strong>
      <span
        className="ab-halt-detail"
        title={`${HALT_BY[halt.by]}: ${halt.reason} (since ${new Date(halt.since).toLocaleString()}). Until you resume, only ${allowedWhileHalted(account)} are accepted.`}
      >
        since {sinceText(halt.since)} · {halt.reason.startsWith(HALT_BY[halt.by]) ? halt.reason : `${HALT_BY[halt.by]}: ${halt.reason}`}
      </span>
      <button type="button" className="ab-resume" onClick={() => void resume()} disabled={busy} data-testid="resume-trading">
        Resume
      </button>
    </span>
  )
}

/**
 * The top bar: which paper account the screen shows and trades, its management (create,
 * edit name and risk limits, reset, archive), its trading state with the kill switch and
 * resume, and the notification bell.
 */
export function AccountBar() {
  const api = useApi()
  const accounts = useAppStore((s) => s.accounts)
  const selected = useAppStore((s) => s.selectedAccountId)
  const selectAccount = useAppStore((s) => s.selectAccount)
  const openOrders = useAppStore((s) => (s.view === undefined ? 0 : Object.keys(s.view.openOrders).length))
  const positions = useAppStore((s) => (s.view === undefined ? 0 : Object.keys(s.view.positions).length))
  const holdings = useAppStore((s) => s.view?.balance?.holdings.length ?? 0)
  const [dialog, setDialog] = useState<Dialog>(undefined)
  const [busy, setBusy] = useState(false)
  const [dialogError, setDialogError] = useState<string | undefined>(undefined)
  const [barError, setBarError] = useState<string | undefined>(undefined)
  const [flatten, setFlatten] = useState(true)
  const [reason, setReason] = useState('')
  const active = Object.values(accounts).filter((a) => a.status === 'active')
  const account = selected === undefined ? undefined : accounts[selected]

  useEffect(() => {
    if (barError === undefined) return
    const timer = setTimeout(() => setBarError(undefined), 10_000)
    return () => clearTimeout(timer)
  }, [barError])

  const open = (next: Dialog): void => {
    setDialogError(undefined)
    setBusy(false)
    if (next === 'kill') {
      setFlatten(true)
      setReason('')
    }
    setDialog(next)
  }
  const close = (): void => setDialog(undefined)

  /** Sends one account command from a confirmation; a refusal stays in the dialog, as the engine words it. */
  const run = async (request: () => Promise<{ ok: true; value: Account } | { ok: false; error: { message: string } }>): Promise<void> => {
    setBusy(true)
    setDialogError(undefined)
    const r = await request()
    setBusy(false)
    if (!r.ok) return setDialogError(r.error.message)
    useAppStore.getState().applyAccount(r.value)
    close()
  }

  const quote = account?.quote ?? 'USDT'
  const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

  return (
    <header className={`account-bar${account?.halt === undefined ? '' : ' ab-is-halted'}`} aria-label="Account">
      <label className="ab-select">
        <span>Account</span>
        <select data-testid="account-select" value={selected ?? ''} onChange={(e) => selectAccount(Number(e.target.value))} disabled={active.length === 0}>
          {active.length === 0 && <option value="">No paper account yet</option>}
          {active.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <div className="ab-actions">
        <button type="button" className={active.length === 0 ? 'ab-btn-primary' : ''} onClick={() => open('create')} data-testid="account-new">
          {active.length === 0 ? 'Create a paper account' : 'New…'}
        </button>
        {account !== undefined && (
          <>
            <button type="button" onClick={() => open('edit')} data-testid="account-edit" title="Rename, risk limits">
              Edit…
            </button>
            <button type="button" onClick={() => open('reset')} data-testid="account-reset">
              Reset…
            </button>
            <button type="button" onClick={() => open('archive')} data-testid="account-archive">
              Archive…
            </button>
          </>
        )}
      </div>
      {account !== undefined && <TradingState account={account} onError={setBarError} />}
      {barError !== undefined && (
        <span className="ab-error" role="alert" data-testid="account-error">
          {barError}
        </span>
      )}
      <span className="ab-spacer" />
      {account !== undefined && (
        <button type="button" className="kill-switch" onClick={() => open('kill')} data-testid="kill-switch" title="Cancel every order and halt trading on this account">
          <span aria-hidden="true">■ </span>Kill switch
        </button>
      )}
      <NotificationBell />

      {dialog === 'create' && <AccountDialog onClose={close} />}
      {dialog === 'edit' && account !== undefined && <AccountDialog account={account} onClose={close} />}
      {dialog === 'reset' && account !== undefined && (
        <ConfirmDialog
          title={`Reset "${account.name}"?`}
          confirmLabel="Reset account"
          danger
          busy={busy}
          error={dialogError}
          onClose={close}
          testId="confirm-reset"
          onConfirm={() => void run(() => api.request('accounts.reset', { accountId: account.id }))}
        >
          <p>
            This cancels its {plural(openOrders, 'working order')}, closes its {plural(positions, 'open position')} at market
            {holdings > 0 ? ', removes its spot holdings' : ''} and restores the starting balance of{' '}
            <strong className="num">
              {formatMoney(atoms(account.startingBalance))} {quote}
            </strong>
            .
          </p>
          <p className="muted">The ledger keeps every past entry.</p>
        </ConfirmDialog>
      )}
      {dialog === 'archive' && account !== undefined && (
        <ConfirmDialog
          title={`Archive "${account.name}"?`}
          confirmLabel="Archive account"
          danger
          busy={busy}
          error={dialogError}
          onClose={close}
          testId="confirm-archive"
          onConfirm={() => void run(() => api.request('accounts.archive', { accountId: account.id }))}
        >
          <p>
            Its {plural(openOrders, 'working order')} will be canceled and it leaves the account list. Its ledger is kept.
          </p>
          {positions > 0 && <p className="muted">It still has {plural(positions, 'open position')}: close them first, the engine will refuse otherwise.</p>}
        </ConfirmDialog>
      )}
      {dialog === 'kill' && account !== undefined && (
        <ConfirmDialog
          title={`Kill switch: halt "${account.name}"`}
          confirmLabel={flatten ? 'Halt and flatten' : 'Halt trading'}
          danger
          focusConfirm
          busy={busy}
          error={dialogError}
          onClose={close}
          testId="confirm-kill"
          onConfirm={() =>
            void run(() =>
              api.request('risk.killSwitch', { accountId: account.id, flatten, ...(reason.trim() === '' ? {} : { reason: reason.trim().slice(0, 500) }) }),
            )
          }
        >
          <p>
            Cancels every working order ({openOrders}) and halts trading on this account until you resume.
          </p>
          <label className="ab-check">
            <input type="checkbox" checked={flatten} onChange={(e) => setFlatten(e.target.checked)} data-testid="kill-flatten" />
            Also close {plural(positions, 'open position')} at market{holdings > 0 ? ' and sell spot holdings' : ''} (flatten)
          </label>
          <label className="ab-reason">
            Reason <span className="muted">(optional)</span>
            <input value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder="Kill switch" data-testid="kill-reason" />
          </label>
        </ConfirmDialog>
      )}
    </header>
  )
}
