import type { BotView } from '../../../../shared/domain/bots'
import { STRATEGY_SPECS } from '../../../../shared/domain/strategies'
import { formatDecimal } from '../balances/money-format'
import { signClass } from '../trading-tables/table-format'

const STATUS_LABELS: Readonly<Record<BotView['status'], string>> = { running: 'Running', paused: 'Paused', stopped: 'Stopped', faulted: 'Faulted' }

export type BotAction = 'bots.start' | 'bots.pause' | 'bots.stop' | 'bots.duplicate' | 'bots.delete'

/** Every bot with its status (and why it stopped), position and account P&L, and its controls. */
export function BotsTable({ bots, selected, onSelect, onAction }: { bots: BotView[]; selected: number | undefined; onSelect(id: number): void; onAction(action: BotAction, bot: BotView): void }) {
  if (bots.length === 0) return <p className="hx-muted bt-empty">No bots yet: set one up on the left.</p>
  const button = (action: BotAction, label: string, bot: BotView) => (
    <button type="button" className="tt-btn" aria-label={`${label} ${bot.name}`} onClick={() => onAction(action, bot)}>
      {label}
    </button>
  )
  return (
    <div className="bt-runs-scroll">
      <table className="bt-runs" aria-label="Bots">
        <thead>
          <tr>
            <th scope="col">Bot</th>
            <th scope="col">Strategy</th>
            <th scope="col">Account</th>
            <th scope="col">Status</th>
            <th scope="col">Position</th>
            <th scope="col" className="num">Account P&amp;L</th>
            <th scope="col">
              <span className="visually-hidden">Controls</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bots.map((bot) => (
            <tr key={bot.id} className={bot.id === selected ? 'bt-selected' : ''} data-testid={`bot-${bot.id}`} data-status={bot.status}>
              <td>
                <button type="button" className="bt-link" onClick={() => onSelect(bot.id)}>
                  {bot.name}
                </button>
              </td>
              <td>
                {STRATEGY_SPECS[bot.strategy].name} · {bot.symbol} {bot.timeframe}
              </td>
              <td>{bot.accountName}</td>
              <td>
                <span className={bot.status === 'faulted' ? 'down' : bot.status === 'running' ? 'up' : ''}>{STATUS_LABELS[bot.status]}</span>
                {bot.reason !== undefined && bot.status !== 'running' && <div className="bt-error-text">{bot.reason}</div>}
              </td>
              <td>
                {bot.position === undefined ? (
                  'flat'
                ) : (
                  <span className={bot.position.side === 'long' ? 'up' : 'down'}>
                    {bot.position.side} {bot.position.amount}
                    {bot.position.entryPrice === undefined ? '' : ` @ ${formatDecimal(bot.position.entryPrice)}`}
                  </span>
                )}
              </td>
              <td className={`num ${signClass(bot.pnl)}`}>{formatDecimal(bot.pnl, { signed: true })}</td>
              <td className="bot-controls">
                {bot.status === 'running' ? button('bots.pause', 'Pause', bot) : button('bots.start', 'Start', bot)}
                {(bot.status === 'running' || bot.status === 'paused') && button('bots.stop', 'Stop', bot)}
                {button('bots.duplicate', 'Duplicate', bot)}
                {(bot.status === 'stopped' || bot.status === 'faulted') && button('bots.delete', 'Delete', bot)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
