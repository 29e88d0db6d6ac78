/** Placeholder until the feature lands (in progress this session). */
export function BalancePanel() {
  return (
    <section className="panel balance-panel" aria-label="Balance">
      <div className="panel-title">Balance</div>
    </section>
  )
}
