import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * The Swap API: per-account Bearer and partner keys (only their SHA-256 is stored: they are
 * 256-bit random strings, so a slow KDF would add nothing), the daily request counters, the
 * operator's screening list, split-payout orders with their planned outputs, and the audit
 * record that outlives an order's 48 hours in the API.
 */
export function swapMigration(d: DialectInfo): Migration {
  const money = sql.raw(d.moneyType)
  const time = d.timeType
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('swap_credentials')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('api_key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('partner_key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()

      // One row per key and UTC day, counted with an upsert so concurrent instances agree.
      await db.schema
        .createTable('swap_quota_usage')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('requests', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('swap_quota_usage_pk', ['account_id', 'day'])
        .execute()

      await db.schema
        .createTable('swap_screening')
        .addColumn('address', 'text', (c) => c.primaryKey())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('swap_orders')
        .addColumn('trackcode', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('partner_account_id', 'text')
        .addColumn('coin', 'text', (c) => c.notNull())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('chain_network', 'text', (c) => c.notNull())
        .addColumn('deposit_address', 'text', (c) => c.notNull())
        // Its derivation index: a real network's watcher loads addresses above the last index it saw.
        .addColumn('deposit_index', 'integer')
        .addColumn('deposit_amount', money, (c) => c.notNull())
        .addColumn('service_fee', money, (c) => c.notNull())
        /** The whole create response less signature and QR: what check and validate read back. */
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('activated_at', time)
        .addColumn('deleted_at', time)
        .addColumn('expires_at', time, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('swap_orders_deposit').on('swap_orders').columns(['chain_network', 'deposit_address']).unique().execute()
      await db.schema.createIndex('swap_orders_created').on('swap_orders').column('created_at').execute()
      await db.schema.createIndex('swap_orders_index').on('swap_orders').columns(['chain_network', 'deposit_index']).execute()

      // Each planned output is sent by the payout engine as one payout (kind 'swap_output'); the
      // primary key makes a second payout for the same output impossible.
      await db.schema
        .createTable('swap_payouts')
        .addColumn('trackcode', 'text', (c) => c.notNull())
        .addColumn('output_index', 'integer', (c) => c.notNull())
        .addColumn('payout_id', 'text', (c) => c.notNull().unique())
        .addPrimaryKeyConstraint('swap_payouts_pk', ['trackcode', 'output_index'])
        .execute()

      // Kept for the operator for KASSA_SWAP_AUDIT_DAYS, also after the order has left the API.
      await db.schema
        .createTable('swap_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('trackcode', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('swap_audit_trackcode').on('swap_audit').columns(['trackcode', 'created_at']).execute()
    },
  }
}
