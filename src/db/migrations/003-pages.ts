import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * The buyer- and donor-facing pages: per-store widget and donation settings in their
 * own table (absent row = both off), and the origin of a selection (widget or API) so that the
 * payment made from it keeps that source and counts against the public slot budget.
 */
export function pagesMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('store_page_settings')
        .addColumn('store_id', 'text', (c) => c.primaryKey().references('stores.id'))
        .addColumn('widget_enabled', 'integer', (c) => c.notNull())
        /** JSON array of origins, e.g. ["https://shop.example"]. */
        .addColumn('widget_origins', 'text', (c) => c.notNull())
        .addColumn('donations_enabled', 'integer', (c) => c.notNull())
        .addColumn('donation_text', 'text')
        /** JSON array of decimal strings in the donation fiat currency. */
        .addColumn('donation_amounts', 'text', (c) => c.notNull())
        .addColumn('donation_color', 'text')
        .addColumn('donation_thanks', 'text')
        .addColumn('updated_at', d.timeType, (c) => c.notNull())
        .execute()
      await db.schema.alterTable('selections').addColumn('source', 'text').execute()
      // Donation listing and the public slot budget both read a store's public payments by
      // source. Partial: the Merchant API's own payments (source 'api', nearly all of them)
      // are left out, so a create writes no page of this index (profiled: an index on every
      // payment cost creates about a tenth of their throughput). Queries name the same
      // literal condition (PUBLIC_PAYMENTS) so the planner can use it.
      await db.schema
        .createIndex('payments_store_source')
        .on('payments')
        .columns(['store_id', 'source', 'created_at'])
        .where(sql.ref('source'), '<>', sql.lit('api'))
        .execute()
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('payments_store_source').execute()
      await db.schema.alterTable('selections').dropColumn('source').execute()
      await db.schema.dropTable('store_page_settings').execute()
    },
  }
}
