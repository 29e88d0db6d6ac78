import type { Logger } from '../../core/log'
import type { LiveExchange } from './live-exchange'

export interface LiveSyncOptions {
  /** How often accounts with working orders or orders in doubt are brought in step (ms). */
  pollMs: number
  now: () => number
}

/**
 * Keeps live accounts in step with their exchanges in the background: reconciles each at
 * start, polls orders working or in doubt (order status by REST polling; no WebSocket yet),
 * reads balances when due, and reconciles again once an exchange answers after failing
 * (a reconnect: fills that arrived meanwhile are booked then).
 */
export class LiveSync {
  private timer: ReturnType<typeof setInterval> | undefined
  private running = false
  private readonly balancesAt = new Map<number, number>()
  private readonly failing = new Set<number>()

  constructor(
    private readonly live: LiveExchange,
    private readonly log: Logger,
    private readonly options: LiveSyncOptions,
  ) {}

  start(): void {
    for (const id of this.live.accountIds()) void this.reconcile(id)
    this.timer = setInterval(() => void this.round(), this.options.pollMs)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
  }

  private async reconcile(accountId: number): Promise<void> {
    this.balancesAt.set(accountId, this.options.now())
    const info = await this.live.reconcile(accountId)
    if (info.lastSync?.ok === false) this.failing.add(accountId)
    else this.failing.delete(accountId)
  }

  /** One pass over the accounts; a pass still running when the next is due is not overlapped. */
  private async round(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (const id of this.live.accountIds()) {
        if (this.failing.has(id)) {
          await this.reconcile(id)
          continue
        }
        const due = this.options.now() - (this.balancesAt.get(id) ?? 0) >= this.live.balanceInterval(id)
        if (due) this.balancesAt.set(id, this.options.now())
        try {
          await this.live.poll(id, due)
        } catch (error) {
          this.failing.add(id)
          this.log.warn(`live account ${id}: could not sync with its exchange: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    } finally {
      this.running = false
    }
  }
}
