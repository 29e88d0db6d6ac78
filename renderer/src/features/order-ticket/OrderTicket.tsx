/** Placeholder until the feature lands (in progress this session). */
export function OrderTicket() {
  return (
    <section className="panel order-ticket" aria-label="Order ticket">
      <div className="panel-title">Order ticket</div>
    </section>
  )
}
