import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Webhook delivery. `webhook_events` (001) is the outbox: its row is written in the
 * same transaction as the status change; here it gains the delivery state the worker needs.
 * `webhook_attempts` logs every HTTP attempt, and stores keep their previous webhook secret
 * for the rotation grace period.
 */
export function webhooksMigration(d: DialectInfo): Migration {
  const time = d.timeType
  return {
    async up(db: Kysely<any>) {
      // One ALTER per column: SQLite adds one column per statement.
      await db.schema.alterTable('stores').addColumn('webhook_secret_prev_enc', 'text').execute()
      await db.schema.alterTable('stores').addColumn('webhook_secret_prev_expires_at', time).execute()

      // Due time of the next attempt (0: at once); a claimed row holds a lease until
      // `lease_until`, after which a crashed sender's claim is taken over.
      await db.schema
        .alterTable('webhook_events')
        .addColumn('next_attempt_at', time, (c) => c.notNull().defaultTo(0))
        .execute()
      await db.schema
        .alterTable('webhook_events')
        .addColumn('lease_until', time, (c) => c.notNull().defaultTo(0))
        .execute()
      // The current delivery (a resend starts a new one): sent as X-Kassa-Delivery.
      await db.schema.alterTable('webhook_events').addColumn('delivery_id', 'text').execute()
      await db.schema
        .alterTable('webhook_events')
        .addColumn('updated_at', time, (c) => c.notNull().defaultTo(0))
        .execute()
      // Events recorded before this migration were never sent: they get a delivery id and go
      // out like new ones (at least once means late rather than never).
      await sql`update webhook_events set delivery_id = 'd' || cast(id as text), updated_at = created_at`.execute(db)
      // The claim scans rows of one status in id order; the per-payment order check by payment.
      await db.schema.createIndex('webhook_events_due').on('webhook_events').columns(['status', 'id']).execute()
      await db.schema.createIndex('webhook_events_payment').on('webhook_events').columns(['payment_id', 'id']).execute()

      await db.schema
        .createTable('webhook_attempts')
        .addColumn('id', d.serialType, (c) => d.serialPrimaryKey(c))
        /** null for a test event, which belongs to no payment event. */
        .addColumn('event_id', 'bigint')
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('delivery_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('attempted_at', time, (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('response_excerpt', 'text')
        .execute()
      await db.schema.createIndex('webhook_attempts_event').on('webhook_attempts').columns(['event_id', 'id']).execute()
      await db.schema.createIndex('webhook_attempts_store').on('webhook_attempts').columns(['store_id', 'id']).execute()
    },
  }
}
