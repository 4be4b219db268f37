import { sql } from 'kysely'
import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Swap payouts to networks that need more than an address: the destination tag (XRP) or
 * comment (TON) an output must carry travels on its payout and, on the simulated networks,
 * on the transaction. A re-queued output's new payout names the failed one it replaces, which
 * stays as history. Simulated transactions can be made to fail when mined (`reverted`).
 *
 * Only columns are added (nullable, or with a default), so the migration is independent of
 * 006 and may run before or after it (migrations are applied unordered).
 */
export function swapPayoutTagsMigration(d: DialectInfo): Migration {
  void d
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payouts').addColumn('memo', 'text').execute()
      await db.schema.alterTable('payouts').addColumn('replaces_id', 'text').execute()
      await db.schema.alterTable('sim_transactions').addColumn('memo', 'text').execute()
      await db.schema
        .alterTable('sim_transactions')
        .addColumn('reverted', 'integer', (c) => c.notNull().defaultTo(sql.lit(0)))
        .execute()
    },
  }
}
