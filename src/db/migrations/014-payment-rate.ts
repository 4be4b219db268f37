import type { Kysely, Migration } from 'kysely'
import type { DialectInfo } from '../dialect.js'

/**
 * Two independent additions for the payment detail and withdrawal pages (issue 15).
 *
 * The rate a payment was made at (domain/payments/payment-rate.ts): the fiat and the price of
 * one unit of the payment's currency, as decimal text. Both null on older payments, whose
 * dashboard detail then works the rate out from the fiat amount where there is one. Only
 * nullable columns are added.
 *
 * One-use form tokens (`form_tokens`): see below. Independent of the other migrations.
 */
export function paymentRateMigration(d: DialectInfo): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('rate_fiat', 'text').execute()
      await db.schema.alterTable('payments').addColumn('rate_price', 'text').execute()
      // A dashboard form's one-use token, spent in the transaction that does what the form
      // asked (a withdrawal): a double click or a resubmitted form finds it spent.
      await db.schema
        .createTable('form_tokens')
        .addColumn('token', 'text', (c) => c.primaryKey())
        .addColumn('used_at', d.timeType, (c) => c.notNull())
        .execute()
      await db.schema.createIndex('form_tokens_used_at').on('form_tokens').column('used_at').execute()
    },
  }
}
