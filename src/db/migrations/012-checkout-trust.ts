import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Checkout trust (issue 15): where a buyer goes back to after a final page, per payment, per
 * selection (carried to the payment the buyer picks) and per store as the default; and the
 * store's logo. The logo's bytes live in their own table so that reading a store (every API
 * request) never loads them; `stores.logo_sha256` names the current one, and the public URL
 * `/logos/<sha256>` is content-addressed, so it can be cached for ever and tells nothing about
 * the store. The bytes are base64 text: one column type on both dialects, at most 256 KiB.
 * Only new nullable columns and a new table: independent of the other migrations.
 */
export function checkoutTrustMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stores').addColumn('redirect_url', 'text').execute()
      await db.schema.alterTable('stores').addColumn('logo_sha256', 'text').execute()
      await db.schema.alterTable('payments').addColumn('redirect_url', 'text').execute()
      await db.schema.alterTable('selections').addColumn('redirect_url', 'text').execute()
      await db.schema
        .createTable('store_logos')
        .addColumn('store_id', 'text', (c) => c.primaryKey().references('stores.id').onDelete('cascade'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('data_base64', 'text', (c) => c.notNull())
        .addColumn('updated_at', d.timeType, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('store_logos_sha256').on('store_logos').column('sha256').execute()
    },
  }
}
