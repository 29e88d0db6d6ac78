import { useRef, type KeyboardEvent } from 'react'
import './screen-tabs.css'

export type Screen = 'trading' | 'history' | 'bots' | 'backtests' | 'alerts' | 'health' | 'settings'

const SCREENS: ReadonlyArray<{ id: Screen; label: string }> = [
  { id: 'trading', label: 'Trading' },
  { id: 'history', label: 'History' },
  { id: 'bots', label: 'Bots' },
  { id: 'backtests', label: 'Backtests' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'health', label: 'Health' },
  { id: 'settings', label: 'Settings' },
]

/** The id of the element showing the selected screen (the tab panel). */
export const SCREEN_PANEL_ID = 'screen-panel'
export const screenTabId = (screen: Screen): string => `screen-tab-${screen}`

/** Switches between the trading workspace, the history, bots, backtests, alerts, health and settings (WAI-ARIA tabs: arrows, Home, End). */
export function ScreenTabs({ screen, onSelect }: { screen: Screen; onSelect(screen: Screen): void }) {
  const list = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const index = SCREENS.findIndex((s) => s.id === screen)
    const keys: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1 + SCREENS.length, Home: 0, End: SCREENS.length - 1 }
    const target = keys[e.key]
    if (target === undefined) return
    e.preventDefault()
    const next = SCREENS[target % SCREENS.length] as (typeof SCREENS)[number]
    onSelect(next.id)
    list.current?.querySelector<HTMLButtonElement>(`#${screenTabId(next.id)}`)?.focus()
  }
  return (
    <div className="screen-tabs" role="tablist" aria-label="Screen" ref={list} onKeyDown={onKeyDown}>
      {SCREENS.map((s) => (
        <button
          key={s.id}
          type="button"
          role="tab"
          id={screenTabId(s.id)}
          aria-selected={s.id === screen}
          aria-controls={SCREEN_PANEL_ID}
          tabIndex={s.id === screen ? 0 : -1}
          className={s.id === screen ? 'screen-tab screen-tab-selected' : 'screen-tab'}
          onClick={() => onSelect(s.id)}
        >
          {s.label}
        </button>
      ))}
    </div>
  )
}
