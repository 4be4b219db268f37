import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely'
import type { WebhookEndpoint } from '../../domain/webhooks/webhook-endpoint.js'
import type { WebhookAttempt, WebhookEvent, WebhookEventStatus } from '../../domain/webhooks/webhook-event.js'
import { PreparedQuery } from '../prepared-query.js'
import type { Database, WebhookAttemptsTable, WebhookEventsTable } from '../schema.js'
import type { RepositoryContext } from './repository-context.js'

type EventRow = Selectable<WebhookEventsTable>
type AttemptRow = Selectable<WebhookAttemptsTable>

/** The one place a stored event becomes a `WebhookEvent`: the status is only ever written from the domain's list. */
function toEvent(row: EventRow): WebhookEvent {
  return {
    id: Number(row.id),
    storeId: row.store_id,
    paymentId: row.payment_id,
    event: row.event,
    body: row.body,
    status: row.status as WebhookEventStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    deliveryId: row.delivery_id,
    createdAt: row.created_at,
  }
}

function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    eventId: row.event_id === null ? null : Number(row.event_id),
    storeId: row.store_id,
    deliveryId: row.delivery_id,
    url: row.url,
    attemptedAt: row.attempted_at,
    statusCode: row.status_code,
    latencyMs: row.latency_ms,
    error: row.error,
    responseExcerpt: row.response_excerpt,
  }
}

function attemptRow(a: WebhookAttempt): Omit<AttemptRow, 'id'> {
  return {
    event_id: a.eventId,
    store_id: a.storeId,
    delivery_id: a.deliveryId,
    url: a.url,
    attempted_at: a.attemptedAt,
    status_code: a.statusCode,
    latency_ms: a.latencyMs,
    error: a.error,
    response_excerpt: a.responseExcerpt,
  }
}

/** A claimed event with what sending it needs from its store. */
export interface ClaimedEvent extends Pick<WebhookEvent, 'id' | 'storeId' | 'paymentId' | 'event' | 'body' | 'attempts' | 'deliveryId'> {
  endpoint: WebhookEndpoint
}

/** What one attempt (or a skip, for a store without a URL) changes in its event. */
export interface AttemptOutcome {
  eventId: number
  deliveryId: string
  status: 'delivered' | 'pending' | 'failed' | 'skipped'
  attempts: number
  nextAttemptAt: number
  attempt?: WebhookAttempt
}

/** A webhook attempts' day: attempts, and those answered 2xx. */
export interface AttemptDay {
  /** Whole UTC days since the epoch. */
  day: number
  delivered: number
  attempts: number
}

const OPEN = ['pending', 'sending'] as const

type Earliest = PreparedQuery<{ t: number | string | null }, []>
const earliest = new WeakMap<Kysely<Database>, { pending: Earliest; sending: Earliest }>()

/** Compiled once per database (db/prepared-query.ts); on SQLite they read without queueing. */
function earliestQueries(db: Kysely<Database>): { pending: Earliest; sending: Earliest } {
  let q = earliest.get(db)
  if (!q) {
    q = {
      pending: new PreparedQuery(db, 0, (k) =>
        k
          .selectFrom('webhook_events')
          .select((eb) => eb.fn.min('next_attempt_at').as('t'))
          .where('status', '=', 'pending'),
      ),
      sending: new PreparedQuery(db, 0, (k) =>
        k
          .selectFrom('webhook_events')
          .select((eb) => eb.fn.min('lease_until').as('t'))
          .where('status', '=', 'sending'),
      ),
    }
    earliest.set(db, q)
  }
  return q
}

/** The webhook outbox and its attempt log (`webhook_events`, `webhook_attempts`). */
export class WebhookRepository {
  readonly #ctx: RepositoryContext
  readonly #db: Kysely<Database>
  constructor(ctx: RepositoryContext) {
    this.#ctx = ctx
    this.#db = ctx.db
  }

