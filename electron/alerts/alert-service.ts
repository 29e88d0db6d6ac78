import { AppError } from '../../shared/contract'
import { describeCondition, type Alert, type AlertCondition, type AlertDelivery, type AlertDeliverySettings } from '../../shared/domain/alerts'
import type { Tick } from '../../shared/domain/market'
import type { Account } from '../../shared/domain/trading'
import type { Logger } from '../core/log'
import type { EventBus } from '../engine/bus'
import type { Clock } from '../engine/clock'
import type { Db } from '../ledger/db'
import { AlertRepo } from '../ledger/repos/alert-repo'
import { MetaRepo } from '../ledger/repos/meta-repo'
import type { SecretStore } from '../secrets/secret-store'
import { AlertCourier, type CourierOptions } from './alert-courier'
import { AlertWatch, type AccountReader } from './alert-watch'

/** Account alerts are checked this often. */
const ACCOUNT_CHECK_MS = 2_000

export interface AlertServiceOptions {
  db: Db
  secrets: SecretStore | undefined
  accounts: AccountReader & { list(): Account[] }
  /** Whether the market data lists a symbol. */
  hasMarket(symbol: string): boolean
  bus: EventBus
  clock: Clock
  log: Logger
  courier?: CourierOptions
}

/**
 * Alerts as the contract offers them: kept in the ledger, watched on every tick and every
 * few seconds for accounts, told to the app (alert.fired: a notification) and delivered to
 * Telegram and a webhook when asked.
 */
export class AlertService {
  private readonly repo: AlertRepo
  private readonly watcher: AlertWatch
  private readonly courier: AlertCourier
  private readonly timer: ReturnType<typeof setInterval>

  constructor(private readonly options: AlertServiceOptions) {
    this.repo = new AlertRepo(options.db)
    this.courier = new AlertCourier(this.repo, new MetaRepo(options.db), options.secrets, options.bus, options.clock, options.log, options.courier)
    this.watcher = new AlertWatch((alert, message) => this.fired(alert, message))
    this.watcher.watch(this.repo.list())
    this.timer = setInterval(() => this.checkAccounts(), ACCOUNT_CHECK_MS)
    this.timer.unref()
  }

  onTicks(ticks: readonly Tick[]): void {
    this.watcher.onTicks(ticks)
  }

  checkAccounts(): void {
    this.watcher.checkAccounts(this.options.accounts)
  }

  list(): Alert[] {
    return this.repo.list()
  }

  create(request: { condition: AlertCondition; telegram?: boolean | undefined; webhook?: boolean | undefined; repeat?: Alert['repeat'] | undefined }): Alert {
    const { condition } = request
    if ('symbol' in condition && !this.options.hasMarket(condition.symbol)) throw new AppError('NOT_FOUND', `The market data lists no ${condition.symbol}.`)
    if ('accountId' in condition) {
      const account = this.options.accounts.list().find((a) => a.id === condition.accountId)
      if (account === undefined) throw new AppError('NOT_FOUND', `There is no account with id ${condition.accountId}.`)
    }
    const alert = this.repo.insert({
      condition,
      telegram: request.telegram ?? false,
      webhook: request.webhook ?? false,
      repeat: request.repeat ?? 'once',
      createdAt: this.options.clock.now(),
    })
    this.changed(alert.id)
    return alert
  }

  setActive(id: number, active: boolean): Alert {
    this.existing(id)
    const alert = this.repo.setStatus(id, active ? 'active' : 'paused')
    this.changed(id)
    return alert
  }

  delete(id: number): { deleted: boolean } {
    const deleted = this.repo.delete(id, this.options.clock.now())
    if (deleted) this.changed(id)
    return { deleted }
  }

  deliveries(alertId: number | undefined, limit: number): AlertDelivery[] {
    return this.repo.deliveries(alertId, limit)
  }

  deliverySettings(): Promise<AlertDeliverySettings> {
    return this.courier.settings()
  }

  setTelegram(telegram: { botToken: string; chatId: string } | null): Promise<AlertDeliverySettings> {
    return this.courier.setTelegram(telegram)
  }

  setWebhook(url: string | null): Promise<AlertDeliverySettings> {
    return this.courier.setWebhook(url)
  }

  test(channel: 'telegram' | 'webhook'): Promise<{ delivered: boolean; error?: string }> {
    return this.courier.test(channel)
  }

  close(): void {
    clearInterval(this.timer)
    this.courier.close()
  }

  private fired(alert: Alert, message: string): void {
    const accountName = (id: number) => this.options.accounts.list().find((a) => a.id === id)?.name ?? `account ${id}`
    const text = `Alert: ${describeCondition(alert.condition, accountName)}. ${message}`
    const updated = this.repo.fired(alert.id, alert.repeat === 'once' ? 'triggered' : 'active', this.options.clock.now(), text)
    this.options.bus.publish('alert.fired', { alert: updated, message: text })
    this.changed(alert.id)
    this.courier.deliver(updated, text)
  }

  private changed(id: number): void {
    this.watcher.watch(this.repo.list())
    this.options.bus.publish('alerts.changed', { id })
  }

  private existing(id: number): Alert {
    const alert = this.repo.byId(id)
    if (alert === undefined) throw new AppError('NOT_FOUND', `There is no alert ${id}.`)
    return alert
  }
}
