import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'

/**
 * A store's shared unique-amount address found by its own index (issue 17). Every
 * unique-amount create asks for it; the only index that could answer was (network,
 * derivation_index), and with an operator key (`indexScope: 'network'`: TRON, EVM, Bitcoin
 * from one xpub) that walks every store's addresses on the network in index order. Partial:
 * only addresses without a payment of their own are shared ones, a handful per store.
 */
export function sharedAddressIndexMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex('deposit_addresses_shared')
        .on('deposit_addresses')
        .columns(['store_id', 'network', 'derivation_index'])
        .where(sql.ref('payment_id'), 'is', null)
        .execute()
    },
  }
}
