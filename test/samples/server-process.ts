import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A real `kassa serve` in a child process, and the `kassa` CLI beside it, sharing one data dir
 * and database: what an operator runs, with nothing of the app imported into the test. The
 * block timer is off (tests mine by hand) and the watcher polls every 100 ms so a CLI change is
 * seen quickly. The server is `node bin/kassa.js serve` plus one test-only preload,
 * parent-watchdog.mjs, which stops it if this test process dies without stopping it.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const KASSA_BIN = join(REPO_ROOT, 'bin', 'kassa.js')
const WATCHDOG = new URL('./parent-watchdog.mjs', import.meta.url).href

// Generous: on a 2-core machine under a full parallel suite a cold start (migrations, PostgreSQL
// database creation) has taken more than 15 s; a server that never gets ready still fails.
const READY_TIMEOUT_MS = 40_000
const SHUTDOWN_TIMEOUT_MS = 5_000
const CLI_TIMEOUT_MS = 20_000

/** Inherited settings that would make the child differ from a fresh default install. */
const DROPPED_ENV = [
  'PORT',
  'HOST',
  'KASSA_DATA_DIR',
  'DATABASE_URL',
  'KASSA_PUBLIC_URL',
  'KASSA_MASTER_KEY',
  'KASSA_RATES_FILE',
  'KASSA_RATES_PROVIDER',
  'KASSA_SIM_BLOCK_SECONDS',
  'KASSA_WATCH_INTERVAL_MS',
  'KASSA_LOG_LEVEL',
  'KASSA_UNIQUE_AMOUNT_SLOTS',
  'NODE_TEST_CONTEXT',
  'KASSA_WEBHOOK_TIMEOUT_MS',
  'KASSA_WEBHOOK_RETRY_DELAYS',
  'KASSA_WEBHOOK_ALLOW_PRIVATE',
  'KASSA_WEBHOOK_CONCURRENCY',
  'KASSA_WEBHOOK_STORE_CONCURRENCY',
  'KASSA_WEBHOOK_POLL_MS',
  'KASSA_OPERATOR_TOKEN',
]

export type KassaEnv = Record<string, string>

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface ServerProcess {
  port: number
  /** http://127.0.0.1:PORT, also the base of every payment_url the server builds. */
  baseUrl: string
  /** The environment the server runs with; give it to runCli to reach the same database. */
  env: KassaEnv
  /** Everything the server printed so far, for failure messages. */
  output(): string
  /** SIGKILL at once (a crash: no shutdown code runs) and waits for the exit. */
  kill(): Promise<void>
  /** SIGTERM, then waits (≤ 5 s) for the exit; SIGKILL if it hangs. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>
}

/** A port nobody listens on right now: bind port 0, read what the OS chose, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      if (addr === null || typeof addr === 'string') {
        srv.close()
        reject(new Error('could not read the bound port'))
        return
      }
      srv.close(() => resolve(addr.port))
    })
  })
}

/** The child environment: the parent's, minus Kassa settings, plus `settings`. */
export function kassaEnv(settings: KassaEnv): KassaEnv {
  const env: KassaEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROPPED_ENV.includes(k)) env[k] = v
  return { ...env, ...settings }
}

export async function makeDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'kassa-cli-'))
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

function assertBuilt(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before these tests (they run bin/kassa.js)')
  }
}

/**
 * Starts `node bin/kassa.js serve` on a free port with its own data dir (and `databaseUrl`
 * when given) and resolves once GET /readyz answers 200.
 */
export async function startServer(opts: { dataDir: string; databaseUrl?: string | undefined; env?: KassaEnv }): Promise<ServerProcess> {
  assertBuilt()
  const port = await freePort()
  const env = kassaEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    KASSA_DATA_DIR: opts.dataDir,
    KASSA_SIM_BLOCK_SECONDS: '0',
    KASSA_WATCH_INTERVAL_MS: '100',
    KASSA_LOG_LEVEL: 'warn',
    ...(opts.databaseUrl !== undefined && { DATABASE_URL: opts.databaseUrl }),
    ...opts.env,
  })
  const baseUrl = `http://127.0.0.1:${port}`
  // stdin stays an open pipe: the watchdog stops the server when this test process ends.
  const child = spawn(process.execPath, ['--import', WATCHDOG, KASSA_BIN, 'serve'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }))
  })

  try {
    await waitReady(baseUrl, child)
  } catch (err) {
    child.kill('SIGKILL')
    await exited
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`)
  }

  return {
    port,
    baseUrl,
    env,
    output: () => output,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return { ...(await exited), timedOut: false }
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS)))
      const result = await Promise.race([exited, timeout])
      clearTimeout(timer)
      if (result === 'timeout') {
        child.kill('SIGKILL')
        return { ...(await exited), timedOut: true }
      }
      return { ...result, timedOut: false }
    },
  }
}

/**
 * Stops the server and fails unless it shut down gracefully: exit code 0 (not a signal death)
 * within 5 s of SIGTERM. Calling it again returns the same answer.
 */
export async function assertGracefulStop(server: ServerProcess): Promise<void> {
  const stopped = await server.stop()
  assert.deepEqual(
    stopped,
    { code: 0, signal: null, timedOut: false },
    `kassa serve did not exit 0 within 5 s of SIGTERM\n--- server output ---\n${server.output()}`,
  )
}

async function waitReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`kassa serve exited with code ${child.exitCode} before it was ready`)
    try {
      const res = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) })
      if (res.status === 200) return
      last = `HTTP ${res.status}`
    } catch (err) {
      last = (err as Error).message
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`kassa serve was not ready within ${READY_TIMEOUT_MS / 1000} s (last /readyz: ${last})`)
}

/** Runs `node bin/kassa.js ...args` with `env` (usually the server's) and collects its output. */
export async function runCli(args: readonly string[], env: KassaEnv): Promise<CliResult> {
  assertBuilt()
  return runProcess(process.execPath, [KASSA_BIN, ...args], { env, cwd: REPO_ROOT })
}

/** Runs any program to completion (killed after `timeoutMs`); never rejects on a non-zero exit. */
export async function runProcess(
  command: string,
  args: readonly string[],
  opts: { env?: KassaEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: opts.env ?? kassaEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/**
 * The `after` of every suite that runs a server: stop it (usually the last test already did,
 * this also covers a failed run), then remove its database and data dir whatever happened.
 */
export async function tearDownServer(
  server: ServerProcess | undefined,
  db: { drop(): Promise<void> } | undefined,
  dataDir: string | undefined,
): Promise<void> {
  try {
    if (server) await assertGracefulStop(server)
  } finally {
    await db?.drop()
    if (dataDir) await removeDataDir(dataDir)
  }
}
