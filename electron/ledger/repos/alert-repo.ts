import type { Alert, AlertCondition, AlertDelivery, AlertStatus, DeliveryChannel, DeliveryStatus } from '../../../shared/domain/alerts'
import type { Db } from '../db'

interface AlertRow {
  id: number
  condition: string
  telegram: 0 | 1
  webhook: 0 | 1
  repeat: Alert['repeat']
  status: AlertStatus
  created_at: number
  triggered_at: number | null
  last_message: string | null
}

interface DeliveryRow {
  id: number
  alert_id: number
  channel: DeliveryChannel
  message: string
  status: DeliveryStatus
  attempts: number
  error: string | null
  at: number
}

const toAlert = (row: AlertRow): Alert => ({
  id: row.id,
  condition: JSON.parse(row.condition) as AlertCondition,
  telegram: row.telegram === 1,
  webhook: row.webhook === 1,
  repeat: row.repeat,
  status: row.status,
  createdAt: row.created_at,
  ...(row.triggered_at === null ? {} : { triggeredAt: row.triggered_at }),
  ...(row.last_message === null ? {} : { lastMessage: row.last_message }),
})

const toDelivery = (row: DeliveryRow): AlertDelivery => ({
  id: row.id,
  alertId: row.alert_id,
  channel: row.channel,
  message: row.message,
  status: row.status,
  attempts: row.attempts,
  ...(row.error === null ? {} : { error: row.error }),
  at: row.at,
})

export type NewAlert = Pick<Alert, 'condition' | 'telegram' | 'webhook' | 'repeat' | 'createdAt'>

/** Alerts and their deliveries. */
export class AlertRepo {
  private readonly insertStmt
  private readonly byIdStmt
  private readonly listStmt
  private readonly statusStmt
  private readonly firedStmt
  private readonly deleteStmt
  private readonly insertDeliveryStmt
  private readonly updateDeliveryStmt
  private readonly deliveryStmt
  private readonly deliveriesStmt

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO alerts (condition, telegram, webhook, repeat, status, created_at) VALUES (@condition, @telegram, @webhook, @repeat, 'active', @createdAt)`,
    )
    this.byIdStmt = db.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE id = ? AND deleted_at IS NULL')
    this.listStmt = db.prepare<[], AlertRow>('SELECT * FROM alerts WHERE deleted_at IS NULL ORDER BY id')
    this.statusStmt = db.prepare('UPDATE alerts SET status = ? WHERE id = ?')
    this.firedStmt = db.prepare('UPDATE alerts SET status = ?, triggered_at = ?, last_message = ? WHERE id = ?')
    this.deleteStmt = db.prepare('UPDATE alerts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL')
    this.insertDeliveryStmt = db.prepare(
      `INSERT INTO alert_deliveries (alert_id, channel, message, status, attempts, error, at) VALUES (@alertId, @channel, @message, @status, @attempts, @error, @at)`,
    )
    this.updateDeliveryStmt = db.prepare('UPDATE alert_deliveries SET status = ?, attempts = ?, error = ?, at = ? WHERE id = ?')
    this.deliveryStmt = db.prepare<[number], DeliveryRow>('SELECT * FROM alert_deliveries WHERE id = ?')
    this.deliveriesStmt = db.prepare<{ alertId: number | null; limit: number }, DeliveryRow>(
      'SELECT * FROM alert_deliveries WHERE (@alertId IS NULL OR alert_id = @alertId) ORDER BY id DESC LIMIT @limit',
    )
  }

  insert(alert: NewAlert): Alert {
    const id = Number(
      this.insertStmt.run({ ...alert, condition: JSON.stringify(alert.condition), telegram: alert.telegram ? 1 : 0, webhook: alert.webhook ? 1 : 0 }).lastInsertRowid,
    )
    return this.byId(id) as Alert
  }

  byId(id: number): Alert | undefined {
    const row = this.byIdStmt.get(id)
    return row === undefined ? undefined : toAlert(row)
  }

  list(): Alert[] {
    return this.listStmt.all().map(toAlert)
  }

  setStatus(id: number, status: AlertStatus): Alert {
    this.statusStmt.run(status, id)
    return this.byId(id) as Alert
  }

  fired(id: number, status: AlertStatus, at: number, message: string): Alert {
    this.firedStmt.run(status, at, message, id)
    return this.byId(id) as Alert
  }

  delete(id: number, now: number): boolean {
    return this.deleteStmt.run(now, id).changes > 0
  }

  recordDelivery(delivery: Omit<AlertDelivery, 'id'>): AlertDelivery {
    const id = Number(this.insertDeliveryStmt.run({ ...delivery, error: delivery.error ?? null }).lastInsertRowid)
    return toDelivery(this.deliveryStmt.get(id) as DeliveryRow)
  }

  updateDelivery(id: number, status: DeliveryStatus, attempts: number, error: string | undefined, at: number): AlertDelivery {
    this.updateDeliveryStmt.run(status, attempts, error ?? null, at, id)
    return toDelivery(this.deliveryStmt.get(id) as DeliveryRow)
  }

  deliveries(alertId: number | undefined, limit: number): AlertDelivery[] {
    return this.deliveriesStmt.all({ alertId: alertId ?? null, limit }).map(toDelivery)
  }
}
