import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { WebhookConfig } from '../../config/index.js'
import type { DialectInfo } from '../../db/dialect.js'
import { StoreRepository } from '../../db/repositories/store-repository.js'
import { WebhookRepository } from '../../db/repositories/webhook-repository.js'
import type { WebhookAttemptRow, WebhookEventRow } from '../../db/repositories/webhook-repository.js'
import type { Database } from '../../db/schema.js'
import { isPublicAddress } from '../../domain/webhooks/ip-address-policy.js'
import { WebhookUrlPolicyError, parseWebhookUrl } from '../../domain/webhooks/webhook-url.js'
import { webhookTestBody } from '../../domain/webhooks/webhook-test-body.js'
import {
  StoreNotFoundError, WebhookEventBusyError, WebhookEventNotFoundError, WebhookUrlNotSetError, WebhookUrlRefusedError,
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
  event: WebhookEventRow
  attempts: WebhookAttemptRow[]
}

export interface FeedPage {
  events: { id: number; event: string; paymentId: string; body: string; createdAt: number }[]
  /** The cursor to pass as `after` next time: the last id returned, or `after` itself. */
  nextCursor: number
}

export interface WebhookServiceDeps {
  db: Kysely<Database>
  dialect: DialectInfo
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
    this.#repo = new WebhookRepository(deps.db)
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
        throw new WebhookUrlPolicyError(`webhook URL host ${parts.hostname} is ${refused}, not a public address (set KASSA_WEBHOOK_ALLOW_PRIVATE=1 to allow private receivers)`)
      }
      return parts.url
    } catch (err) {
      if (err instanceof WebhookUrlPolicyError) throw new WebhookUrlRefusedError(err.message)
      throw err
    }
  }

  async list(filter: { storeId?: string | undefined; status?: string | undefined; paymentId?: string | undefined; limit?: number }): Promise<WebhookEventRow[]> {
    return this.#repo.list({ ...filter, limit: filter.limit ?? 50 })
  }

  async show(eventId: string): Promise<WebhookEventDetails> {
    const id = parseEventId(eventId)
    const event = await this.#repo.event(id)
    if (!event) throw new WebhookEventNotFoundError(eventId)
    return { event, attempts: await this.#repo.attempts(id) }
  }

  /** A store's latest events, each with its latest attempt (the dashboard's delivery log). */
  async storeLog(storeId: string, limit = 100): Promise<{ event: WebhookEventRow; last: WebhookAttemptRow | undefined }[]> {
    const events = await this.#repo.list({ storeId, limit })
    if (events.length === 0) return []
    const attempts = await this.#deps.db.selectFrom('webhook_attempts').selectAll()
      .where('event_id', 'in', events.map((e) => Number(e.id))).orderBy('id').execute()
    const last = new Map(attempts.map((a) => [Number(a.event_id), a]))
    return events.map((event) => ({ event, last: last.get(Number(event.id)) }))
  }

  /** Resends an event of this store only; another store's event id is answered as unknown. */
  async resendForStore(storeId: string, eventId: string): Promise<WebhookEventRow> {
    const id = parseEventId(eventId)
    const event = await this.#repo.event(id)
    if (!event || event.store_id !== storeId) throw new WebhookEventNotFoundError(eventId)
    return this.resend(eventId)
  }

  /** Sends an event again as a new delivery (new X-Kassa-Delivery, five retries again). */
  async resend(eventId: string): Promise<WebhookEventRow> {
    const id = parseEventId(eventId)
    if (!(await this.#repo.event(id))) throw new WebhookEventNotFoundError(eventId)
    if (!(await this.#repo.reopen(id, randomUUID(), this.#deps.now()))) throw new WebhookEventBusyError(eventId)
    return (await this.#repo.event(id))!
  }

  /** Sends one `webhook.test` event now and answers how the receiver took it (logged too). */
  async sendTest(storeId: string): Promise<SendResult & { deliveryId: string; url: string }> {
    const row = await new StoreRepository(this.#deps.db).byId(storeId)
    if (!row) throw new StoreNotFoundError(storeId)
    if (row.webhook_url === null) throw new WebhookUrlNotSetError(storeId)
    const now = this.#deps.now()
    const deliveryId = randomUUID()
    const body = webhookTestBody(storeId, now)
    const headers = this.#deps.signer.headers(row, body, now, { eventId: `test_${deliveryId}`, deliveryId, eventName: 'webhook.test' })
    const result = await this.#deps.sender.send(row.webhook_url, headers, body)
    await this.#repo.logAttempt({
      event_id: null,
      store_id: storeId,
      delivery_id: deliveryId,
      url: row.webhook_url,
      attempted_at: now,
      status_code: result.statusCode,
      latency_ms: result.latencyMs,
      error: result.error,
      response_excerpt: result.excerpt,
    })
    return { ...result, deliveryId, url: row.webhook_url }
  }

  /** A page of the store's events after the cursor, in order (GET /api/v1/events). */
  async feed(storeId: string, after: number, limit: number): Promise<FeedPage> {
    const settle = this.#deps.dialect.singleWriter ? 0 : FEED_SETTLE_MS
    const cutoff = this.#deps.now() - settle
    const rows = await this.#repo.feed(storeId, after, limit)
    // Stop at the first event too young to be sure no earlier id is still uncommitted.
    const young = rows.findIndex((r) => r.created_at > cutoff)
    const page = young === -1 ? rows : rows.slice(0, young)
    return {
      events: page.map((r) => ({ id: Number(r.id), event: r.event, paymentId: r.payment_id, body: r.body, createdAt: r.created_at })),
      nextCursor: page.length > 0 ? Number(page.at(-1)!.id) : after,
    }
  }
}

function parseEventId(text: string): number {
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new WebhookEventNotFoundError(text)
  return Number(text)
}