  /**
   * Whether anything may be due at `now`: the earliest retry time of pending events and the
   * earliest expiring lease, two index reads. The idle worker asks this first, every poll:
   * the claim query itself (a join and an ordering subquery) cost the idle server about 7 %
   * of a core at a 25 ms poll (profiled), and more than a tenth of a status request's time
   * under load.
   */
  async anyDue(now: number): Promise<boolean> {
    const q = earliestQueries(this.#ctx.root)
    const run = (p: Earliest) => (this.#ctx.inTransaction ? p.executeOn(this.#db) : p.execute())
    const [pending] = await run(q.pending)
    if (pending?.t !== null && pending?.t !== undefined && Number(pending.t) <= now) return true
    const [sending] = await run(q.sending)
    return sending?.t !== null && sending?.t !== undefined && Number(sending.t) < now
  }

  /**
   * Takes up to `limit` due events and leases them until `leaseUntil`. Due: pending and past
   * its retry time, or sending under an expired lease (its sender died). In order per
   * payment: an event is taken only when no earlier event of its payment is still open. The
   * conditional UPDATE makes the claim safe when instances share PostgreSQL: a row another
   * instance took first is simply not returned. `pick` chooses among the candidates (the
   * worker's per-store limits) before anything is written.
   */
  async claimDue(
    now: number,
    leaseUntil: number,
    limit: number,
    skipStores: readonly string[],
    pick: (candidates: ClaimedEvent[]) => ClaimedEvent[],
  ): Promise<ClaimedEvent[]> {
    // Two scans of the (status, id) index, each in id order: a single query with an OR of
    // both states walked the table from the oldest delivered row on every claim (profiled:
    // quadratic in the backlog).
    const [pending, expired] = await Promise.all([
      this.#candidates(limit, skipStores, (eb) => eb.and([eb('e.status', '=', 'pending'), eb('e.next_attempt_at', '<=', now)])),
      this.#candidates(limit, skipStores, (eb) => eb.and([eb('e.status', '=', 'sending'), eb('e.lease_until', '<', now)])),
    ])
    const rows = [...pending, ...expired]
      .map(toClaimed)
      .sort((a, b) => a.id - b.id)
      .slice(0, limit)
    const candidates = pick(rows)
    if (candidates.length === 0) return []
    const claimed = await this.#db
      .updateTable('webhook_events')
      .set({ status: 'sending', lease_until: leaseUntil, updated_at: now })
      .where(
        'id',
        'in',
        candidates.map((c) => c.id),
      )
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
        ]),
      )
      .returning('id')
      .execute()
    const ids = new Set(claimed.map((c) => Number(c.id)))
    return candidates.filter((c) => ids.has(c.id))
  }

  #candidates(
    limit: number,
    skipStores: readonly string[],
    due: (eb: ExpressionBuilder<Database & { e: WebhookEventsTable }, 'e'>) => Expression<SqlBool>,
  ) {
    let q = this.#db
      .selectFrom('webhook_events as e')
      .innerJoin('stores as s', 's.id', 'e.store_id')
      .select([
        'e.id',
        'e.store_id',
        'e.payment_id',
        'e.event',
        'e.body',
        'e.attempts',
        'e.delivery_id',
        's.webhook_url',
        's.webhook_secret_enc',
        's.webhook_secret_prev_enc',
        's.webhook_secret_prev_expires_at',
      ])
      .where(due)
      // In order per payment: nothing earlier of the same payment still open.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('webhook_events as p')
              .select(sql.lit(1).as('one'))
              .whereRef('p.payment_id', '=', 'e.payment_id')
              .whereRef('p.id', '<', 'e.id')
              .where('p.status', 'in', OPEN),
          ),
        ),
      )
    if (skipStores.length > 0) q = q.where('e.store_id', 'not in', skipStores)
    return q.orderBy('e.id').limit(limit).execute()
  }

  /**
   * Writes attempt outcomes. Only the delivery that was claimed is updated: if a resend
   * started a new one meanwhile, its state is left alone (the attempt is still logged).
   */
  async recordOutcomes(outcomes: readonly AttemptOutcome[], now: number): Promise<void> {
    const attempts = outcomes.flatMap((o) => (o.attempt ? [attemptRow(o.attempt)] : []))
    if (attempts.length > 0) await this.#db.insertInto('webhook_attempts').values(attempts).execute()
    // One UPDATE per distinct outcome rather than per event: at thousands of deliveries a
    // second most outcomes are alike ("delivered after 1 attempt"), and on PostgreSQL every
    // statement is a round trip.
    const groups = new Map<string, AttemptOutcome[]>()
    for (const o of outcomes) {
      const key = `${o.status}|${o.attempts}|${o.nextAttemptAt}`
      groups.set(key, [...(groups.get(key) ?? []), o])
    }
    for (const group of groups.values()) {
      const { status, attempts, nextAttemptAt } = group[0]!
      await this.#db
        .updateTable('webhook_events')
        .set({ status, attempts, next_attempt_at: nextAttemptAt, lease_until: 0, updated_at: now })
        .where(
          'id',
          'in',
          group.map((o) => o.eventId),
        )
        // Delivery ids are unique, so this pairs each row with its own claimed delivery.
        .where(
          'delivery_id',
          'in',
          group.map((o) => o.deliveryId),
        )
        .where('status', '=', 'sending')
        .execute()
    }
  }

  async logAttempt(attempt: WebhookAttempt): Promise<void> {
    await this.#db.insertInto('webhook_attempts').values(attemptRow(attempt)).execute()
  }

  async event(id: number): Promise<WebhookEvent | undefined> {
    const row = await this.#db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst()
    return row && toEvent(row)
  }

  /** The attempts of one event, in the order they were made. */
  async attempts(eventId: number): Promise<WebhookAttempt[]> {
    return (await this.#db.selectFrom('webhook_attempts').selectAll().where('event_id', '=', eventId).orderBy('id').execute()).map(
      toAttempt,
    )
  }

  /** The attempts of several events, in the order they were made. */
  async attemptsOf(eventIds: readonly number[]): Promise<WebhookAttempt[]> {
    if (eventIds.length === 0) return []
    return (
      await this.#db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where('event_id', 'in', [...eventIds])
        .orderBy('id')
        .execute()
    ).map(toAttempt)
  }

  /** Newest first, for the operator. */
  async list(filter: {
    storeId?: string | undefined
    status?: WebhookEventStatus | undefined
    paymentId?: string | undefined
    limit: number
  }): Promise<WebhookEvent[]> {
    let q = this.#db.selectFrom('webhook_events').selectAll()
    if (filter.storeId !== undefined) q = q.where('store_id', '=', filter.storeId)
    if (filter.status !== undefined) q = q.where('status', '=', filter.status)
    if (filter.paymentId !== undefined) q = q.where('payment_id', '=', filter.paymentId)
    return (await q.orderBy('id', 'desc').limit(filter.limit).execute()).map(toEvent)
  }

  /** A payment's events, oldest first (the dashboard's payment timeline). */
  async ofPayment(storeId: string, paymentId: string): Promise<WebhookEvent[]> {
    const rows = await this.#db
      .selectFrom('webhook_events')
      .selectAll()
      .where('payment_id', '=', paymentId)
      .where('store_id', '=', storeId)
      .orderBy('id')
      .execute()
    return rows.map(toEvent)
  }

  /**
   * Starts a new delivery of an event: due at once, a fresh attempt count and delivery id.
   * Refused (false) while an attempt is in flight, so two deliveries never overlap.
   */
  async reopen(id: number, deliveryId: string, now: number): Promise<boolean> {
    const r = await this.#db
      .updateTable('webhook_events')
      .set({ status: 'pending', attempts: 0, next_attempt_at: 0, lease_until: 0, delivery_id: deliveryId, updated_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('status', '!=', 'sending'), eb('lease_until', '<', now)]))
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  /** The merchant's event feed: the store's events after `afterId`, oldest first. */
  async feed(
    storeId: string,
    afterId: number,
    limit: number,
  ): Promise<Pick<WebhookEvent, 'id' | 'event' | 'paymentId' | 'body' | 'createdAt'>[]> {
    const rows = await this.#db
      .selectFrom('webhook_events')
      .select(['id', 'event', 'payment_id', 'body', 'created_at'])
      .where('store_id', '=', storeId)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute()
    return rows.map((r) => ({ id: Number(r.id), event: r.event, paymentId: r.payment_id, body: r.body, createdAt: r.created_at }))
  }

  /**
   * Attempts per UTC day from `fromDay` (whole days since the epoch) on: a 2xx answer counts as
   * delivered. Grouped in SQL by integer division (the same on both dialects), so the read is
   * one row per day however many attempts there were.
   */
  async attemptsPerDay(fromDay: number, dayMs: number): Promise<AttemptDay[]> {
    const rows = await this.#db
      .selectFrom('webhook_attempts')
      .select([
        sql<number>`attempted_at / ${sql.lit(dayMs)}`.as('d'),
        sql<number>`sum(case when status_code >= 200 and status_code < 300 then 1 else 0 end)`.as('ok'),
        sql<number>`count(*)`.as('n'),
      ])
      .where('attempted_at', '>=', fromDay * dayMs)
      .groupBy(sql`attempted_at / ${sql.lit(dayMs)}`)
      .execute()
    return rows.map((r) => ({ day: Number(r.d), delivered: Number(r.ok), attempts: Number(r.n) }))
  }

  // Writes for the receive path

  /**
   * Puts a payment's event in the outbox, due at once with a fresh delivery id. Called in
   * the status change's own transaction: if one commits, so does the other.
   */
  async enqueuePaymentEvent(e: { storeId: string; paymentId: string; event: string; body: string; now: number }): Promise<void> {
    await this.#db
      .insertInto('webhook_events')
      .values({
        store_id: e.storeId,
        payment_id: e.paymentId,
        event: e.event,
        body: e.body,
        status: 'pending',
        attempts: 0,
        delivery_id: randomUUID(),
        created_at: e.now,
        updated_at: e.now,
      })
      .execute()
  }
}

type ClaimRow = Pick<EventRow, 'id' | 'store_id' | 'payment_id' | 'event' | 'body' | 'attempts' | 'delivery_id'> &
  Pick<Selectable<Database['stores']>, 'webhook_url' | 'webhook_secret_enc' | 'webhook_secret_prev_enc' | 'webhook_secret_prev_expires_at'>

function toClaimed(r: ClaimRow): ClaimedEvent {
  return {
    id: Number(r.id),
    storeId: r.store_id,
    paymentId: r.payment_id,
    event: r.event,
    body: r.body,
    attempts: r.attempts,
    deliveryId: r.delivery_id,
    endpoint: {
      url: r.webhook_url,
      secrets: { current: r.webhook_secret_enc, previous: r.webhook_secret_prev_enc, previousExpiresAt: r.webhook_secret_prev_expires_at },
    },
  }
}
