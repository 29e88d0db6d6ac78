import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useAppStore } from '../../store'
import { FillsTab, LedgerTab, OrderHistoryTab } from './HistoryTabs'
import { OpenOrdersTab } from './OpenOrdersTab'
import { PositionsTab } from './PositionsTab'
import { FormatsContext, NoticeContext, useMarketFormats, type Notice } from './tables-context'
import './trading-tables.css'

const TABS = [
  { id: 'positions', label: 'Positions', Panel: PositionsTab },
  { id: 'open-orders', label: 'Open orders', Panel: OpenOrdersTab },
  { id: 'order-history', label: 'Order history', Panel: OrderHistoryTab },
  { id: 'fills', label: 'Fills', Panel: FillsTab },
  { id: 'ledger', label: 'Ledger', Panel: LedgerTab },
] as const

type TabId = (typeof TABS)[number]['id']

const TAB_KEY = 'tradedesk.tables.tab'

function initialTab(): TabId {
  const stored = globalThis.localStorage?.getItem(TAB_KEY)
  return TABS.find((t) => t.id === stored)?.id ?? 'positions'
}

/** How many rows each tab holds, read as numbers so ticks cause no re-render. */
function useCount(tab: TabId): number {
  return useAppStore((s) => {
    const view = s.view
    if (view === undefined) return 0
    switch (tab) {
      case 'positions':
        return Object.keys(view.positions).length
      case 'open-orders':
        return Object.keys(view.openOrders).length
      case 'order-history':
        return view.orderHistory.length
      case 'fills':
        return view.fills.length
      case 'ledger':
        return view.ledger.length
    }
  })
}

function TabButton({ id, label, selected, panelId, onSelect }: { id: TabId; label: string; selected: boolean; panelId: string; onSelect: (id: TabId) => void }) {
  const count = useCount(id)
  return (
    <button
      type="button"
      role="tab"
      id={`${panelId}-${id}`}
      aria-selected={selected}
      aria-controls={panelId}
      tabIndex={selected ? 0 : -1}
      className={selected ? 'tt-tab tt-tab-selected' : 'tt-tab'}
      onClick={() => onSelect(id)}
      data-tab={id}
    >
      {label}
      <span className="tt-count" data-testid={`count-${id}`}>
        {count}
      </span>
    </button>
  )
}

/**
 * The bottom tabs: positions, open orders, order history, fills and ledger of the selected
 * account. Only the open tab is mounted; every tab uses the same virtualized table.
 */
export function TradingTables() {
  const [tab, setTab] = useState<TabId>(initialTab)
  const [notice, setNotice] = useState<Notice>()
  const formats = useMarketFormats()
  const hasAccount = useAppStore((s) => s.view !== undefined)
  const panelId = useId()
  const tabList = useRef<HTMLDivElement>(null)

  const select = useCallback((id: TabId) => {
    setTab(id)
    setNotice(undefined)
    localStorage.setItem(TAB_KEY, id)
  }, [])

  // Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern, automatic activation).
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.findIndex((t) => t.id === tab)
    const next =
      e.key === 'ArrowRight' ? (index + 1) % TABS.length : e.key === 'ArrowLeft' ? (index - 1 + TABS.length) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1
    if (next < 0) return
    e.preventDefault()
    const id = (TABS[next] as (typeof TABS)[number]).id
    select(id)
    tabList.current?.querySelector<HTMLButtonElement>(`[data-tab="${id}"]`)?.focus()
  }

  // Confirmations fade; refusals stay until read and dismissed.
  useEffect(() => {
    if (notice?.kind !== 'info') return
    const timer = setTimeout(() => setNotice(undefined), 5_000)
    return () => clearTimeout(timer)
  }, [notice])

  const Panel = (TABS.find((t) => t.id === tab) ?? TABS[0]).Panel
  return (
    <section className="panel trading-tables" aria-label="Positions and orders">
      <div className="tt-tabs" role="tablist" aria-label="Positions and orders" ref={tabList} onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <TabButton key={t.id} id={t.id} label={t.label} selected={t.id === tab} panelId={panelId} onSelect={select} />
        ))}
      </div>
      <div className="tt-panel" role="tabpanel" id={panelId} aria-labelledby={`${panelId}-${tab}`} data-testid={`panel-${tab}`}>
        {hasAccount ? (
          <FormatsContext.Provider value={formats}>
            <NoticeContext.Provider value={setNotice}>
              <Panel />
            </NoticeContext.Provider>
          </FormatsContext.Provider>
        ) : (
          <p className="tt-no-account">No paper account yet. Create one in the account bar to start trading; its positions, orders and ledger appear here.</p>
        )}
        {notice !== undefined && (
          <div className={`tt-notice tt-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="tables-notice">
            <span className="tt-notice-text">{notice.text}</span>
            <button type="button" className="tt-notice-close" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
              ×
            </button>
          </div>
        )}
      </div>
    </section>
  )
}
