/** Placeholder until the feature lands (in progress this session). */
export function TradingTables() {
  return (
    <section className="panel trading-tables" aria-label="Positions and orders">
      <div className="panel-title">Positions and orders</div>
    </section>
  )
}
