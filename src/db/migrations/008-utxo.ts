import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * UTXO networks (Bitcoin, Litecoin). A transfer seen in the mempool that left it unmined is
 * orphaned with the reason (`gone`: replaced, conflicted or dropped), so the merchant sees why
 * a payment went back to pending. The hot wallet's coins are transfers to its address, looked
 * up by address when a payout is signed. A payout whose stuck transaction was replaced by a
 * higher fee (`kassa payouts bump`) keeps the earlier ones, any of which may still be mined.
 *
 * Only nullable columns and an index are added: independent of the other migrations.
 */
export function utxoMigration(d: DialectInfo): Migration {
  void d
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('chain_transfers').addColumn('gone', 'text').execute()
      await db.schema.alterTable('payouts').addColumn('replaced_txs', 'text').execute()
      await db.schema.createIndex('chain_transfers_address').on('chain_transfers').columns(['network', 'to_address']).execute()
    },
  }
}
