import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

export function initialMigration(d: DialectInfo): Migration {
  const money = sql.raw(d.moneyType)
  const time = d.timeType
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('stores')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('api_key', 'text', (c) => c.notNull().unique())
        .addColumn('api_secret_enc', 'text', (c) => c.notNull())
        .addColumn('webhook_secret_enc', 'text', (c) => c.notNull())
        .addColumn('webhook_url', 'text')
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('currencies', 'text', (c) => c.notNull())
        .addColumn('expiry_minutes', 'integer', (c) => c.notNull())
        .addColumn('commission_bp', 'integer', (c) => c.notNull())
        .addColumn('underpay_tolerance_bp', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('stores_account').on('stores').column('account_id').execute()

      await db.schema
        .createTable('address_counters')
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('next_index', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('address_counters_pk', ['store_id', 'network'])
        .execute()

      await db.schema
        .createTable('deposit_addresses')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('derivation_index', 'integer', (c) => c.notNull())
        .addColumn('payment_id', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('deposit_addresses_pk', ['network', 'address'])
        .execute()

      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('order_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('strategy', 'text', (c) => c.notNull())
        .addColumn('pay_address', 'text', (c) => c.notNull())
        .addColumn('amount_requested', money, (c) => c.notNull())
        .addColumn('amount_with_cents', money)
        .addColumn('amount_received', money, (c) => c.notNull())
        .addColumn('fiat_amount', 'text')
        .addColumn('fiat_currency', 'text')
        .addColumn('metadata', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('tx_hash', 'text')
        .addColumn('confirmations', 'integer', (c) => c.notNull())
        .addColumn('test_mode', 'integer', (c) => c.notNull())
        .addColumn('expires_at', time, (c) => c.notNull())
        .addColumn('confirmed_at', time)
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .addColumn('ledger_pending', money, (c) => c.notNull())
        .addColumn('ledger_credited', money, (c) => c.notNull())
        .addColumn('ledger_fee', money, (c) => c.notNull())
        .execute()
      // The list endpoint pages a store's payments newest first, optionally by status/currency.
      await db.schema.createIndex('payments_store_created').on('payments').columns(['store_id', 'created_at']).execute()
      await db.schema.createIndex('payments_status_expiry').on('payments').columns(['status', 'expires_at']).execute()
      // Partial indexes: only the few rows a worker looks for are indexed, so the common
      // insert (a pending payment with nothing received) writes no page of these B-trees.
      await db.schema
        .createIndex('payments_unconfirmed')
        .on('payments')
        .column('network')
        .where(sql.ref('ledger_pending'), '>', sql.lit('0'))
        .execute()
      await db.schema
        .createIndex('payments_queue')
        .on('payments')
        .columns(['currency', 'pay_address', 'created_at'])
        .where(sql.ref('status'), '=', sql.lit('queued'))
        .execute()

      await db.schema
        .createTable('amount_slots')
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('amount', money, (c) => c.notNull())
        .addColumn('payment_id', 'text', (c) => c.notNull().unique())
        .addPrimaryKeyConstraint('amount_slots_pk', ['currency', 'address', 'amount'])
        .execute()

      await db.schema
        .createTable('selections')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('store_id', 'text', (c) => c.notNull().references('stores.id'))
        .addColumn('amount', money, (c) => c.notNull())
        .addColumn('base_currency', 'text', (c) => c.notNull())
        .addColumn('fiat_amount', 'text')
        .addColumn('fiat_currency', 'text')
        .addColumn('order_id', 'text')
        .addColumn('metadata', 'text')
        .addColumn('payment_id', 'text')
        .addColumn('expires_at', time, (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('idempotency_keys')
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_body', 'text', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['store_id', 'key'])
        .execute()

      await db.schema
        .createTable('chain_cursors')
        .addColumn('network', 'text', (c) => c.primaryKey())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('chain_blocks')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('parent_hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('chain_blocks_pk', ['network', 'height'])
        .execute()

      await db.schema
        .createTable('chain_transfers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('tx_hash', 'text', (c) => c.notNull())
        .addColumn('output_index', 'integer', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('amount', money, (c) => c.notNull())
        .addColumn('block_height', 'integer')
        .addColumn('block_hash', 'text')
        .addColumn('first_seen_at', time, (c) => c.notNull())
        .addColumn('payment_id', 'text')
        .addColumn('unmatched', 'integer', (c) => c.notNull())
        .addColumn('orphaned', 'integer', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('chain_transfers_payment').on('chain_transfers').column('payment_id').execute()
      await db.schema.createIndex('chain_transfers_height').on('chain_transfers').columns(['network', 'block_height']).execute()

      await db.schema
        .createTable('ledger_entries')
        .addColumn('id', d.serialType, (c) => d.serialPrimaryKey(c))
        .addColumn('txn_id', 'text', (c) => c.notNull())
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount', money, (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('payment_id', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('ledger_entries_txn').on('ledger_entries').column('txn_id').execute()
      await db.schema.createIndex('ledger_entries_account').on('ledger_entries').columns(['account', 'currency']).execute()

      await db.schema
        .createTable('ledger_balances')
        .addColumn('account', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('balance', money, (c) => c.notNull())
        .addPrimaryKeyConstraint('ledger_balances_pk', ['account', 'currency'])
        .execute()

      await db.schema
        .createTable('webhook_events')
        .addColumn('id', d.serialType, (c) => d.serialPrimaryKey(c))
        .addColumn('store_id', 'text', (c) => c.notNull())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('webhook_events_store').on('webhook_events').columns(['store_id', 'id']).execute()

      await db.schema
        .createTable('sim_blocks')
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('parent_hash', 'text', (c) => c.notNull())
        .addColumn('mined_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('sim_blocks_pk', ['network', 'height'])
        .execute()

      await db.schema
        .createTable('sim_transactions')
        .addColumn('tx_hash', 'text', (c) => c.primaryKey())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('amount', money, (c) => c.notNull())
        .addColumn('block_height', 'integer')
        .addColumn('created_at', time, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sim_transactions_block').on('sim_transactions').columns(['network', 'block_height']).execute()
    },
  }
}
