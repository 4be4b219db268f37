import type { Logger } from 'pino'
import type { WebhookConfig } from '../../config/index.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { AttemptOutcome, ClaimedEvent, WebhookRepository } from '../../db/repositories/webhook-repository.js'
import { retryDelay } from '../../domain/webhooks/retry-schedule.js'
import type { SendResult, WebhookSender } from '../../services/webhooks/webhook-sender.js'
import type { WebhookSigner } from '../../services/webhooks/webhook-signing.js'

const STOP_GRACE_MS = 2000

export interface WebhookWorkerDeps {
  repos: Repositories
  now: () => number
  config: WebhookConfig
  sender: WebhookSender
  signer: WebhookSigner
  log: Logger
}

/**
 * Delivers the webhook outbox. Claims due events (leased in the database, so a crash only
 * delays them: the lease runs out and any instance takes them again), sends each with at most
 * `concurrency` attempts in flight overall and `storeConcurrency` per store, so one slow
 * receiver holds at most its own share of the slots. Outcomes are written in batches: one
 * transaction for every attempt that ended meanwhile, which is what lets it keep up with
 * thousands of deliveries a second on SQLite's single writer.
 */
export class WebhookWorker {
  readonly #deps: WebhookWorkerDeps
  readonly #repo: WebhookRepository
  /** Long enough for an attempt to time out and its outcome to be written. */
  readonly #leaseMs: number
  readonly #inFlight = new Map<number, Promise<void>>()
  readonly #perStore = new Map<string, number>()
  #outcomes: AttemptOutcome[] = []
  #flushing: Promise<void> | undefined
  #claiming: Promise<number> | undefined
  #timer: NodeJS.Timeout | undefined
  #stopped = true
  /** Set by stop() when attempts were left in flight: their outcomes are no longer written. */
  #abandoned = false

  constructor(deps: WebhookWorkerDeps) {
    this.#deps = deps
    this.#repo = deps.repos.webhooks
    this.#leaseMs = Math.round(deps.config.timeoutMs * 1.5) + 1000
  }

