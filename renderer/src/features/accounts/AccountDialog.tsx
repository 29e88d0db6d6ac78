import { useState, type ReactNode } from 'react'
import type { Account, BreakerMode, SizingMethod } from '../../../../shared/domain/trading'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import {
  BREAKER_LABELS,
  checkName,
  checkNewAccount,
  checkRisk,
  formOf,
  hasRiskLimits,
  NEW_ACCOUNT,
  SIZING_LABELS,
  type AccountFormValues,
  type FieldErrors,
} from './account-form'
import { Modal } from '../../components/Modal'

interface FieldProps {
  label: string
  name: keyof AccountFormValues
  error?: string
  hint?: ReactNode
  unit?: string
  children: ReactNode
}

function Field({ label, name, error, hint, unit, children }: FieldProps) {
  return (
    <div className={`af-field${error === undefined ? '' : ' af-invalid'}`}>
      <label htmlFor={`af-${name}`}>{label}</label>
      <div className="af-input">
        {children}
        {unit !== undefined && <span className="af-unit">{unit}</span>}
      </div>
      {error !== undefined ? (
        <p className="af-error" id={`af-${name}-error`} data-testid={`error-${name}`}>
          {error}
        </p>
      ) : (
        hint !== undefined && <p className="af-hint">{hint}</p>
      )}
    </div>
  )
}

/**
 * Creates a paper account (name, starting balance, sizing, default stop-loss and
 * take-profit, leverage and position caps, risk limits), or edits an existing one's name and
 * risk limits: what the contract lets change after creation.
 */
