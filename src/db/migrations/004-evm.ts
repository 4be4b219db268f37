import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Real networks: derivation indexes counted per network (one operator key serves every
 * store), and the payout engine's table. A payout is written before it is signed and its
 * signed transaction before it is sent, so a crash can only lead to the same transaction
 * being sent again (docs/ARCHITECTURE.md, "Payouts").
 */
export function evmMigration(d: DialectInfo): Migration {
  const money = sql.raw(d.moneyType)
  const time = d.timeType
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('network_address_counters')
        .addColumn('network', 'text', (c) => c.primaryKey())
        .addColumn('next_index', 'integer', (c) => c.notNull())
        .execute()

      // The watcher of a real network loads deposit addresses above the last index it saw.
      await db.schema.createIndex('deposit_addresses_index').on('deposit_addresses').columns(['network', 'derivation_index']).execute()

      await db.schema
        .createTable('payouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('network', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('store_id', 'text')
        .addColumn('payment_id', 'text')
        .addColumn('from_index', 'integer')
        .addColumn('from_address', 'text')
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('amount', money)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('nonce', 'integer')
        .addColumn('signed_tx', 'text')
        .addColumn('tx_hash', 'text')
        .addColumn('max_fee', money)
        .addColumn('block_height', 'integer')
        .addColumn('confirmations', 'integer', (c) => c.notNull())
        .addColumn('failure_reason', 'text')
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute()
      // The engine's work list: only payouts still in flight are indexed.
      await db.schema
        .createIndex('payouts_open')
        .on('payouts')
        .columns(['network', 'created_at'])
        .where(sql.ref('status'), 'in', [sql.lit('queued'), sql.lit('signed'), sql.lit('broadcast')])
        .execute()
      // Two payouts can never be signed with the same nonce from the same address.
      await db.schema.createIndex('payouts_nonce').on('payouts').columns(['network', 'from_address', 'nonce']).unique().execute()
      await db.schema.createIndex('payouts_store').on('payouts').columns(['store_id', 'created_at']).execute()
      // One sweep per payment's deposit address.
      await db.schema
        .createIndex('payouts_sweep')
        .on('payouts')
        .column('payment_id')
        .unique()
        .where(sql.ref('kind'), '=', sql.lit('sweep'))
        .execute()
    },
  }
}
