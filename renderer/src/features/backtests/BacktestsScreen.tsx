import { useEffect, useState } from 'react'
import { useApi } from '../../api/api-context'
import { useAppStore } from '../../store'
import { BacktestForm } from './BacktestForm'
import { RunComparison } from './RunComparison'
import { RunReport } from './RunReport'
import { RunsTable } from './RunsTable'
import '../strategies/strategy-screens.css'

/** Backtests: set one up, watch it run, read its report, compare runs. */
export function BacktestsScreen() {
  const api = useApi()
  const runs = useAppStore((s) => s.backtestRuns)
  const [selected, setSelected] = useState<number>()
  const [compared, setCompared] = useState<ReadonlySet<number>>(new Set())
  const [error, setError] = useState<string>()

  useEffect(() => {
    let current = true
    void api.request('backtests.list', {}).then((reply) => {
      if (!current) return
      if (reply.ok) useAppStore.getState().setBacktestRuns(reply.value)
      else setError(reply.error.message)
    })
    return () => {
      current = false
    }
  }, [api])

  const cancel = async (id: number): Promise<void> => {
    const reply = await api.request('backtests.cancel', { id })
    setError(reply.ok ? undefined : reply.error.message)
  }
  const remove = async (id: number): Promise<void> => {
    const reply = await api.request('backtests.delete', { id })
    if (!reply.ok) return setError(reply.error.message)
    setError(undefined)
    useAppStore.getState().removeBacktestRun(id)
    if (selected === id) setSelected(undefined)
    setCompared((set) => new Set([...set].filter((other) => other !== id)))
  }
  const comparedRuns = (runs ?? []).filter((run) => compared.has(run.id) && run.status === 'done')

  return (
    <div className="bt-screen">
      <BacktestForm
        onStarted={(runs) => {
          for (const run of runs) useAppStore.getState().applyBacktestRun(run)
          setError(undefined)
        }}
      />
      <section className="panel bt-main" aria-label="Backtest runs">
        <div className="panel-title">Runs</div>
        <div className="bt-main-body">
          {error !== undefined && (
            <p className="af-error" role="alert">
              {error}
            </p>
          )}
          {runs === undefined ? (
            <p className="hx-muted">Reading the runs…</p>
          ) : (
            <RunsTable
              runs={runs}
              selected={selected}
              compared={compared}
              onSelect={setSelected}
              onCompare={(id, on) => setCompared((set) => new Set(on ? [...set, id] : [...set].filter((other) => other !== id)))}
              onCancel={(id) => void cancel(id)}
              onDelete={(id) => void remove(id)}
            />
          )}
          {comparedRuns.length >= 2 ? (
            <RunComparison runs={comparedRuns} />
          ) : selected !== undefined ? (
            <RunReport key={selected} id={selected} />
          ) : (
            (runs?.length ?? 0) > 0 && <p className="hx-muted">Open a finished run for its report, or tick two or more to compare them.</p>
          )}
        </div>
      </section>
    </div>
  )
}
