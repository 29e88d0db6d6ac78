import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { openConnection } from './api/client'
import { App } from './App'
import { useAppStore } from './store'
import { startBridge } from './store/bridge'
import './styles.css'

document.documentElement.dataset.theme = useAppStore.getState().theme
const connection = openConnection()
startBridge(connection)

const root = document.getElementById('root')
if (root === null) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
)
