import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Refunds of payments (issue 15). A refund's state is not stored: it follows from its payout
 * (`payout_id`, null while the buyer's address is awaited). `payout_id` is unique, and is set
 * only where it is still null (and the refund is not cancelled), so a refund link submitted twice
 * queues one payout, and a cancelled link none.
 */
export function refundsMigration(d: DialectInfo): Migration {
  const money = sql.raw(d.moneyType)
  const time = d.timeType
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('refunds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount', money, (c) => c.notNull())
        // The buyer's link; 192 random bits, base64url.
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('address', 'text')
        .addColumn('reason', 'text')
        .addColumn('payout_id', 'text', (c) => c.unique())
        // Set when the merchant withdrew a link the buyer never used; its amount went back to available.
        .addColumn('cancelled_at', time)
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('refunds_payment').on('refunds').columns(['payment_id', 'created_at']).execute()
    },
  }
}
