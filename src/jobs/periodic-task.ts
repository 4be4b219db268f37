import type { Logger } from 'pino'

/**
 * Runs `work` every `intervalMs`, never overlapping itself: the next run is scheduled only when
 * the previous one ends. A failure is logged and the loop goes on. `stop()` waits for a run in
 * progress, which is what graceful shutdown needs.
 */
export class PeriodicTask {
  readonly #name: string
  readonly #intervalMs: number
  readonly #work: () => Promise<unknown>
  readonly #log: Logger
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #stopped = true

  constructor(name: string, intervalMs: number, work: () => Promise<unknown>, log: Logger) {
    this.#name = name
    this.#intervalMs = intervalMs
    this.#work = work
    this.#log = log
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#schedule()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#running
  }

  #schedule(): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#running = this.#work()
        .then(
          () => undefined,
          (err: unknown) => this.#log.error({ err, task: this.#name }, 'periodic task failed'),
        )
        .finally(() => {
          this.#running = undefined
          this.#schedule()
        })
    }, this.#intervalMs)
    this.#timer.unref()
  }
}
