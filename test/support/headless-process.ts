import { spawn } from 'node:child_process'

export interface HeadlessHost {
  /** The address the host printed, token included. */
  url: string
  port: number
  output(): string
  /** Stops the host the way Ctrl+C does. */
  stop(): Promise<void>
  /** Kills the host outright (kill -9): no shutdown code runs. */
  kill(): Promise<void>
}

/** Starts `node out/main/headless.js` (the built app) on a free port with its own data folder (and `flags`). */
export async function startHeadlessHost(dataDir: string, flags: readonly string[] = [], env: Record<string, string> = {}): Promise<HeadlessHost> {
  const child = spawn(process.execPath, ['out/main/headless.js', '--port', '0', '--data-dir', dataDir, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`headless host did not start:\n${output}`)), 20_000)
    child.stdout.on('data', () => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    })
    child.once('exit', (code) => reject(new Error(`headless host exited (${code}):\n${output}`)))
  })
  const signal = (name: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill(name)
    })
  return {
    url,
    port: Number(new URL(url).port),
    output: () => output,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  }
}