export function AccountDialog({ account, onClose }: { account?: Account; onClose(): void }) {
  const api = useApi()
  const editing = account !== undefined
  const quote = account?.quote ?? 'USDT'
  const [values, setValues] = useState<AccountFormValues>(() => (account === undefined ? NEW_ACCOUNT : formOf(account)))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [touched, setTouched] = useState<Partial<Record<keyof AccountFormValues, boolean>>>({})
  const [refusal, setRefusal] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  // Once the account exists, a failed risk step must not create it twice.
  const [created, setCreated] = useState<Account | undefined>(undefined)

  const check = (v: AccountFormValues): FieldErrors => {
    if (!editing && created === undefined) return checkNewAccount(v).errors
    const e: FieldErrors = {}
    const nameError = checkName(v.name)
    if (nameError !== undefined) e.name = nameError
    checkRisk(v, e)
    return e
  }

  const set = <K extends keyof AccountFormValues>(key: K, value: AccountFormValues[K]): void => {
    const next = { ...values, [key]: value }
    setValues(next)
    setRefusal(undefined)
    // Explain as the trader types, once a field has been left or a submit tried.
    if (touched[key] === true) setErrors(check(next))
  }
  const blur = (key: keyof AccountFormValues): void => {
    setTouched((t) => ({ ...t, [key]: true }))
    setErrors(check(values))
  }

  const finish = (result: Account): void => {
    const store = useAppStore.getState()
    store.applyAccount(result)
    store.selectAccount(result.id)
    onClose()
  }

  const submit = async (): Promise<void> => {
    const all = Object.fromEntries(Object.keys(values).map((k) => [k, true]))
    setTouched(all)
    const found = check(values)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      document.getElementById(`af-${Object.keys(found)[0]}`)?.focus()
      return
    }
    setBusy(true)
    setRefusal(undefined)
    try {
      let target = account ?? created
      if (target === undefined) {
        const { create, risk } = checkNewAccount(values)
        if (create === undefined || risk === undefined) return
        const r = await api.request('accounts.create', create)
        if (!r.ok) return setRefusal(r.error.message)
        target = r.value
        setCreated(target)
        useAppStore.getState().applyAccount(target)
        if (!hasRiskLimits(risk)) return finish(target)
        const withRisk = await api.request('accounts.setRisk', { accountId: target.id, ...risk })
        if (!withRisk.ok) return setRefusal(`The account was created, but its risk limits were refused: ${withRisk.error.message}`)
        return finish(withRisk.value)
      }
      let result = target
      if (values.name.trim() !== target.name) {
        const r = await api.request('accounts.rename', { accountId: target.id, name: values.name.trim() })
        if (!r.ok) return setRefusal(r.error.message)
        result = r.value
      }
      const risk = checkRisk(values, {})
      const r = await api.request('accounts.setRisk', { accountId: target.id, ...risk })
      if (!r.ok) return setRefusal(r.error.message)
      result = r.value
      finish(result)
    } finally {
      setBusy(false)
    }
  }

  const input = (key: keyof AccountFormValues, props: { inputMode?: 'decimal' | 'numeric' | 'text'; placeholder?: string; disabled?: boolean; autoFocus?: boolean } = {}) => (
    <input
      id={`af-${key}`}
      name={key}
      value={values[key]}
      onChange={(e) => set(key, e.target.value)}
      onBlur={() => blur(key)}
      aria-invalid={errors[key] !== undefined}
      aria-describedby={errors[key] === undefined ? undefined : `af-${key}-error`}
      autoComplete="off"
      spellCheck={false}
      inputMode={props.inputMode ?? 'decimal'}
      placeholder={props.placeholder}
      disabled={props.disabled}
      data-autofocus={props.autoFocus === true}
    />
  )
  const fixed = editing || created !== undefined
  const fixedHint = editing ? 'Set when the account was created' : undefined
  const percentMethod = values.sizingMethod !== 'FIXED_USD'

  return (
    <Modal title={editing ? `Edit "${account.name}"` : 'New paper account'} onClose={onClose} look="ab-modal" className="account-dialog" testId="account-dialog">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          if (!busy) void submit()
        }}
      >
        <div className="ab-modal-body af-grid">
          <fieldset>
            <legend>Account</legend>
            <Field label="Name" name="name" error={errors.name}>
              {input('name', { inputMode: 'text', placeholder: 'e.g. Scalping BTC', autoFocus: true })}
            </Field>
            <Field label="Starting balance" name="startingBalance" error={errors.startingBalance} unit={quote} hint={fixedHint}>
              {input('startingBalance', { disabled: fixed })}
            </Field>
            <Field label="Max leverage" name="maxLeverage" error={errors.maxLeverage} hint={fixedHint ?? '1 to 125; markets may cap lower'}>
              {input('maxLeverage', { inputMode: 'numeric', disabled: fixed })}
            </Field>
            <Field label="Max open positions" name="maxOpenPositions" error={errors.maxOpenPositions} hint={fixedHint}>
              {input('maxOpenPositions', { inputMode: 'numeric', disabled: fixed })}
            </Field>
          </fieldset>
          <fieldset>
            <legend>Sizing and defaults (bots' trade intents)</legend>
            <Field label="Sizing method" name="sizingMethod" hint={fixedHint}>
              <select
                id="af-sizingMethod"
                value={values.sizingMethod}
                disabled={fixed}
                onChange={(e) => {
                  const method = e.target.value as SizingMethod
                  const next = { ...values, sizingMethod: method, sizingValue: method === 'FIXED_USD' ? '1000' : '10' }
                  setValues(next)
                  setErrors(check(next))
                }}
              >
                {(Object.keys(SIZING_LABELS) as SizingMethod[]).map((m) => (
                  <option key={m} value={m}>
                    {SIZING_LABELS[m]}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={percentMethod ? 'Size per trade' : 'Notional per trade'}
              name="sizingValue"
              error={errors.sizingValue}
              unit={percentMethod ? '% of equity' : quote}
              hint={fixedHint}
            >
              {input('sizingValue', { disabled: fixed })}
            </Field>
            <Field label="Default stop-loss" name="defaultStopLoss" error={errors.defaultStopLoss} unit="% from entry" hint={fixedHint ?? 'Optional'}>
              {input('defaultStopLoss', { disabled: fixed, placeholder: 'none' })}
            </Field>
            <Field label="Default take-profit" name="defaultTakeProfit" error={errors.defaultTakeProfit} unit="% from entry" hint={fixedHint ?? 'Optional'}>
              {input('defaultTakeProfit', { disabled: fixed, placeholder: 'none' })}
            </Field>
          </fieldset>
          <fieldset>
            <legend>Risk limits (circuit breaker)</legend>
            <Field label="Max position notional" name="maxPositionNotional" error={errors.maxPositionNotional} unit={quote} hint="Empty: no limit">
              {input('maxPositionNotional', { placeholder: 'no limit' })}
            </Field>
            <Field label="Daily loss limit" name="dailyLossLimit" error={errors.dailyLossLimit} unit={quote} hint="Realized loss, fees and funding in a UTC day">
              {input('dailyLossLimit', { placeholder: 'no limit' })}
            </Field>
            <Field label="Max consecutive losses" name="maxConsecutiveLosses" error={errors.maxConsecutiveLosses} hint="Losing closes in a row">
              {input('maxConsecutiveLosses', { inputMode: 'numeric', placeholder: 'no limit' })}
            </Field>
            <Field label="When the breaker trips" name="breakerMode">
              <select id="af-breakerMode" value={values.breakerMode} onChange={(e) => set('breakerMode', e.target.value as BreakerMode)}>
                {(Object.keys(BREAKER_LABELS) as BreakerMode[]).map((m) => (
                  <option key={m} value={m}>
                    {BREAKER_LABELS[m]}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>
        </div>
        {refusal !== undefined && (
          <p className="ab-modal-error" role="alert" data-testid="dialog-error">
            {refusal}
          </p>
        )}
        <div className="ab-modal-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="ab-btn-primary" disabled={busy} data-testid="dialog-confirm">
            {busy ? 'Working…' : editing ? 'Save' : created !== undefined ? 'Set risk limits' : 'Create account'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
