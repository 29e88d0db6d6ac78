import { useAppStore } from '../../store'

/** The account switcher: which paper account the screen shows and trades. */
export function AccountBar() {
  const accounts = useAppStore((s) => s.accounts)
  const selected = useAppStore((s) => s.selectedAccountId)
  const selectAccount = useAppStore((s) => s.selectAccount)
  const active = Object.values(accounts).filter((a) => a.status === 'active')
  return (
    <header className="account-bar" aria-label="Account">
      <label>
        Account{' '}
        <select data-testid="account-select" value={selected ?? ''} onChange={(e) => selectAccount(Number(e.target.value))}>
          {active.length === 0 && <option value="">No paper account yet</option>}
          {active.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
    </header>
  )
}
