import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * Moves SQLite's WAL checkpoints off the event loop. With synchronous=NORMAL the only fsyncs
 * in WAL mode happen at checkpoints, and an automatic checkpoint runs inside whichever commit
 * crosses the threshold, so a request pays for it (measured: 175 µs → 110 µs per payment
 * create without it; docs/PERFORMANCE.md). A worker thread with its own connection runs a
 * PASSIVE checkpoint every `intervalMs` instead; PASSIVE never blocks writers. The main
 * connection keeps a high automatic threshold as a safety net should the worker stop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
const timer = setInterval(() => {
  try { checkpoint.run() } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }) }
}, workerData.intervalMs)
parentPort.on('message', (m) => {
  if (m !== 'stop') return
  clearInterval(timer)
  try { checkpoint.run() } catch {}
  db.close()
  parentPort.postMessage('stopped')
})
`

export class SqliteCheckpointer {
  readonly #worker: Worker

  constructor(file: string, intervalMs = 1000, onError: (message: string) => void = () => undefined) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, intervalMs, driver: fileURLToPath(import.meta.resolve('better-sqlite3')) },
    })
    this.#worker.on('message', (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'error' in m) onError(String((m as { error: unknown }).error))
    })
    this.#worker.on('error', (err) => onError(err.message))
    this.#worker.unref()
  }

  /** Runs a last checkpoint and ends the thread. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.#worker.on('message', (m) => m === 'stopped' && resolve())
      this.#worker.once('exit', () => resolve())
    })
    this.#worker.postMessage('stop')
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 2000))])
    await this.#worker.terminate()
  }
}