  /** Polls every `pollMs` and whenever a slot frees up. */
  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#abandoned = false
    this.#schedule(0)
  }

  /**
   * Looks for due events now instead of at the next poll: called after this process changed
   * payment statuses, so their events leave at once. A no-op unless started.
   */
  kick(): void {
    this.#schedule(0)
  }

  /**
   * Stops claiming, gives attempts in flight up to 2 s to finish and writes their outcomes.
   * Attempts still waiting then are abandoned unrecorded: their leases run out and they are
   * sent again (at least once), so a receiver that hangs cannot hold up a shutdown.
   */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#claiming?.catch(() => undefined)
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))
    await Promise.race([Promise.all(this.#inFlight.values()), grace])
    clearTimeout(timer)
    this.#abandoned = this.#inFlight.size > 0
    await this.#flush()
  }

  /**
   * Claims what is due now and starts sending it; resolves with how many attempts started
   * (their outcomes come later). One claim at a time per worker.
   */
  claimAndSend(): Promise<number> {
    this.#claiming ??= this.#claim().finally(() => (this.#claiming = undefined))
    return this.#claiming
  }

  /** Sends until nothing is due at the current clock: tests drive the worker with this. */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      const started = await this.claimAndSend()
      await Promise.all(this.#inFlight.values())
      await this.#flush()
      if (started === 0 && this.#inFlight.size === 0) return
    }
  }

  async #claim(): Promise<number> {
    const { concurrency, storeConcurrency } = this.#deps.config
    const free = concurrency - this.#inFlight.size
    if (free <= 0) return 0
    const now = this.#deps.now()
    if (!(await this.#repo.anyDue(now))) return 0
    const busy = [...this.#perStore].filter(([, n]) => n >= storeConcurrency).map(([s]) => s)
    // A few more candidates than free slots, so per-store limits still leave enough to send.
    const claimed = await this.#repo.claimDue(now, now + this.#leaseMs, Math.min(free * 4, 1000), busy, (candidates) => {
      const taken = new Map<string, number>()
      const picked: typeof candidates = []
      for (const c of candidates) {
        if (picked.length >= free) break
        // Still ours, past its lease only because its outcome is not written yet.
        if (this.#inFlight.has(c.id)) continue
        const n = (this.#perStore.get(c.storeId) ?? 0) + (taken.get(c.storeId) ?? 0)
        if (n >= storeConcurrency) continue
        taken.set(c.storeId, (taken.get(c.storeId) ?? 0) + 1)
        picked.push(c)
      }
      return picked
    })
    for (const row of claimed) this.#launch(row)
    return claimed.length
  }

  #launch(row: ClaimedEvent): void {
    this.#perStore.set(row.storeId, (this.#perStore.get(row.storeId) ?? 0) + 1)
    const attempt = this.#attempt(row)
      .catch((err: unknown) => this.#deps.log.error({ err, eventId: row.id }, 'webhook attempt failed unexpectedly'))
      .finally(() => {
        this.#inFlight.delete(row.id)
        const n = (this.#perStore.get(row.storeId) ?? 1) - 1
        if (n === 0) this.#perStore.delete(row.storeId)
        else this.#perStore.set(row.storeId, n)
        // Refill once a quarter of the slots is free (or all are): one claim query for many
        // finished attempts rather than one each; the poll covers the rest.
        const free = this.#deps.config.concurrency - this.#inFlight.size
        if (!this.#stopped && (free >= Math.max(1, this.#deps.config.concurrency / 4) || this.#inFlight.size === 0)) this.#schedule(0)
      })
    this.#inFlight.set(row.id, attempt)
  }

  async #attempt(row: ClaimedEvent): Promise<void> {
    const deliveryId = row.deliveryId ?? `d${row.id}`
    const url = row.endpoint.url
    if (url === null) {
      // No endpoint: nothing to send. The event stays in the feed and can be resent later.
      this.#record({ eventId: row.id, deliveryId, status: 'skipped', attempts: row.attempts, nextAttemptAt: 0 })
      return
    }
    const attemptedAt = this.#deps.now()
    let result: SendResult
    try {
      const headers = this.#deps.signer.headers(row.endpoint.secrets, row.body, attemptedAt, {
        eventId: String(row.id),
        deliveryId,
        eventName: row.event,
      })
      result = await this.#deps.sender.send(url, headers, row.body)
    } catch (err) {
      // A failure of ours (an unreadable secret, a header Node refuses) counts as a failed
      // attempt, so the retry limit ends it instead of the lease retrying it forever.
      this.#deps.log.error({ err, eventId: row.id }, 'webhook attempt could not be made')
      result = { ok: false, statusCode: null, latencyMs: 0, error: `not sent: ${(err as Error).message}`, excerpt: null }
    }
    const attempts = row.attempts + 1
    const delay = result.ok ? null : retryDelay(attempts, this.#deps.config.retryDelaysMs)
    const status = result.ok ? 'delivered' : delay === null ? 'failed' : 'pending'
    this.#deps.log[result.ok ? 'debug' : 'warn'](
      {
        eventId: row.id,
        storeId: row.storeId,
        statusCode: result.statusCode,
        error: result.error,
        latencyMs: result.latencyMs,
        attempts,
        status,
      },
      'webhook attempt',
    )
    this.#record({
      eventId: row.id,
      deliveryId,
      status,
      attempts,
      nextAttemptAt: delay === null ? 0 : this.#deps.now() + delay,
      attempt: {
        eventId: row.id,
        storeId: row.storeId,
        deliveryId,
        url,
        attemptedAt,
        statusCode: result.statusCode,
        latencyMs: result.latencyMs,
        error: result.error,
        responseExcerpt: result.excerpt,
      },
    })
  }

  #record(outcome: AttemptOutcome): void {
    if (this.#abandoned) return
    this.#outcomes.push(outcome)
    void this.#flush()
  }

  /** Writes every outcome gathered so far in one transaction; one flush at a time. */
  #flush(): Promise<void> {
    if (this.#flushing) return this.#flushing.then(() => (this.#outcomes.length > 0 ? this.#flush() : undefined))
    if (this.#outcomes.length === 0) return Promise.resolve()
    const batch = this.#outcomes
    this.#outcomes = []
    this.#flushing = this.#deps.repos
      .write((tx) => tx.webhooks.recordOutcomes(batch, this.#deps.now()))
      .catch((err: unknown) => {
        // The events stay leased; when the lease runs out they are sent again (at least once).
        this.#deps.log.error({ err, events: batch.length }, 'could not record webhook outcomes')
      })
      .finally(() => (this.#flushing = undefined))
    return this.#flushing
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => {
      this.claimAndSend()
        .catch((err: unknown) => {
          this.#deps.log.error({ err }, 'webhook claim failed')
          return 0
        })
        .then((started) => {
          // A full claim suggests more is due: look again at once; otherwise wait a poll.
          if (!this.#stopped) this.#schedule(started > 0 ? 0 : this.#deps.config.pollMs)
        })
    }, delayMs)
    this.#timer.unref()
  }
}
