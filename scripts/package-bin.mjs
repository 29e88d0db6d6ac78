import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** The JS file behind a dependency's command-line tool (run it with `node`, on every OS). */
export function packageBin(pkg, name) {
  const dir = join(root, 'node_modules', pkg)
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const file = typeof bin === 'string' ? bin : bin[name]
  if (file === undefined) throw new Error(`${pkg} has no "${name}" command`)
  return join(dir, file)
}
