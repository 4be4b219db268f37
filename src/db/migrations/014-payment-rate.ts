import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * The rate a payment was made at (domain/payments/payment-rate.ts): the fiat and the price of
 * one unit of the payment's currency, as decimal text. Both null on older payments, whose
 * dashboard detail then works the rate out from the fiat amount where there is one. Only
 * nullable columns are added: independent of the other migrations.
 */
export function paymentRateMigration(d: DialectInfo): Migration {
  void d
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('rate_fiat', 'text').execute()
      await db.schema.alterTable('payments').addColumn('rate_price', 'text').execute()
    },
  }
}
