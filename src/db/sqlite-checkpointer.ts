import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

/**
 * Moves SQLite's WAL checkpoints off the event loop. With synchronous=NORMAL the only fsyncs
 * in WAL mode happen at checkpoints, and an automatic checkpoint runs inside whichever commit
 * crosses the threshold, so a request pays for it (measured: 175 µs → 110 µs per payment
 * create without it; docs/PERFORMANCE.md). A worker thread with its own connection runs a
 * PASSIVE checkpoint every `intervalMs` instead; PASSIVE never blocks writers.
 *
 * Under a steady stream of commits that is not enough: SQLite starts the WAL file over only
 * when a write transaction begins with every frame already copied, and with a commit every few
 * milliseconds one always lands while a checkpoint runs. The WAL then grew to the main
 * connection's automatic threshold, and that checkpoint ran on the event loop: 30–55 ms stalls,
 * most of the create p99 of issue 17 (40 ms; 14 ms with the threshold out of reach). So when
 * the WAL holds more than `QUIET_AFTER_FRAMES` frames after a checkpoint, the worker asks for a
 * quiet moment: the group-commit runner (transaction-runner.ts) finishes its batch and starts
 * no other (`pauseWrites`) until the worker has copied what was written since; its next
 * transaction then starts the WAL over. Reads go on meanwhile.
 * The main connection keeps a high automatic threshold as a safety net should the worker stop.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.file)
db.pragma('busy_timeout = 1000')
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)')
let asked = false
const run = () => {
  try { return checkpoint.get() } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }) }
}
const timer = setInterval(() => {
  const r = run()
  if (!r || asked || r.log <= workerData.quietAfterFrames) return
  asked = true
  Atomics.store(workerData.quietWanted, 0, 1)
}, workerData.intervalMs)
parentPort.on('message', (m) => {
  if (m === 'quiet') {
    run()
    asked = false
    parentPort.postMessage('quiet done')
    return
  }
  if (m !== 'stop') return
  clearInterval(timer)
  run()
  db.close()
  parentPort.postMessage('stopped')
})
`

/** WAL frames (pages) a checkpoint may leave behind before the worker asks for a quiet moment: 4 MiB. */
const QUIET_AFTER_FRAMES = 1000

/** Writes wait at most this long for the worker's answer (a stopped worker must not stop writes). */
const QUIET_TIMEOUT_MS = 250

export class SqliteCheckpointer {
  readonly #worker: Worker
  /**
   * Set to 1 by the worker when it wants a quiet moment. Shared memory rather than a message:
   * a busy writer may run batch after batch without the event loop reaching its messages.
   */
  readonly #quietWanted = new Int32Array(new SharedArrayBuffer(4))
  #quietDone: (() => void) | undefined

  constructor(file: string, intervalMs = 1000, onError: (message: string) => void = () => undefined) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        intervalMs,
        quietAfterFrames: QUIET_AFTER_FRAMES,
        quietWanted: this.#quietWanted,
        driver: fileURLToPath(import.meta.resolve('better-sqlite3')),
      },
    })
    this.#worker.on('message', (m: unknown) => {
      if (m === 'quiet done') this.#quietDone?.()
      else if (typeof m === 'object' && m !== null && 'error' in m) onError(String((m as { error: unknown }).error))
    })
    this.#worker.on('error', (err) => onError(err.message))
    this.#worker.unref()
  }

  /**
   * Called by the writer between write transactions: undefined to go on at once, or a promise
   * to wait for first, while the worker copies what is left of the WAL.
   */
  pauseWrites(): Promise<void> | undefined {
    if (Atomics.load(this.#quietWanted, 0) === 0) return undefined
    Atomics.store(this.#quietWanted, 0, 0)
    return new Promise<void>((resolve) => {
      const timeout = setTimeout(() => this.#quietDone?.(), QUIET_TIMEOUT_MS)
      this.#quietDone = () => {
        clearTimeout(timeout)
        this.#quietDone = undefined
        resolve()
      }
      this.#worker.postMessage('quiet')
    })
  }

  /** Runs a last checkpoint and ends the thread. */
  async stop(): Promise<void> {
    this.#quietDone?.()
    const stopped = new Promise<void>((resolve) => {
      this.#worker.on('message', (m) => m === 'stopped' && resolve())
      this.#worker.once('exit', () => resolve())
    })
    this.#worker.postMessage('stop')
    await Promise.race([stopped, new Promise((r) => setTimeout(r, 2000))])
    await this.#worker.terminate()
  }
}
