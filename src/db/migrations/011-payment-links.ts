import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Payment links (issue 15): long-lived pages that make a fresh payment for each buyer. One new
 * table; the payments a link made carry its id in their metadata (`payment_link_id`) and the
 * source 'link', so the payments table keeps its shape and its hot insert path.
 */
export function paymentLinksMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('payment_links')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        /** 'fixed' (amount) or 'open' (the buyer enters it, within min/max when set). */
        .addColumn('pricing', 'text', (c) => c.notNull())
        /** What amount, min and max are in: a fiat code (USD) or one of the store's currencies. */
        .addColumn('unit', 'text', (c) => c.notNull())
        /** Exact decimal texts, validated against the unit's precision when written. */
        .addColumn('amount', 'text')
        .addColumn('min_amount', 'text')
        .addColumn('max_amount', 'text')
        /** JSON array of currency codes the buyer may pay in; null: all of the store's. */
        .addColumn('currencies', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', d.timeType, (c) => c.notNull())
        .addColumn('updated_at', d.timeType, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('payment_links_store').on('payment_links').columns(['store_id', 'created_at']).execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('payment_links').execute()
    },
  }
}
