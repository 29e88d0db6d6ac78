import type { ReactNode } from 'react'
import { Group, Panel, Separator, useDefaultLayout } from 'react-resizable-panels'

interface WorkspaceProps {
  marketWatch: ReactNode
  chart: ReactNode
  ticket: ReactNode
  balances: ReactNode
  tables: ReactNode
}

/**
 * The trading screen's panes: market watch | chart over the tables | ticket over balances.
 * Every divider can be dragged; the sizes are remembered in this browser profile.
 */
export function Workspace({ marketWatch, chart, ticket, balances, tables }: WorkspaceProps) {
  const columns = useDefaultLayout({ id: 'tradedesk.layout.columns', storage: localStorage })
  const center = useDefaultLayout({ id: 'tradedesk.layout.center', storage: localStorage })
  const side = useDefaultLayout({ id: 'tradedesk.layout.side', storage: localStorage })
  return (
    <Group orientation="horizontal" className="workspace" {...columns}>
      <Panel id="pane-market-watch" defaultSize="24%" minSize="14%" className="pane">
        {marketWatch}
      </Panel>
      <Separator className="separator" />
      <Panel id="pane-center" defaultSize="54%" minSize="30%" className="pane">
        <Group orientation="vertical" {...center}>
          <Panel id="pane-chart" defaultSize="62%" minSize="25%" className="pane">
            {chart}
          </Panel>
          <Separator className="separator separator-horizontal" />
          <Panel id="pane-tables" defaultSize="38%" minSize="15%" className="pane">
            {tables}
          </Panel>
        </Group>
      </Panel>
      <Separator className="separator" />
      <Panel id="pane-side" defaultSize="22%" minSize="16%" className="pane">
        <Group orientation="vertical" {...side}>
          <Panel id="pane-ticket" defaultSize="60%" minSize="30%" className="pane">
            {ticket}
          </Panel>
          <Separator className="separator separator-horizontal" />
          <Panel id="pane-balances" defaultSize="40%" minSize="15%" className="pane">
            {balances}
          </Panel>
        </Group>
      </Panel>
    </Group>
  )
}
