import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * A store's own confirmation thresholds by currency, as JSON ({"BTC":3}); null keeps every
 * network's. Only a nullable column is added: independent of the other migrations.
 */
export function storeConfirmationsMigration(d: DialectInfo): Migration {
  void d
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('stores').addColumn('confirmations', 'text').execute()
    },
  }
}
