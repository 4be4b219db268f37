import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * A merchant's hand resolution of a payment (mark as paid / mark invalid), kept on the payment
 * itself so that reconciliation, which locks and reads the payment row anyway, applies it on
 * every pass without a further query (domain/payments/payment-resolution.ts). All null until
 * the payment is resolved; only nullable columns are added, independent of other migrations.
 */
export function paymentResolutionMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      await db.schema.alterTable('payments').addColumn('resolution_kind', 'text').execute()
      await db.schema.alterTable('payments').addColumn('resolution_reason', 'text').execute()
      await db.schema.alterTable('payments').addColumn('resolved_by', 'text').execute()
      await db.schema.alterTable('payments').addColumn('resolved_at', d.timeType).execute()
      await db.schema.alterTable('payments').addColumn('resolved_from', 'text').execute()
    },
  }
}
