import { createContext, useContext, type ReactNode } from 'react'
import type { ContractApi } from '../../../shared/contract/api'

const ApiContext = createContext<ContractApi | undefined>(undefined)

/** Gives feature components the contract (requests and events) without threading it through props. */
export function ApiProvider({ api, children }: { api: ContractApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>
}

export function useApi(): ContractApi {
  const api = useContext(ApiContext)
  if (api === undefined) throw new Error('useApi() needs an <ApiProvider> above it')
  return api
}
