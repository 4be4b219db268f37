import { randomUUID } from 'node:crypto'
import type { WebhookConfig } from '../../config/index.js'
import type { DialectInfo } from '../../db/dialect.js'
import type { Repositories } from '../../db/repositories/repositories.js'
import type { WebhookRepository } from '../../db/repositories/webhook-repository.js'
import type { WebhookAttempt, WebhookEvent, WebhookEventStatus } from '../../domain/webhooks/webhook-event.js'
import { WebhookUrlPolicyError, isPublicAddress, parseWebhookUrl } from '../../domain/webhooks/address-policy.js'
import { webhookTestBody } from '../../domain/webhooks/webhook-test-body.js'
import {
  StoreNotFoundError,
  WebhookEventBusyError,
  WebhookEventNotFoundError,
  WebhookUrlNotSetError,
  WebhookUrlRefusedError,
} from '../../errors/index.js'
import { resolveHost } from './webhook-sender.js'
import type { SendResult, WebhookSender } from './webhook-sender.js'
import type { WebhookSigner } from './webhook-signing.js'

/**
 * On PostgreSQL, event ids are taken at insert and committed in any order, so a feed reader
 * could pass over an id whose transaction commits a moment later. The feed therefore shows
 * only events older than this; status-change transactions last milliseconds. SQLite commits
 * one writer at a time, in id order, so it needs no window.
 */
const FEED_SETTLE_MS = 2000

export interface WebhookEventDetails {
  event: WebhookEvent
  attempts: WebhookAttempt[]
}

/** An event of a store's delivery log with its latest attempt, if any. */
export interface WebhookLogEntry {
  event: WebhookEvent
  last?: WebhookAttempt | undefined
}

export interface FeedPage {
  events: { id: number; event: string; paymentId: string; body: string; createdAt: number }[]
  /** The cursor to pass as `after` next time: the last id returned, or `after` itself. */
  nextCursor: number
}

export interface WebhookServiceDeps {
  repos: Repositories
  /** Whether the database commits one writer at a time (SQLite): then the feed needs no settling window. */
  dialect: Pick<DialectInfo, 'singleWriter'>
  now: () => number
  config: WebhookConfig
  sender: WebhookSender
  signer: WebhookSigner
}

/** What the operator (CLI, operator routes) and merchants (event feed) do with webhooks. */
export class WebhookService {
  readonly #deps: WebhookServiceDeps
  readonly #repo: WebhookRepository

  constructor(deps: WebhookServiceDeps) {
    this.#deps = deps
    this.#repo = deps.repos.webhooks
  }

  /**
   * Normalises a webhook URL and refuses one that reaches a non-public address (unless
   * private receivers are allowed). Checked again at every connection: this check alone
   * would not stop a name that later resolves elsewhere.
   */
  async checkUrl(text: string): Promise<string> {
    try {
      const parts = parseWebhookUrl(text)
      if (this.#deps.config.allowPrivate) return parts.url
      let addresses: string[]
      try {
        addresses = await resolveHost(parts.hostname)
      } catch {
        throw new WebhookUrlPolicyError(`webhook URL host ${parts.hostname} does not resolve`)
      }
      const refused = addresses.find((a) => !isPublicAddress(a))
      if (refused !== undefined) {
        throw new WebhookUrlPolicyError(
          `webhook URL host ${parts.hostname} is ${refused}, not a public address (set KASSA_WEBHOOK_ALLOW_PRIVATE=1 to allow private receivers)`,
        )
      }
      return parts.url
    } catch (err) {
      if (err instanceof WebhookUrlPolicyError) throw new WebhookUrlRefusedError(err.message)
      throw err
    }
  }

  async list(filter: {
    storeId?: string | undefined
    status?: WebhookEventStatus | undefined
    paymentId?: string | undefined
    limit?: number
  }): Promise<WebhookEvent[]> {
    return this.#repo.list({ ...filter, limit: filter.limit ?? 50 })
  }

  async show(eventId: string): Promise<WebhookEventDetails> {
    const id = parseEventId(eventId)
    const event = await this.#repo.event(id)
    if (!event) throw new WebhookEventNotFoundError(eventId)
    return { event, attempts: await this.#repo.attempts(id) }
  }

  /** A store's latest events, each with its latest attempt (the dashboard's delivery log). */
  async storeLog(storeId: string, limit = 100): Promise<WebhookLogEntry[]> {
    const events = await this.#repo.list({ storeId, limit })
    if (events.length === 0) return []
    const attempts = await this.#repo.attemptsOf(events.map((e) => e.id))
    const last = new Map(attempts.map((a) => [a.eventId, a]))
    return events.map((event) => ({ event, last: last.get(event.id) }))
  }

  /** Resends an event of this store only; another store's event id is answered as unknown. */
  async resendForStore(storeId: string, eventId: string): Promise<WebhookEvent> {
    const id = parseEventId(eventId)
    const event = await this.#repo.event(id)
    if (!event || event.storeId !== storeId) throw new WebhookEventNotFoundError(eventId)
    return this.resend(eventId)
  }

  /** Sends an event again as a new delivery (new X-Kassa-Delivery, five retries again). */
  async resend(eventId: string): Promise<WebhookEvent> {
    const id = parseEventId(eventId)
    if (!(await this.#repo.event(id))) throw new WebhookEventNotFoundError(eventId)
    if (!(await this.#repo.reopen(id, randomUUID(), this.#deps.now()))) throw new WebhookEventBusyError(eventId)
    return (await this.#repo.event(id))!
  }

  /** Sends one `webhook.test` event now and answers how the receiver took it (logged too). */
  async sendTest(storeId: string): Promise<SendResult & { deliveryId: string; url: string }> {
    const endpoint = await this.#deps.repos.stores.webhookEndpoint(storeId)
    if (!endpoint) throw new StoreNotFoundError(storeId)
    const url = endpoint.url
    if (url === null) throw new WebhookUrlNotSetError(storeId)
    const now = this.#deps.now()
    const deliveryId = randomUUID()
    const body = webhookTestBody(storeId, now)
    const headers = this.#deps.signer.headers(endpoint.secrets, body, now, {
      eventId: `test_${deliveryId}`,
      deliveryId,
      eventName: 'webhook.test',
    })
    const result = await this.#deps.sender.send(url, headers, body)
    await this.#repo.logAttempt({
      eventId: null,
      storeId,
      deliveryId,
      url,
      attemptedAt: now,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error,
      responseExcerpt: result.excerpt,
    })
    return { ...result, deliveryId, url }
  }

  /** A page of the store's events after the cursor, in order (GET /api/v1/events). */
  async feed(storeId: string, after: number, limit: number): Promise<FeedPage> {
    const settle = this.#deps.dialect.singleWriter ? 0 : FEED_SETTLE_MS
    const cutoff = this.#deps.now() - settle
    const rows = await this.#repo.feed(storeId, after, limit)
    // Stop at the first event too young to be sure no earlier id is still uncommitted.
    const young = rows.findIndex((r) => r.createdAt > cutoff)
    const page = young === -1 ? rows : rows.slice(0, young)
    return { events: page, nextCursor: page.length > 0 ? page.at(-1)!.id : after }
  }
}

function parseEventId(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new WebhookEventNotFoundError(text)
  return Number(text)
}
