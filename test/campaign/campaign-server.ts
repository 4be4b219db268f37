import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { kassaEnv } from '../samples/server-process.js'
import type { KassaEnv } from '../samples/server-process.js'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const KASSA_BIN = join(REPO_ROOT, 'bin', 'kassa.js')
const WATCHDOG = new URL('../samples/parent-watchdog.mjs', import.meta.url).href
const READY_TIMEOUT_MS = 40_000
const STOP_TIMEOUT_MS = 5_000
/** What is kept of each incarnation's output for a failure message. */
const OUTPUT_TAIL = 20_000

/**
 * `kassa serve` (the built CLI, as an operator runs it) that the campaign kills and restarts on
 * one port and one database, as a supervisor (systemd, Docker) would restart it: the load keeps
 * one base URL, and the payment_urls stay valid. Unlike test/samples/server-process.ts it can
 * be started again after a kill. The watchdog preload stops it if the campaign dies.
 */
export class CampaignServer {
  readonly baseUrl: string
  readonly env: KassaEnv
  #child: ChildProcess | undefined
  #exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined
  #output = ''
  /** Each start's exit: code and signal, in order (the last one still running is not listed). */
  readonly exits: { code: number | null; signal: NodeJS.Signals | null }[] = []

  constructor(port: number, settings: KassaEnv) {
    this.baseUrl = `http://127.0.0.1:${port}`
    this.env = kassaEnv({ PORT: String(port), HOST: '127.0.0.1', ...settings })
  }

  /** The last lines the server printed, across restarts. */
  output(): string {
    return this.#output
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
  }

  /** Starts it and resolves once GET /readyz answers 200; returns how long that took (ms). */
  async start(): Promise<number> {
    if (this.running) throw new Error('the server is already running')
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', WATCHDOG, KASSA_BIN, 'serve'], {
      cwd: REPO_ROOT,
      env: this.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    const keep = (s: string) => {
      this.#output = (this.#output + s).slice(-OUTPUT_TAIL)
    }
    child.stdout!.setEncoding('utf8').on('data', keep)
    child.stderr!.setEncoding('utf8').on('data', keep)
    this.#child = child
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.exits.push({ code, signal })
        resolve({ code, signal })
      }),
    )
    const deadline = Date.now() + READY_TIMEOUT_MS
    while (Date.now() < deadline) {
      if (!this.running) {
        const how = this.exits.at(-1)
        throw new Error(
          `kassa serve exited (code ${how?.code}, signal ${how?.signal}) before it was ready\n--- server output ---\n${this.#output}`,
        )
      }
      try {
        const res = await fetch(`${this.baseUrl}/readyz`, { signal: AbortSignal.timeout(1000) })
        await res.arrayBuffer()
        if (res.status === 200) return performance.now() - started
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50))
    }
    await this.kill()
    throw new Error(`kassa serve was not ready within ${READY_TIMEOUT_MS / 1000} s\n--- server output ---\n${this.#output}`)
  }

  /** kill -9: no shutdown code runs. Resolves once the process is gone. */
  async kill(): Promise<void> {
    if (this.running) this.#child!.kill('SIGKILL')
    await this.#exited
  }

  /** SIGTERM, then waits ≤ 5 s; SIGKILL if it hangs. Returns how it ended. */
  async stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }> {
    if (!this.#child || !this.#exited) return { code: null, signal: null, timedOut: false }
    if (!this.running) return { ...(await this.#exited), timedOut: false }
    this.#child.kill('SIGTERM')
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), STOP_TIMEOUT_MS)))
    const result = await Promise.race([this.#exited, timeout])
    clearTimeout(timer)
    if (result !== 'timeout') return { ...result, timedOut: false }
    this.#child.kill('SIGKILL')
    return { ...(await this.#exited), timedOut: true }
  }
}
