import { spawn } from 'node:child_process'
import type { ChildProcessByStdio } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'

const NETWORK_FILES = ['KASSA_EVM_NETWORKS_FILE', 'KASSA_TRON_NETWORKS_FILE', 'KASSA_BITCOIN_NETWORKS_FILE'] as const

export interface ServeProcess {
  child: ChildProcessByStdio<null, Readable, Readable>
  out: { stdout: string; stderr: string }
  /** The exit code; the process is killed after 30 s. */
  exit: Promise<number | null>
}

/**
 * `kassa serve` (the built CLI, as an operator runs it) over SQLite in `dir`, with one networks
 * file written there for `variable` (the other families' files unset) and the master key given.
 */
export function serveWithNetworksFile(
  dir: string,
  variable: (typeof NETWORK_FILES)[number],
  entries: unknown[],
  masterKey: Buffer,
  env: Record<string, string> = {},
): ServeProcess {
  const file = join(dir, 'networks.json')
  writeFileSync(file, JSON.stringify(entries, null, 2))
  const child = spawn(process.execPath, ['bin/kassa.js', 'serve'], {
    env: {
      ...process.env,
      KASSA_DATA_DIR: dir,
      PORT: '0',
      KASSA_MASTER_KEY: masterKey.toString('base64'),
      ...Object.fromEntries(NETWORK_FILES.map((v) => [v, ''])),
      [variable]: file,
      KASSA_LOG_LEVEL: 'silent',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const out = { stdout: '', stderr: '' }
  child.stdout.on('data', (d: Buffer) => {
    out.stdout += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    out.stderr += d.toString()
  })
  const exit = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('exit', (c) => {
      clearTimeout(timer)
      resolve(c)
    })
  })
  return { child, out, exit }
}
